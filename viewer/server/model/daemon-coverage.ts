/* eslint-disable @typescript-eslint/no-explicit-any -- nodes and DaemonSets are open JSON */
import type { Recording } from '../../../core/record/recording.js';
import type { KObject } from '../../../core/api/types.js';
import { filterNode } from '../../../core/scheduler/filter.js';
import { newNodeInfo } from '../../../core/scheduler/node-info.js';
import type { DaemonSetTrack } from '../../shared/model.js';
import type { Interner } from './interner.js';

/**
 * The tolerations the DaemonSet controller adds to every daemon pod
 * (AddOrUpdateDaemonPodTolerations, pkg/controller/daemon/util): a daemon pod stays on a
 * node that goes NotReady or unreachable, and is placed on cordoned nodes and nodes under
 * disk, memory or PID pressure; a hostNetwork one also where the network is unavailable.
 */
function daemonTolerations(hostNetwork: boolean): any[] {
  const t = (key: string, effect: string): any => ({ key: `node.kubernetes.io/${key}`, operator: 'Exists', effect });
  return [
    t('not-ready', 'NoExecute'),
    t('unreachable', 'NoExecute'),
    t('disk-pressure', 'NoSchedule'),
    t('memory-pressure', 'NoSchedule'),
    t('pid-pressure', 'NoSchedule'),
    t('unschedulable', 'NoSchedule'),
    ...(hostNetwork ? [t('network-unavailable', 'NoSchedule')] : []),
  ];
}

/**
 * Why `node` should not run the DaemonSet's pod, or '' when it should: NodeShouldRunDaemonPod
 * (pkg/controller/daemon) asks for the template's nodeName, node affinity and selector, and
 * no untolerated NoSchedule/NoExecute taint. Resources are the scheduler's business, not
 * the controller's, so a full node still "should run" it (and the pod stays Pending).
 */
export function whyNotDaemonNode(ds: any, node: Readonly<KObject>): string {
  const spec = ds?.spec?.template?.spec ?? {};
  const name = node.metadata.name ?? '';
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '' && spec.nodeName !== name) return `the template names node ${spec.nodeName}`;
  const { nodeName: _ignored, ...rest } = spec;
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { ...rest, tolerations: [...(Array.isArray(spec.tolerations) ? spec.tolerations : []), ...daemonTolerations(spec.hostNetwork === true)] } } as KObject;
  const unlimited = { ...newNodeInfo(node), allocatableMilliCpu: Infinity, allocatableMemory: Infinity, allocatablePods: Infinity };
  const r = filterNode(pod, unlimited);
  return r === undefined ? '' : r.reasons.map((x) => x.replace(/^node\(s\) (had )?/, '')).join(', ');
}

interface SetState {
  track: DaemonSetTrack;
  ds: any;
  /** node name -> '' (should run) or why not. */
  verdict: Map<string, string>;
}

/**
 * Fills each DaemonSet's `coverage`: which nodes should run its pod, over time. One pass
 * over Node and DaemonSet writes in seq order; a node write re-judges that node for every
 * DaemonSet, a DaemonSet write every node for that DaemonSet, and an entry is added only
 * when the answer changed (a node's heartbeat changes nothing).
 */
export function fillDaemonCoverage(rec: Recording, sets: readonly DaemonSetTrack[], strings: Interner): void {
  if (sets.length === 0) return;
  const byUid = new Map(sets.map((t) => [t.uid, t]));
  const nodes = new Map<string, Readonly<KObject>>();
  const live = new Map<string, SetState>();
  const rows = rec.db.prepare("SELECT seq, verb, kind, uid, name, object FROM events WHERE kind IN ('Node', 'DaemonSet') ORDER BY seq").raw(true);
  for (const raw of rows.iterate()) {
    const [seq, verb, kind, uid, name, json] = raw as [number, string, string, string, string, string];
    if (kind === 'Node') {
      if (verb === 'delete') nodes.delete(name);
      else nodes.set(name, JSON.parse(json) as KObject);
      const node = nodes.get(name);
      for (const s of live.values()) {
        if (node === undefined) s.verdict.delete(name);
        else s.verdict.set(name, whyNotDaemonNode(s.ds, node));
        emit(s, seq, nodes, strings);
      }
      continue;
    }
    const track = byUid.get(uid);
    if (track === undefined) continue;
    if (verb === 'delete') {
      live.delete(uid);
      continue;
    }
    const s = live.get(uid) ?? { track, ds: undefined, verdict: new Map<string, string>() };
    live.set(uid, s);
    s.ds = JSON.parse(json);
    for (const [n, node] of nodes) s.verdict.set(n, whyNotDaemonNode(s.ds, node));
    emit(s, seq, nodes, strings);
  }
}

function emit(s: SetState, seq: number, nodes: Map<string, unknown>, strings: Interner): void {
  const eligible: string[] = [];
  const skipped: string[] = [];
  for (const n of nodes.keys()) {
    const why = s.verdict.get(n);
    if (why === '') eligible.push(n);
    else if (why !== undefined) skipped.push(`${n}=${why}`);
  }
  const e = strings.id(eligible.join(','));
  const k = strings.id(skipped.join('|'));
  const last = s.track.coverage[s.track.coverage.length - 1];
  if (last !== undefined && last[1] === e && last[2] === k) return;
  s.track.coverage.push([seq, e, k]);
}
