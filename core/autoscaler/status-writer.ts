/* eslint-disable @typescript-eslint/no-explicit-any -- taints are open JSON */
import { jsonEqual } from '../api/equal.js';
import { ApiError } from '../api/status.js';
import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import type { EventRecorder } from '../client/event-recorder.js';
import type { NodeGroupSpec } from '../scenario/types.js';
import { TO_BE_DELETED_TAINT } from './config.js';
import { condition, goTimeText, LAST_UPDATED_ANNOTATION, statusYaml, type AutoscalerStatus, type Condition, type NodeCounts } from './status.js';

/** What one loop saw, for the status. */
export interface LoopFacts {
  nowMs: number;
  groups: readonly NodeGroupSpec[];
  nodes: ReadonlyArray<Readonly<KObject>>;
  /** group -> machines asked for that have not registered */
  upcoming: Map<string, number>;
  deleting: ReadonlyMap<string, { group: string }>;
  scaledUp: boolean;
  /** group -> unneeded nodes */
  candidates: Map<string, number>;
  groupOf?: (node: string) => string | undefined;
  targetSize?: (group: string) => number;
}

const NAMESPACE = 'kube-system';

/**
 * The status ConfigMap kube-system/cluster-autoscaler-status (WriteStatusConfigMap):
 * `data.status` the YAML of the autoscaler's status, the last-updated annotation, and
 * the autoscaler's log events (ScaledUpGroup, ScaleDown, ...) recorded on it.
 * Upstream rewrites it every loop only to move `time` and each lastProbeTime on; here
 * it is written when anything else changed, so an idle autoscaler does not add a row
 * every 10 s (docs/fidelity.md).
 */
export class StatusWriter {
  private last: AutoscalerStatus | undefined;
  private object: Readonly<KObject> | undefined;

  constructor(
    private readonly client: Client,
    private readonly events: EventRecorder,
    private readonly name: string,
  ) {}

  /** NewStatusMapRecorder: an Initializing status at start. */
  init(nowMs: number): void {
    const stamp = this.client.api.timestamp(nowMs);
    const now = goTimeText(stamp, nowMs % 1000);
    this.put({ autoscalerStatus: 'Initializing', time: now } as AutoscalerStatus, now, null);
  }

  /** An event on the ConfigMap (upstream's LogRecorder); false when none was written (no ConfigMap yet, or dropped as spam). */
  logEvent(client: Client, type: 'Normal' | 'Warning', reason: string, message: string): boolean {
    return this.object !== undefined && this.events.record(client, this.object, type, reason, message) !== undefined;
  }

  write(f: LoopFacts, groupOf: (node: string) => string | undefined = f.groupOf ?? (() => undefined), targetSize: (g: string) => number = f.targetSize ?? (() => 0)): void {
    const stamp = this.client.api.timestamp(f.nowMs);
    const prev = this.last;
    const counts = (nodes: ReadonlyArray<Readonly<KObject>>, unregistered: number): NodeCounts => {
      const deleting = nodes.filter((n) => f.deleting.has(n.metadata.name ?? '') || (n.spec?.taints ?? []).some((t: any) => t.key === TO_BE_DELETED_TAINT)).length;
      const ready = nodes.filter((n) => (n.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')).length;
      return {
        registered: { total: nodes.length, ready: ready - deleting, notStarted: 0, ...(deleting > 0 ? { beingDeleted: deleting } : {}), unready: { total: nodes.length - ready, resourceUnready: 0 } },
        longUnregistered: 0,
        unregistered,
      };
    };
    const totalUpcoming = [...f.upcoming.values()].reduce((a, b) => a + b, 0);
    const totalCandidates = [...f.candidates.values()].reduce((a, b) => a + b, 0);
    const down = (p: Condition | undefined, n: number): Condition & { candidates?: number } => ({ ...condition(p, n > 0 ? 'CandidatesPresent' : 'NoCandidates', stamp), ...(n > 0 ? { candidates: n } : {}) });
    const status: AutoscalerStatus = {
      time: goTimeText(stamp, f.nowMs % 1000),
      autoscalerStatus: 'Running',
      clusterWide: {
        health: { ...condition(prev?.clusterWide?.health, 'Healthy', stamp), nodeCounts: counts(f.nodes, totalUpcoming) },
        scaleUp: condition(prev?.clusterWide?.scaleUp, totalUpcoming > 0 ? 'InProgress' : 'NoActivity', stamp),
        scaleDown: down(prev?.clusterWide?.scaleDown, totalCandidates),
      },
      nodeGroups: f.groups.map((g) => {
        const p = prev?.nodeGroups?.find((x) => x.name === g.name);
        const members = f.nodes.filter((n) => groupOf(n.metadata.name ?? '') === g.name);
        const up = f.upcoming.get(g.name) ?? 0;
        return {
          name: g.name,
          health: { ...condition(p?.health, 'Healthy', stamp), nodeCounts: counts(members, up), cloudProviderTarget: targetSize(g.name), minSize: g.min, maxSize: g.max },
          scaleUp: condition(p?.scaleUp, up > 0 ? 'InProgress' : 'NoActivity', stamp),
          scaleDown: down(p?.scaleDown, f.candidates.get(g.name) ?? 0),
        };
      }),
    };
    if (prev !== undefined && jsonEqual(withoutProbeTimes(prev), withoutProbeTimes(status))) return;
    this.put(status, status.time, null);
  }

  private put(status: AutoscalerStatus, updated: string, cause: number | null): void {
    const c = this.client.withCause(cause);
    const data = { status: statusYaml(status) };
    const note = { reason: 'AutoscalerStatus', message: `cluster-autoscaler status: ${status.autoscalerStatus}${status.clusterWide === undefined ? '' : `, scale-up ${status.clusterWide.scaleUp.status}, scale-down ${status.clusterWide.scaleDown.status}`}` };
    try {
      const current = this.object ?? c.api.tryGet('ConfigMap', NAMESPACE, this.name);
      this.object = current === undefined
        ? c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: this.name, namespace: NAMESPACE, annotations: { [LAST_UPDATED_ANNOTATION]: updated } }, data }, note)
        : c.update({ ...(current as KObject), metadata: { ...current.metadata, annotations: { ...(current.metadata.annotations ?? {}), [LAST_UPDATED_ANNOTATION]: updated } }, data: { ...(current.data ?? {}), ...data } }, note);
      this.last = status;
    } catch (e) {
      // "Failed to write status configmap": logged upstream, tried again next loop.
      if (!(e instanceof ApiError)) throw e;
      this.object = undefined;
    }
  }
}

function withoutProbeTimes(s: AutoscalerStatus): unknown {
  return JSON.parse(JSON.stringify(s, (k, v) => (k === 'time' || k === 'lastProbeTime' ? undefined : v)));
}
