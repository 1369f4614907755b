import { Recording } from '../../core/record/recording.js';
import type { ObservedVerb, ObservedWrite } from '../../core/import/observed-write.js';
import { parseEpoch, type EpochMs } from '../../core/sim/time.js';
import { serviceAccountOfActor } from '../../core/controllers/service-accounts.js';


/** The audit user and user agent a real cluster would log for a simulated actor. */
export function auditUserOf(actor: string): { user: string; userAgent: string } {
  if (actor === 'kubectl') return { user: 'kubernetes-admin', userAgent: 'kubectl/v1.32.4 (linux/amd64) kubernetes/59526cd' };
  if (actor === 'scheduler') return { user: 'system:kube-scheduler', userAgent: 'kube-scheduler/v1.32.4 (linux/amd64) kubernetes/59526cd/scheduler' };
  if (actor.startsWith('kubelet/')) return { user: `system:node:${actor.slice(8)}`, userAgent: 'kubelet/v1.32.4 (linux/amd64) kubernetes/59526cd' };
  if (actor === 'kube-apiserver') return { user: 'system:apiserver', userAgent: 'kube-apiserver/v1.32.4 (linux/amd64) kubernetes/59526cd' };
  if (actor.endsWith('-controller') || actor === 'garbage-collector' || actor === 'root-ca-cert-publisher' || actor === 'persistentvolume-binder') {
    const sa = `system:serviceaccount:kube-system:${serviceAccountOfActor(actor)}`;
    return { user: sa, userAgent: `kube-controller-manager/v1.32.4 (linux/amd64) kubernetes/59526cd/${sa}` };
  }
  return { user: actor, userAgent: `${actor}/v0.0.0` };
}

/**
 * What a RequestResponse audit log holds of a simulated recording, as ObservedWrites:
 * the request (a DELETE for a row that set deletionTimestamp or removed the object, a
 * POST pods/binding for a binding), the object after it, the user; no cause. Used until
 * imp-audit's reader is merged, so inference is scored on exactly what a log would say.
 */
export function observedFromRecording(file: string): ObservedWrite[] {
  const rec = Recording.open(file);
  try {
    const epoch = parseEpoch(rec.meta().epoch ?? '') as number;
    const deleting = new Set<string>();
    const out: ObservedWrite[] = [];
    for (const r of rec.events()) {
      const object = JSON.parse(r.object) as Record<string, unknown>;
      const key = `${r.kind}/${r.namespace ?? ''}/${r.name}`;
      const marked = (object.metadata as { deletionTimestamp?: string }).deletionTimestamp !== undefined;
      let verb: ObservedVerb = r.verb === 'create' ? 'create' : r.verb === 'delete' ? 'delete' : 'update';
      if (r.subresource === 'binding' || r.subresource === 'eviction') verb = 'create';
      else if (r.verb === 'update' && marked && !deleting.has(key) && r.subresource === null) verb = 'delete';
      if (marked) deleting.add(key);
      if (r.verb === 'delete') deleting.delete(key);
      const { user, userAgent } = auditUserOf(r.actor);
      out.push({
        at: (epoch + r.timeMs) as EpochMs, atMicros: 0, verb, subresource: r.subresource, apiVersion: r.apiVersion, kind: r.kind,
        namespace: r.namespace, name: r.name, object, partial: false, note: null, user, userAgent,
        resourceVersion: String(r.resourceVersion), level: 'RequestResponse', source: { file: 'audit.log', line: r.seq, id: `audit-${r.seq}` },
      });
    }
    return out;
  } finally {
    rec.close();
  }
}
