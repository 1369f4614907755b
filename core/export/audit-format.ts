import { kindInfo } from '../api/kinds.js';
import type { EventRow } from '../record/schema.js';
import { toMicroTimestamp, type EpochMs } from '../sim/time.js';
import type { ExportFormat } from './export-format.js';
import { FileSink } from './file-sink.js';
import { recordingEpoch } from './recording-epoch.js';
import { identityOf } from './identity.js';
import { TieBreak } from './tie-break.js';

/**
 * `--format audit`: one audit.k8s.io/v1 Event a line, level RequestResponse, stage
 * ResponseComplete, for every recorded write, as kube-apiserver's log backend writes them
 * (k8s.io/apiserver/pkg/apis/audit/v1/types.go: field names and order of the Event struct).
 * The audit verb is the request's: a recorded `update` of pods/binding is a `create` of the
 * binding subresource, as the scheduler POSTs it.
 */
export const auditFormat: ExportFormat = {
  name: 'audit',
  extension: '.audit.jsonl',
  description: 'Kubernetes audit log: audit.k8s.io/v1 Event JSON lines, RequestResponse level, one per write',
  write(recording, outPath, options) {
    const epoch = recordingEpoch(recording);
    const sink = new FileSink(outPath);
    let count = 0;
    try {
      const total = recording.lastSeq();
      // Writes in the same virtual ms get 1 µs apart: the log stays in recorded order
      // when a reader sorts it by stageTimestamp.
      const ties = new TieBreak();
      for (const e of recording.events({ fromTime: options.fromMs, toTime: options.toMs })) {
        sink.write(JSON.stringify(auditEvent(e, epoch, ties.next(e.timeMs))) + '\n');
        count++;
        if (count % 5000 === 0) options.progress?.(e.seq, total);
      }
      options.progress?.(total, total);
    } catch (err) {
      sink.abandon();
      throw err;
    }
    const bytes = sink.close();
    return Promise.resolve({ bytes, detail: `${count.toLocaleString('en')} audit events` });
  },
};

/** The audit verb of a recorded write: what the client asked, not what storage did. */
function auditVerb(e: EventRow): string {
  if (e.subresource === 'binding' || e.subresource === 'eviction') return 'create';
  return e.verb;
}

/** A deterministic UUID from the event's hash: the same recording always exports the same IDs. */
export function auditIdOf(hash: string): string {
  const h = hash.padEnd(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function auditEvent(e: EventRow, epoch: EpochMs, micros: number): Record<string, unknown> {
  const info = kindInfo(e.kind);
  const [group, version] = e.apiVersion.includes('/') ? (e.apiVersion.split('/') as [string, string]) : ['', e.apiVersion];
  const resource = info?.resource ?? `${e.kind.toLowerCase()}s`;
  const object = JSON.parse(e.object) as Record<string, unknown>;
  const verb = auditVerb(e);
  const who = identityOf(e.actor);
  const at = toMicroTimestamp(e.timeMs, micros, epoch);
  const base = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  const ns = e.namespace === null ? '' : `/namespaces/${e.namespace}`;
  // A create POSTs to the collection; everything else addresses the object (and subresource).
  const onObject = verb !== 'create' || e.subresource !== null;
  const requestURI = `${base}${ns}/${resource}${onObject ? `/${e.name}` : ''}${e.subresource !== null ? `/${e.subresource}` : ''}`;
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: auditIdOf(e.hash),
    stage: 'ResponseComplete',
    requestURI,
    verb,
    user: { username: who.username, groups: who.groups },
    userAgent: who.userAgent,
    objectRef: {
      resource,
      ...(e.namespace !== null ? { namespace: e.namespace } : {}),
      name: e.name,
      uid: e.uid,
      ...(group !== '' ? { apiGroup: group } : {}),
      apiVersion: version,
      resourceVersion: String(e.resourceVersion),
      ...(e.subresource !== null ? { subresource: e.subresource } : {}),
    },
    responseStatus: { metadata: {}, code: verb === 'create' ? 201 : 200 },
    requestObject: requestObjectOf(e, object),
    responseObject: object,
    requestReceivedTimestamp: at,
    stageTimestamp: at,
    annotations: {
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason': '',
      // The recording's own order and cause, for a reader that knows them.
      'kubelapse.dev/seq': String(e.seq),
      ...(e.causeSeq !== null ? { 'kubelapse.dev/cause-seq': String(e.causeSeq) } : {}),
    },
  };
}

/** What the client sent: a Binding, an Eviction, DeleteOptions, or the object itself (without what the server sets on create). */
function requestObjectOf(e: EventRow, object: Record<string, unknown>): Record<string, unknown> {
  const meta = (object.metadata ?? {}) as Record<string, unknown>;
  if (e.subresource === 'binding') {
    const spec = (object.spec ?? {}) as Record<string, unknown>;
    return { kind: 'Binding', apiVersion: 'v1', metadata: { name: e.name, namespace: e.namespace, uid: e.uid }, target: { kind: 'Node', name: spec.nodeName ?? '' } };
  }
  if (e.subresource === 'eviction') {
    return { kind: 'Eviction', apiVersion: 'policy/v1', metadata: { name: e.name, namespace: e.namespace } };
  }
  if (e.verb === 'delete') return { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', propagationPolicy: 'Background' };
  if (e.verb === 'create') {
    const { uid: _uid, resourceVersion: _rv, creationTimestamp: _ct, generation: _gen, managedFields: _mf, ...sent } = meta;
    return { ...object, metadata: sent };
  }
  return object;
}
