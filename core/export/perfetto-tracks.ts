import { identityOf } from './identity.js';

/**
 * Perfetto's process and thread tracks: a process per component kind, in the order a
 * reader follows a change (kubectl, then the API server's own writes, the controllers,
 * the scheduler, the kubelets), and a thread per actor under it. Pids are fixed per
 * component, so the same component has the same pid in every export.
 */
const COMPONENTS = ['kubectl', 'kubeadm', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy', 'cluster-autoscaler', 'other'] as const;

/** The process holding one async track per pod (its phases). */
export const PODS_PID = COMPONENTS.length + 1;
/** The process holding the counters (replicas, failed requests). */
export const CLUSTER_PID = COMPONENTS.length + 2;

export interface Track {
  pid: number;
  tid: number;
}

export class TraceTracks {
  private readonly threads = new Map<string, Track>();
  private readonly processes = new Set<number>();

  /** `emit` receives the metadata events (names, sort order) the first time a process or thread is seen. */
  constructor(private readonly emit: (event: Record<string, unknown>) => void) {}

  of(actor: string): Track {
    let t = this.threads.get(actor);
    if (t !== undefined) return t;
    const component = identityOf(actor).component;
    const index = Math.max(0, COMPONENTS.indexOf(component as (typeof COMPONENTS)[number]));
    const pid = index + 1;
    this.process(pid, component === 'other' ? 'other clients' : component);
    // tids from 100 up, so that no thread shares its number with a process's main thread.
    t = { pid, tid: 100 + this.threads.size };
    this.threads.set(actor, t);
    this.emit({ ph: 'M', name: 'thread_name', pid, tid: t.tid, args: { name: actor } });
    this.emit({ ph: 'M', name: 'thread_sort_index', pid, tid: t.tid, args: { sort_index: this.threads.size } });
    return t;
  }

  process(pid: number, name: string): void {
    if (this.processes.has(pid)) return;
    this.processes.add(pid);
    this.emit({ ph: 'M', name: 'process_name', pid, args: { name } });
    this.emit({ ph: 'M', name: 'process_sort_index', pid, args: { sort_index: pid } });
  }
}
