import { jsonEqual } from '../api/equal.js';
import type { Subscription } from 'rxjs';
import { objectKey } from '../api/object-store.js';
import { ApiError } from '../api/status.js';
import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { EventRecorder } from '../client/event-recorder.js';
import { Informer, type InformerEvent } from '../client/informer.js';
import { affinityNodeNames } from '../controllers/node-affinity.js';
import { isPodTerminal } from '../controllers/pod-util.js';
import type { Rng } from '../sim/rng.js';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';
import { filterNode, fitErrorMessage, type FilterResult } from './filter.js';
import { MIN_FEASIBLE_NODES_TO_FIND, numFeasibleNodesToFind } from './feasible-nodes.js';
import { podResources, SchedulerCache, type NodeInfo, type PodResources } from './node-info.js';
import { scoreNodes } from './score.js';
import { preFilterFitError, VolumeBinding } from './volume-binding.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- statuses are open JSON */

export interface SchedulerOptions {
  /** upstream podInitialBackoffSeconds / podMaxBackoffSeconds */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** podMaxInUnschedulablePodsDuration: an unschedulable pod is retried at least this often. */
  maxUnschedulableMs?: number;
  /**
   * Pods one cycle schedules at most; the rest in a cycle due at once (default: all that
   * are ready). Live mode sets it: upstream's ScheduleOne (pkg/scheduler/schedule_one.go)
   * takes one pod a cycle, and a request can be served between two; here a cycle of a
   * rollout's 250 pending pods at 10,000 pods ran 0.37-0.81 s as one task (~1.5-3 ms a
   * pod, round 6's task timings), which every request and watch delivery waited for.
   */
  podsPerCycle?: number;
}

interface Queued {
  key: string;
  cause: number | null;
  attempts: number;
  /** when its backoff ends */
  readyAt: number;
}

/**
 * The one result of every node a pinned pod does not name: read only to word a FitError
 * (fitErrorMessage counts reasons per result, so one shared object counts as the
 * copies did). A DaemonSet's pod at 1,000 nodes made 999 results and 999 reason lists,
 * kept only if the pod did not fit: 117 us a pod against 7.6 us for a ReplicaSet's (the
 * kube-proxy's 1,000 pods, 117 ms and ~2 M objects of garbage in every 1,000-node
 * scale-up, timed around findFeasible).
 */
const NODE_AFFINITY_MISMATCH: FilterResult = Object.freeze({ reasons: Object.freeze(["node(s) didn't satisfy plugin(s) [NodeAffinity]"]) as string[], resolvable: false });

/**
 * kube-scheduler (default profile): pending pods go through the filters, the nodes that
 * pass are scored, the best wins (ties broken by the scheduler's seeded random stream,
 * as upstream picks at random) and the pod is bound through pods/binding. A pod no node
 * can take gets FailedScheduling and waits in the unschedulable set until the cluster
 * changes (a node added or updated, a pod gone) or 5 minutes pass.
 */
export class Scheduler {
  private readonly pods: Informer;
  private readonly nodesInf: Informer;
  private readonly cache = new SchedulerCache();
  private readonly active = new Map<string, Queued>();
  private readonly unschedulable = new Map<string, Queued>();
  private readonly events = new EventRecorder('default-scheduler');
  private scheduled = false;
  /** Entries put in `active` so far: a carried cycle order is good while this is unchanged. */
  private activeAdds = 0;
  /** A cycle's sorted order and where it was cut at podsPerCycle (live mode), for the next cycle. */
  private carry: { adds: number; nextWake: number; order: Queued[]; from: number } | undefined;
  private wake: { at: number; sub: Subscription } | undefined;
  private readonly opts: Required<SchedulerOptions>;
  /** The VolumeBinding plugin, and the pods in its PreBind wait (assumed, not yet bound). */
  private readonly volumes: VolumeBinding;
  private readonly binding = new Set<string>();
  /** Where the next pod's filtering starts (upstream's nextStartNodeIndex): every node gets its turn. */
  private nextStartNodeIndex = 0;
  /**
   * The nodes the last pod's filters passed (the first `feasibleCount`) and their scores:
   * one pair of lists for every pod, filled from the start, as nothing keeps them past
   * selectHost. A new list of 420 nodes and one of 420 scores a pod, each grown by pushes,
   * were ~15 kB of garbage a pod (the 10,000-pod run: scheduleOne 301 MB).
   */
  private readonly feasible: (NodeInfo | undefined)[] = [];
  private feasibleCount = 0;
  private readonly scores: number[] = [];

  constructor(
    private readonly client: Client,
    private readonly clock: VirtualScheduler,
    private readonly rng: Rng,
    options: SchedulerOptions = {},
  ) {
    this.opts = { initialBackoffMs: 1000, maxBackoffMs: 10_000, maxUnschedulableMs: 300_000, podsPerCycle: Number.POSITIVE_INFINITY, ...options };
    this.pods = new Informer(client, 'Pod').on((e) => this.onPod(e));
    this.nodesInf = new Informer(client, 'Node').on((e) => this.onNode(e));
    this.volumes = new VolumeBinding(client, clock, (cause) => this.flushUnschedulable(cause));
  }

  start(): this {
    this.volumes.start();
    this.nodesInf.start();
    this.pods.start();
    return this;
  }

  stop(): void {
    this.pods.stop();
    this.nodesInf.stop();
    this.volumes.stop();
  }

  private onNode(e: InformerEvent): void {
    if (e.type === 'DELETED') this.cache.removeNode(e.object.metadata.name ?? '');
    else this.cache.setNode(e.object);
    // A node that appeared or changed may take what nothing could take before.
    if (e.type !== 'DELETED' && (e.type === 'ADDED' || nodeSchedulingChanged(e.old, e.object))) this.flushUnschedulable(e.seq);
  }

  private onPod(e: InformerEvent): void {
    const pod = e.object;
    const old = e.old;
    if (e.type !== 'DELETED' && old !== undefined && !isPending(old)) {
      // Not pending is for good (a nodeName, a deletionTimestamp, a scheduler's name or a
      // terminal phase is never taken back), and the event that made it so took the key
      // out of both queues: a bound pod's status writes (8 of its ~10 events in a
      // scale-up) only update what it holds, without its key built and looked up twice.
      this.cache.updatePod(pod, false);
      if ((pod.spec?.nodeName ?? '') !== '' && isPodTerminal(pod) && !isPodTerminal(old)) this.flushUnschedulable(e.seq);
      return;
    }
    const key = objectKey(pod.metadata.namespace, pod.metadata.name ?? '');
    // Assumed on a node while PreBind waits for its volumes: it keeps that place until bound.
    if (this.binding.has(key) && e.type !== 'DELETED' && isPending(pod)) return;
    this.cache.updatePod(pod, e.type === 'DELETED');
    const pending = e.type !== 'DELETED' && isPending(pod);
    if (!pending) {
      this.active.delete(key);
      this.unschedulable.delete(key);
      // A bound pod that went away freed room.
      if ((pod.spec?.nodeName ?? '') !== '' && (e.type === 'DELETED' || (isPodTerminal(pod) && !isPodTerminal(e.old ?? pod)))) this.flushUnschedulable(e.seq);
      return;
    }
    if (this.active.has(key) || this.unschedulable.has(key)) return;
    this.active.set(key, { key, cause: e.seq, attempts: 0, readyAt: 0 });
    this.activeAdds++;
    this.kick(0);
  }

  private flushUnschedulable(cause: number): void {
    if (this.unschedulable.size === 0) return;
    for (const q of this.unschedulable.values()) {
      q.cause = cause;
      this.active.set(q.key, q);
    }
    this.activeAdds++;
    this.unschedulable.clear();
    this.kick(0);
  }

  private kick(delayMs: number): void {
    if (this.scheduled && delayMs === 0) return;
    if (delayMs === 0) this.scheduled = true;
    this.clock.after(delayMs, () => {
      if (delayMs === 0) this.scheduled = false;
      this.cycle();
    }, 'scheduler cycle');
  }

  /** One pass over the active queue: priority first, then the order pods arrived. */
  private cycle(): void {
    const now = this.clock.now();
    let ready: Queued[];
    let from = 0;
    let nextWake = Infinity;
    const carried = this.carry;
    this.carry = undefined;
    if (carried !== undefined && carried.adds === this.activeAdds && now < carried.nextWake) {
      // What the last cycle left (podsPerCycle): nothing queued or come out of backoff
      // since, so sorting the active queue again would give this order. Rebuilding it
      // every 16 pods was N/16 sorts of N: at 10,000 pending pods, 625 sorts of 10,000.
      ({ order: ready, from, nextWake } = carried);
    } else {
      ready = [...this.active.values()].filter((q) => q.readyAt <= now);
      for (const q of this.active.values()) if (q.readyAt > now) nextWake = Math.min(nextWake, q.readyAt);
      // Stable: equal priorities keep arrival order. Priorities looked up once, not per comparison.
      const priority = new Map(ready.map((q) => [q, priorityOf(this.podOf(q.key))]));
      ready.sort((a, b) => (priority.get(b) ?? 0) - (priority.get(a) ?? 0));
    }
    let scheduled = 0;
    for (let i = from; i < ready.length; i++) {
      const q = ready[i] as Queued;
      if (scheduled === this.opts.podsPerCycle) {
        // The rest stay queued, in the next cycle's order (a pod of higher priority that
        // arrives meanwhile goes first there, as in upstream's queue).
        this.carry = { adds: this.activeAdds, nextWake, order: ready, from: i };
        this.kick(0);
        break;
      }
      // A carried entry whose pod left the queue since (deleted, bound by another).
      if (this.active.get(q.key) !== q) continue;
      this.active.delete(q.key);
      const pod = this.podOf(q.key);
      if (pod === undefined || !isPending(pod)) continue;
      this.scheduleOne(pod, q);
      scheduled++;
    }
    // One pending wake-up for the earliest backoff end, however many cycles ran meanwhile.
    if (nextWake !== Infinity && (this.wake === undefined || this.wake.at > nextWake)) {
      this.wake?.sub.unsubscribe();
      const sub = this.clock.at(nextWake, () => {
        this.wake = undefined;
        this.cycle();
      }, 'scheduler backoff');
      this.wake = { at: nextWake, sub };
    }
  }

  private podOf(key: string): Readonly<KObject> | undefined {
    const i = key.indexOf('/');
    return this.pods.get(key.slice(0, i), key.slice(i + 1));
  }

  private scheduleOne(pod: Readonly<KObject>, q: Queued): void {
    const client = this.client.withCause(q.cause);
    const nodes = this.cache.sortedNodes();
    const claims = this.volumes.preFilter(pod);
    if (claims.kind === 'unschedulable') return this.unschedulableFor(client, pod, q, preFilterFitError(nodes.length, claims.reason));
    const res = podResources(pod);
    const failures = this.findFeasible(pod, nodes, claims, res);
    const feasible = this.feasible;
    const n = this.feasibleCount;
    if (n === 0) return this.unschedulableFor(client, pod, q, fitErrorMessage(nodes.length, failures));
    const chosen = this.selectHost(feasible, scoreNodes(pod, feasible, res, n, this.scores), n);
    if (this.volumes.allBound(claims)) return this.bindPod(client, pod, chosen.node.metadata.name ?? '');
    // Reserve: the pod holds its place on the node while PreBind waits for its volumes.
    this.cache.assume(pod, chosen.node.metadata.name ?? '');
    this.binding.add(q.key);
    const settle = (): void => {
      this.binding.delete(q.key);
      const latest = this.podOf(q.key);
      if (latest !== undefined) this.cache.updatePod(latest, true);
    };
    this.volumes.bindPodVolumes(client, pod, claims, chosen.node, () => {
      settle();
      const latest = this.podOf(q.key);
      if (latest !== undefined && isPending(latest)) this.bindPod(client, latest, chosen.node.metadata.name ?? '');
    }, (message) => {
      settle();
      const latest = this.podOf(q.key);
      if (latest !== undefined && isPending(latest)) this.unschedulableFor(client, latest, q, message);
    });
  }

  /**
   * The best-scored node; among equal best, one drawn from the scheduler's seeded stream
   * (one draw, over the tied nodes in filter order: the same draw as before this was a
   * loop instead of a spread into Math.max and a filtered copy of all the candidates).
   */
  private selectHost(feasible: readonly (NodeInfo | undefined)[], scores: readonly number[], n: number): NodeInfo {
    let best = -Infinity;
    let ties = 0;
    let first = 0;
    for (let i = 0; i < n; i++) {
      const s = scores[i] as number;
      if (s > best) {
        best = s;
        ties = 1;
        first = i;
      } else if (s === best) ties++;
    }
    if (ties === 1) return feasible[first] as NodeInfo;
    // The draw pick() made over a list of the tied nodes, without the list (on 1,000 equal
    // nodes most of the 420 tie: 29 MB of the 10,000-pod run): the k-th tied node.
    let k = this.rng.int(ties);
    for (let i = first; i < n; i++) if (scores[i] === best && k-- === 0) return feasible[i] as NodeInfo;
    throw new Error(`no tied node left at draw ${k}`);
  }

  /**
   * findNodesThatFitPod: the filters over the nodes, from where the previous pod left off,
   * until numFeasibleNodesToFind of them passed (1,000 nodes: the first 420 that fit are
   * scored, and the next pod starts after the last node this one looked at). Below 100
   * nodes every node is filtered, in name order, so the start never moves.
   *
   * NodeAffinity's PreFilter: a pod pinned by `matchFields metadata.name In [node-2]` (a
   * DaemonSet's) is filtered against node-2 alone; the other nodes count in the FitError
   * as "didn't satisfy plugin(s) [NodeAffinity]".
   */
  private findFeasible(pod: Readonly<KObject>, all: readonly NodeInfo[], claims: ReturnType<VolumeBinding['preFilter']>, res: PodResources): FilterResult[] {
    const feasible = this.feasible;
    let found = 0;
    this.feasibleCount = 0;
    const failures: FilterResult[] = [];
    const named = affinityNodeNames(pod);
    let nodes = all;
    if (named !== undefined) {
      nodes = all.filter((info) => named.has(info.node.metadata.name ?? ''));
      for (let i = nodes.length; i < all.length; i++) failures.push(NODE_AFFINITY_MISMATCH);
    }
    const n = nodes.length;
    if (n === 0) return failures;
    const toFind = numFeasibleNodesToFind(n);
    const rotate = all.length >= MIN_FEASIBLE_NODES_TO_FIND;
    const start = rotate ? this.nextStartNodeIndex % n : 0;
    let processed = 0;
    for (let i = 0; i < n && found < toFind; i++) {
      const info = nodes[(start + i) % n] as NodeInfo;
      processed++;
      const f = filterNode(pod, info, res) ?? this.volumes.filter(claims, info.node);
      if (f === undefined) {
        if (found < feasible.length) feasible[found] = info;
        else feasible.push(info);
        found++;
      } else failures.push(f);
    }
    // Past the count: no node kept alive by an earlier pod's longer list.
    for (let i = found; i < feasible.length && feasible[i] !== undefined; i++) feasible[i] = undefined;
    this.feasibleCount = found;
    if (rotate) this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % all.length;
    return failures;
  }

  private bindPod(client: Client, pod: Readonly<KObject>, nodeName: string): void {
    const ns = pod.metadata.namespace ?? 'default';
    const name = pod.metadata.name ?? '';
    try {
      const message = `Successfully assigned ${ns}/${name} to ${nodeName}`;
      client.bind(ns, name, nodeName, { reason: 'Scheduled', message });
      this.cache.assume(pod, nodeName);
      this.events.record(client, pod, 'Normal', 'Scheduled', message);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // Bound elsewhere or deleted meanwhile: the watch will tell.
    }
  }

  /** FailedScheduling: the Event, the PodScheduled=False condition, and a wait in the unschedulable set. */
  private unschedulableFor(client: Client, pod: Readonly<KObject>, q: Queued, message: string): void {
    this.events.record(client, pod, 'Warning', 'FailedScheduling', message);
    this.markUnschedulable(client, pod, message);
    q.attempts++;
    q.readyAt = this.clock.now() + Math.min(this.opts.initialBackoffMs * 2 ** (q.attempts - 1), this.opts.maxBackoffMs);
    this.unschedulable.set(q.key, q);
    // Flushed back periodically even if nothing changes (podMaxInUnschedulablePodsDuration).
    this.clock.after(this.opts.maxUnschedulableMs, () => {
      if (this.unschedulable.get(q.key) === q) {
        this.unschedulable.delete(q.key);
        this.active.set(q.key, q);
        this.activeAdds++;
        this.kick(0);
      }
    }, 'scheduler unschedulable flush');
  }

  /** The PodScheduled=False condition kubectl describe shows under Conditions. */
  private markUnschedulable(client: Client, pod: Readonly<KObject>, message: string): void {
    const current = (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
    if (current?.status === 'False' && current.reason === 'Unschedulable' && current.message === message) return;
    const conditions = (pod.status?.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: client.api.timestamp(), reason: 'Unschedulable', message });
    try {
      client.patchStatus('Pod', pod.metadata.namespace, pod.metadata.name ?? '', { status: { conditions } }, 'merge', { reason: 'FailedScheduling', message });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }
}

function isPending(pod: Readonly<KObject>): boolean {
  return (pod.spec?.nodeName ?? '') === '' && pod.metadata.deletionTimestamp === undefined && (pod.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler' && !isPodTerminal(pod);
}

function priorityOf(pod: Readonly<KObject> | undefined): number {
  return pod?.spec?.priority ?? 0;
}

function nodeSchedulingChanged(old: Readonly<KObject> | undefined, cur: Readonly<KObject>): boolean {
  if (old === undefined) return true;
  return (
    !jsonEqual(old.spec?.taints, cur.spec?.taints) ||
    old.spec?.unschedulable !== cur.spec?.unschedulable ||
    !jsonEqual(old.status?.allocatable, cur.status?.allocatable) ||
    !jsonEqual(old.metadata.labels, cur.metadata.labels)
  );
}
