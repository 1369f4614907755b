import { controllerOf, keyOf, metadataOf, type WriteFacts } from './write-facts.js';

/** What the rules need to remember of one object between its writes: a few fields, not the object. */
export interface ObjectState {
  kind: string;
  namespace: string | null;
  name: string;
  uid: string;
  /** key of the controlling owner (a pod's ReplicaSet, a ReplicaSet's Deployment) */
  owner: string | undefined;
  labels: Record<string, string>;
  nodeName: string | undefined;
  ready: boolean;
  podIP: string | undefined;
  deleting: boolean;
  replicas: number | undefined;
  /** a Service's selector, a Node's taints (as text) */
  selector: Record<string, string> | undefined;
  taints: string;
  /** a Node's unschedulable flag and allocatable (as text), what the scheduler's node-update wake compares with its taints and labels */
  schedulable: string;
  nodeReady: string;
  /** a pod in phase Succeeded or Failed */
  terminal: boolean;
  /** a pod's status.phase */
  phase: string | undefined;
  /** a Deployment with strategy Recreate */
  recreate: boolean;
  gone: boolean;
  /** writes seen of the object so far, this one included (1 after its create) */
  writes: number;
}

/** The previous and the new state of the object a write touched, so rules can say what changed. */
export interface Transition {
  before: ObjectState | undefined;
  after: ObjectState;
}

/** A pods/binding write may carry the Binding (target.name) rather than the pod. */
function bindingTarget(object: Record<string, unknown>): string | undefined {
  const target = (object.target as { name?: unknown } | undefined)?.name;
  return typeof target === 'string' ? target : undefined;
}

function podReady(object: Record<string, unknown>): boolean {
  const conds = (object.status as { conditions?: Array<{ type?: string; status?: string }> } | undefined)?.conditions;
  return conds?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function nodeReady(object: Record<string, unknown>): string {
  const conds = (object.status as { conditions?: Array<{ type?: string; status?: string }> } | undefined)?.conditions;
  return conds?.find((c) => c.type === 'Ready')?.status ?? '';
}

/**
 * Per-object state for the rules, by kind/namespace/name, plus uid -> key for the
 * garbage collector's owner references. Memory grows with the number of objects, not of
 * writes: a million status writes of 300 pods keep 300 entries.
 */
export class ObjectIndex {
  private readonly byKey = new Map<string, ObjectState>();
  private readonly byUid = new Map<string, string>();

  get(key: string): ObjectState | undefined {
    return this.byKey.get(key);
  }

  keyOfUid(uid: string): string | undefined {
    return this.byUid.get(uid);
  }

  /** Services of a namespace whose selector matches `labels` (the endpointslice controller's getPodServiceMemberships). */
  *servicesSelecting(namespace: string | null, labels: Record<string, string>): Generator<ObjectState> {
    for (const s of this.byKey.values()) {
      if (s.kind !== 'Service' || s.namespace !== namespace || s.gone || s.selector === undefined) continue;
      const sel = Object.entries(s.selector);
      if (sel.length > 0 && sel.every(([k, v]) => labels[k] === v)) yield s;
    }
  }

  apply(f: WriteFacts): Transition {
    const key = keyOf(f.kind, f.namespace, f.name);
    const before = this.byKey.get(key);
    const o = f.object;
    const meta = metadataOf(o);
    const owner = controllerOf(o);
    const spec = (o.spec ?? {}) as { nodeName?: string; replicas?: number; selector?: Record<string, string> };
    const status = (o.status ?? {}) as { podIP?: string };
    // A partial object (a Metadata-level line) keeps what was known: absence there is not news.
    const keep = <T>(now: T | undefined, was: T | undefined): T | undefined => (now !== undefined ? now : f.partial ? was : undefined);
    const after: ObjectState = {
      kind: f.kind,
      namespace: f.namespace,
      name: f.name,
      uid: meta.uid ?? before?.uid ?? '',
      owner: owner !== undefined ? keyOf(owner.kind, f.namespace, owner.name) : before?.owner,
      labels: meta.labels ?? before?.labels ?? {},
      nodeName: f.subresource === 'binding' ? (spec.nodeName ?? bindingTarget(o) ?? before?.nodeName ?? '(bound)') : keep(spec.nodeName, before?.nodeName),
      ready: f.kind === 'Pod' && f.partial && o.status === undefined ? (before?.ready ?? false) : podReady(o),
      podIP: keep(status.podIP, before?.podIP),
      deleting: meta.deletionTimestamp !== undefined || (f.partial && (before?.deleting ?? false)),
      replicas: keep(spec.replicas, before?.replicas),
      selector: f.kind === 'Service' ? keep(spec.selector, before?.selector) : undefined,
      taints: f.kind === 'Node' ? JSON.stringify((o.spec as { taints?: unknown } | undefined)?.taints ?? []) : '',
      schedulable: f.kind === 'Node' ? JSON.stringify([(o.spec as { unschedulable?: unknown } | undefined)?.unschedulable ?? false, (o.status as { allocatable?: unknown } | undefined)?.allocatable ?? null]) : '',
      nodeReady: f.kind === 'Node' ? nodeReady(o) : '',
      phase: f.kind === 'Pod' ? keep((o.status as { phase?: string } | undefined)?.phase, before?.phase) : undefined,
      recreate: f.kind === 'Deployment' && ((o.spec as { strategy?: { type?: string } } | undefined)?.strategy?.type === 'Recreate' || (f.partial && (before?.recreate ?? false))),
      terminal: f.kind === 'Pod' && (f.partial && o.status === undefined ? (before?.terminal ?? false) : ['Succeeded', 'Failed'].includes(String((o.status as { phase?: unknown } | undefined)?.phase))),
      gone: f.verb === 'delete',
      writes: (before?.writes ?? 0) + 1,
    };
    this.byKey.set(key, after);
    if (after.uid !== '') this.byUid.set(after.uid, key);
    if (after.gone) {
      // Forget a deleted object once its last write is handled: a name can be reused
      // (a StatefulSet's pods), and a long import must not keep every pod it ever saw.
      this.byKey.delete(key);
    }
    return { before, after };
  }
}
