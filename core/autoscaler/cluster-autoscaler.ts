/* eslint-disable @typescript-eslint/no-explicit-any -- statuses and taints are open JSON */
import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { EventRecorder } from '../client/event-recorder.js';
import { Informer } from '../client/informer.js';
import { isPodTerminal, podCondition } from '../controllers/pod-util.js';
import type { NodeGroupSpec } from '../scenario/types.js';
import type { Rng } from '../sim/rng.js';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';
import type { SimulatedCloud } from './cloud-provider.js';
import { DEFAULT_CONFIG, TO_BE_DELETED_TAINT, type AutoscalerConfig } from './config.js';
import { PdbTracker } from './drainability.js';
import { ScaleDownActuator } from './scale-down-actuator.js';
import { findUnneeded, type Unneeded } from './scale-down-planner.js';
import { planScaleUp, reasonsMessage, scaleUpInfoText } from './scale-up.js';
import { Snapshot } from './snapshot.js';
import { StatusWriter, type LoopFacts } from './status-writer.js';
import { updateSoftTaints } from './soft-taints.js';
import { addTemplateNode, templateNode } from './template-node.js';

/**
 * cluster-autoscaler (kubernetes/autoscaler, v1.32 line): its own process with its own
 * informers, talking to the API server and to the cloud's node groups. Every scan
 * interval (10 s) StaticAutoscaler.RunOnce: pods the scheduler marked Unschedulable that
 * would not fit on existing or upcoming nodes trigger a scale-up (scale-up.ts); if none
 * was made, under-utilized nodes are tracked as unneeded and, after 10 minutes unneeded
 * and outside the 10 minute cooldown after a scale-up, drained and removed
 * (scale-down-*.ts); the status ConfigMap kube-system/cluster-autoscaler-status tells
 * how it went (status-writer.ts).
 */
export class ClusterAutoscaler {
  readonly pods: Informer;
  readonly nodes: Informer;
  private readonly daemonSets: Informer;
  private readonly pdbs: Informer;
  readonly events = new EventRecorder('cluster-autoscaler');
  readonly config: AutoscalerConfig;
  private readonly status: StatusWriter;
  private readonly actuator: ScaleDownActuator;
  /** newest write seq per pod and per node: the cause of what the autoscaler does about them */
  private readonly seqOf = new Map<string, number>();
  /** node -> virtual time it was first found unneeded */
  readonly unneededSince = new Map<string, number>();
  /** node -> why it was kept, as of the last loop (upstream logs these) */
  readonly unremovable = new Map<string, string>();
  private readonly deleting = new Map<string, { group: string; drain: boolean }>();
  private lastScaleUpMs = -Infinity;
  private lastScaleDownFailMs = -Infinity;

  constructor(
    private readonly client: Client,
    private readonly clock: VirtualScheduler,
    private readonly cloud: SimulatedCloud,
    private readonly rng: Rng,
    config: Partial<AutoscalerConfig> = {},
  ) {
    this.config = { ...DEFAULT_CONFIG, ...config };
    const track = (prefix: string) => (e: { type: string; object: Readonly<KObject>; seq: number }) => {
      const key = `${prefix}/${e.object.metadata.namespace ?? ''}/${e.object.metadata.name ?? ''}`;
      if (e.type === 'DELETED') this.seqOf.delete(key);
      else this.seqOf.set(key, e.seq);
    };
    this.pods = new Informer(client, 'Pod').on(track('Pod'));
    this.nodes = new Informer(client, 'Node').on(track('Node'));
    this.daemonSets = new Informer(client, 'DaemonSet');
    this.pdbs = new Informer(client, 'PodDisruptionBudget');
    this.status = new StatusWriter(client, this.events, this.config.statusConfigMapName);
    this.actuator = new ScaleDownActuator({
      client,
      clock,
      cloud,
      events: this.events,
      config: this.config,
      logEvent: (c, type, reason, message) => this.status.logEvent(c, type, reason, message),
      finished: (node, ok) => {
        this.deleting.delete(node);
        if (!ok) this.lastScaleDownFailMs = this.clock.now();
      },
    });
  }

  start(): this {
    for (const inf of [this.nodes, this.pods, this.daemonSets, this.pdbs]) inf.start();
    this.status.init(this.clock.now());
    this.clock.every(this.config.scanIntervalMs, () => this.runOnce(), 'cluster-autoscaler loop');
    return this;
  }

  /** StaticAutoscaler.RunOnce. */
  runOnce(): void {
    const now = this.clock.now();
    const nodes = [...this.nodes.values()].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    const pods = [...this.pods.values()];
    const podsOn = new Map<string, Array<Readonly<KObject>>>();
    for (const p of pods) {
      const n = p.spec?.nodeName;
      if (n === undefined || n === '' || isPodTerminal(p)) continue;
      let list = podsOn.get(n);
      if (list === undefined) podsOn.set(n, (list = []));
      list.push(p);
    }
    const groups = this.cloud.nodeGroups();
    const registered = new Set(nodes.map((n) => n.metadata.name ?? ''));
    const upcoming = new Map(groups.map((g) => [g.name, this.cloud.instances(g.name).filter((n) => !registered.has(n)).length]));
    const addTemplate = (g: NodeGroupSpec, s: Snapshot, name: string): void => addTemplateNode(s, templateNode(g, name), this.daemonSets.values());

    // Scale-up: pods the scheduler gave up on, less those that fit on a node that exists or is on its way.
    const snapshot = this.snapshot(nodes, podsOn);
    for (const g of groups) for (let i = 0; i < (upcoming.get(g.name) ?? 0); i++) addTemplate(g, snapshot, `template-node-for-${g.name}-upcoming-${i}`);
    const pending = pods.filter(isUnschedulable).sort((a, b) => (b.spec?.priority ?? 0) - (a.spec?.priority ?? 0));
    const stillPending = pending.filter((p) => snapshot.scheduleOnAny(p) === undefined);
    const up = planScaleUp(stillPending, { groups, targetSize: (g) => this.cloud.targetSize(g), addTemplate, maxNodesPerScaleUp: this.config.maxNodesPerScaleUp, rng: this.rng });
    const facts: LoopFacts = {
      nowMs: now, groups, nodes, upcoming, deleting: this.deleting, scaledUp: false, candidates: new Map(),
      groupOf: (n) => this.cloud.nodeGroupForNode(n)?.name, targetSize: (g) => this.cloud.targetSize(g),
    };
    if (up.result === 'Successful') {
      const cause = Math.max(0, ...up.triggered.map((p) => this.seqOf.get(`Pod/${p.metadata.namespace}/${p.metadata.name}`) ?? 0)) || null;
      const c = this.client.withCause(cause);
      for (const info of up.infos) {
        const logged = this.status.logEvent(c, 'Normal', 'ScaledUpGroup', `Scale-up: setting group ${info.group} size to ${info.newSize} instead of ${info.currentSize} (max: ${info.maxSize})`);
        // The cloud call follows the "setting group size" event; the machines' Nodes name it as their cause.
        this.cloud.increaseSize(info.group, info.newSize - info.currentSize, logged ? this.client.api.lastSeq : cause);
        this.status.logEvent(c, 'Normal', 'ScaledUpGroup', `Scale-up: group ${info.group} size set to ${info.newSize} instead of ${info.currentSize} (max: ${info.maxSize})`);
        upcoming.set(info.group, (upcoming.get(info.group) ?? 0) + info.newSize - info.currentSize);
      }
      const text = scaleUpInfoText(up.infos);
      for (const pod of up.triggered) this.events.record(c, pod, 'Normal', 'TriggeredScaleUp', `pod triggered scale-up: ${text}`);
      this.lastScaleUpMs = now;
      facts.scaledUp = true;
      // No scale-down in the loop that scaled up.
      return this.status.write(facts);
    }
    if (up.result === 'NoOptionsAvailable') {
      for (const info of up.remaining) {
        const c = this.client.withCause(this.seqOf.get(`Pod/${info.pod.metadata.namespace}/${info.pod.metadata.name}`) ?? null);
        this.events.record(c, info.pod, 'Normal', 'NotTriggerScaleUp', `pod didn't trigger scale-up: ${reasonsMessage(info)}`);
      }
    }
    this.scaleDown(now, nodes, podsOn, facts);
    this.status.write(facts);
  }

  private snapshot(nodes: ReadonlyArray<Readonly<KObject>>, podsOn: Map<string, Array<Readonly<KObject>>>): Snapshot {
    const s = new Snapshot();
    for (const n of nodes) {
      if (!isReady(n)) continue;
      s.addNode(n);
      for (const p of podsOn.get(n.metadata.name ?? '') ?? []) s.addPod(p, n.metadata.name ?? '');
    }
    return s;
  }

  /** The planner's unneeded nodes, then the actuator on those unneeded long enough, outside the cooldowns. */
  private scaleDown(now: number, nodes: ReadonlyArray<Readonly<KObject>>, podsOn: Map<string, Array<Readonly<KObject>>>, facts: LoopFacts): void {
    const candidates = nodes.filter(isReady).map((node) => ({ node, group: this.cloud.nodeGroupForNode(node.metadata.name ?? ''), pods: podsOn.get(node.metadata.name ?? '') ?? [] }));
    const plan = findUnneeded({
      nodes: candidates,
      snapshot: this.snapshot(nodes, podsOn),
      pdbs: new PdbTracker(this.pdbs.values()),
      threshold: this.config.scaleDownUtilizationThreshold,
      nowMs: now,
      virtualOf: (ts) => this.client.api.virtualOf(ts),
      beingDeleted: (n) => this.deleting.has(n.metadata.name ?? '') || (n.spec?.taints ?? []).some((t: any) => t.key === TO_BE_DELETED_TAINT),
    });
    const unneededNames = new Set(plan.unneeded.map((u) => u.node.metadata.name ?? ''));
    for (const name of [...this.unneededSince.keys()]) if (!unneededNames.has(name)) this.unneededSince.delete(name);
    for (const name of unneededNames) if (!this.unneededSince.has(name)) this.unneededSince.set(name, now);
    this.unremovable.clear();
    for (const [name, u] of plan.unremovable) this.unremovable.set(name, u.detail === undefined ? u.reason : `${u.reason}: ${u.detail}`);
    for (const u of plan.unneeded) facts.candidates.set(u.group.name, (facts.candidates.get(u.group.name) ?? 0) + 1);

    const cooldown = now < this.lastScaleUpMs + this.config.scaleDownDelayAfterAddMs || now < this.lastScaleDownFailMs + this.config.scaleDownDelayAfterFailureMs;
    let started = 0;
    if (!cooldown) started = this.startDeletions(now, plan.unneeded);
    if (cooldown || started === 0) updateSoftTaints(this.client, nodes, unneededNames, (n) => this.causeFor(n, podsOn));
  }

  private startDeletions(now: number, unneeded: readonly Unneeded[]): number {
    const shrinking = new Map<string, number>();
    for (const d of this.deleting.values()) shrinking.set(d.group, (shrinking.get(d.group) ?? 0) + 1);
    let drains = [...this.deleting.values()].filter((d) => d.drain).length;
    let started = 0;
    for (const u of unneeded) {
      const name = u.node.metadata.name ?? '';
      if (now - (this.unneededSince.get(name) ?? now) < this.config.scaleDownUnneededTimeMs) {
        this.unremovable.set(name, 'NotUnneededLongEnough');
        continue;
      }
      const going = shrinking.get(u.group.name) ?? 0;
      if (this.cloud.targetSize(u.group.name) - going <= u.group.min) {
        this.unremovable.set(name, 'NodeGroupMinSizeReached');
        continue;
      }
      const drain = u.podsToMove.length > 0;
      // --max-scale-down-parallelism counts every deletion in flight, --max-drain-parallelism the drains among them.
      if (this.deleting.size >= this.config.maxScaleDownParallelism || (drain && drains >= this.config.maxDrainParallelism)) continue;
      if (drain) drains++;
      shrinking.set(u.group.name, going + 1);
      this.deleting.set(name, { group: u.group.name, drain });
      this.unneededSince.delete(name);
      started++;
      this.actuator.start(u, drain, this.causeFor(u.node, new Map([[name, u.podsToMove as Array<Readonly<KObject>>]])));
    }
    return started;
  }

  /** The newest write about the node or a pod on it: what made it unneeded. */
  private causeFor(node: Readonly<KObject>, podsOn: Map<string, Array<Readonly<KObject>>>): number | null {
    const name = node.metadata.name ?? '';
    let seq = this.seqOf.get(`Node//${name}`) ?? 0;
    for (const p of podsOn.get(name) ?? []) seq = Math.max(seq, this.seqOf.get(`Pod/${p.metadata.namespace}/${p.metadata.name}`) ?? 0);
    return seq > 0 ? seq : null;
  }
}

/** A pod the scheduler could not place: PodScheduled False, reason Unschedulable, not bound, not going away. */
export function isUnschedulable(pod: Readonly<KObject>): boolean {
  if ((pod.spec?.nodeName ?? '') !== '' || pod.metadata.deletionTimestamp !== undefined || isPodTerminal(pod)) return false;
  const c = podCondition(pod, 'PodScheduled');
  return c?.status === 'False' && c.reason === 'Unschedulable';
}

export function isReady(node: Readonly<KObject>): boolean {
  return (node.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}
