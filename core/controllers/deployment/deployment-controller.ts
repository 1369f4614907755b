import { fromLabelSelector, matches } from '../../api/labels.js';
import type { KObject } from '../../api/types.js';
import { EventRecorder } from '../../client/event-recorder.js';
import type { Informer, InformerEvent } from '../../client/informer.js';
import type { WorkQueue } from '../../client/work-queue.js';
import { claim } from '../claim.js';
import { controllerOf } from '../controller-ref.js';
import { queueFor, type ControllerContext } from '../controller.js';
import { CONTROLLER_UID_INDEX, keyOf, splitKey } from '../replicaset/replica-set-controller.js';
import { controllerUidKeys } from '../replicaset/keys.js';
import { getCondition, hasProgressDeadline, newCondition, PAUSED, RESUMED, setCondition } from './conditions.js';
import { DeploymentSync } from './deployment-sync.js';
import { rolloutRecreate } from './recreate.js';
import { rolloutRolling } from './rolling.js';
import { isScalingEvent, refreshed, replicaSetsAndSyncRevision, syncDeploymentStatus, syncScaleOnly } from './sync.js';

/**
 * The Deployment controller (pkg/controller/deployment): turns a Deployment into
 * ReplicaSets, one per pod template, and moves replicas from old to new by its
 * strategy. It never touches pods; the ReplicaSet controller does.
 */
export class DeploymentController {
  readonly queue: WorkQueue;
  readonly events = new EventRecorder('deployment-controller');
  readonly deployments: Informer;
  readonly replicaSets: Informer;
  readonly pods: Informer;

  constructor(readonly ctx: ControllerContext) {
    this.queue = queueFor(ctx, 'deployment-controller', (key, cause) => this.sync(key, cause));
    this.deployments = ctx.informers.get('Deployment');
    this.replicaSets = ctx.informers.get('ReplicaSet').addIndex(CONTROLLER_UID_INDEX, controllerUidKeys);
    this.pods = ctx.informers.get('Pod').addIndex(CONTROLLER_UID_INDEX, controllerUidKeys);
    this.deployments.on((e) => this.queue.add(keyOf(e.object), e.seq));
    this.replicaSets.on((e) => this.onReplicaSet(e));
    this.pods.on((e) => this.onPod(e));
  }

  private ownerOf(obj: Readonly<KObject>, kind: string): Readonly<KObject> | undefined {
    const ref = controllerOf(obj);
    if (ref === undefined || ref.kind !== kind) return undefined;
    const inf = kind === 'Deployment' ? this.deployments : this.replicaSets;
    const owner = inf.get(obj.metadata.namespace, ref.name);
    return owner?.metadata.uid === ref.uid ? owner : undefined;
  }

  private onReplicaSet(e: InformerEvent): void {
    const rs = e.object;
    const d = this.ownerOf(rs, 'Deployment');
    if (e.old !== undefined) {
      const oldD = this.ownerOf(e.old, 'Deployment');
      if (oldD !== undefined && oldD !== d) this.queue.add(keyOf(oldD), e.seq);
    }
    if (d !== undefined) return this.queue.add(keyOf(d), e.seq);
    if (controllerOf(rs) !== undefined || e.type === 'DELETED') return;
    // An orphan ReplicaSet: any Deployment selecting it may adopt it.
    for (const dep of this.deployments.list(rs.metadata.namespace)) {
      const sel = fromLabelSelector(dep.spec?.selector);
      if (sel !== null && sel.length > 0 && matches(sel, rs.metadata.labels)) this.queue.add(keyOf(dep), e.seq);
    }
  }

  /** Recreate waits for old pods to be gone: their going away is worth a look. */
  private onPod(e: InformerEvent): void {
    if (e.type === 'ADDED') return;
    const phaseChanged = e.old?.status?.phase !== e.object.status?.phase;
    if (e.type !== 'DELETED' && !phaseChanged) return;
    const rs = this.ownerOf(e.object, 'ReplicaSet');
    const d = rs === undefined ? undefined : this.ownerOf(rs, 'Deployment');
    if (d !== undefined && d.spec?.strategy?.type === 'Recreate') this.queue.add(keyOf(d), e.seq);
  }

  sync(key: string, cause: number | null): void {
    const [namespace, name] = splitKey(key);
    const cached = this.deployments.get(namespace, name);
    if (cached === undefined) return;
    const client = this.ctx.client.withCause(cause);
    const s = new DeploymentSync(client, cached, this.events, (ms) => this.queue.addAfter(key, ms, cause));
    const d = s.d;
    const selector = fromLabelSelector(d.spec?.selector);
    if (selector === null || selector.length === 0) {
      this.events.record(client, d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 1)) {
        d.status.observedGeneration = d.metadata.generation;
        s.writeStatus('SelectingAll', `${name} selects every pod; refusing to act`);
      }
      return;
    }
    const rsList = this.replicaSetsFor(s, selector);
    if (d.metadata.deletionTimestamp !== undefined) {
      const { newRS, oldRSs } = replicaSetsAndSyncRevision(s, rsList, false);
      return syncDeploymentStatus(s, refreshed(s, [...oldRSs, newRS]), newRS);
    }
    this.checkPausedConditions(s);
    if (d.spec?.paused === true) return syncScaleOnly(s, rsList);
    if (isScalingEvent(s, rsList)) return syncScaleOnly(s, refreshed(s, rsList));
    const fresh = refreshed(s, rsList);
    if (d.spec?.strategy?.type === 'Recreate') return rolloutRecreate(s, fresh, (rs) => this.pods.byIndex(CONTROLLER_UID_INDEX, rs.metadata.uid ?? ''));
    rolloutRolling(s, fresh);
  }

  /** getReplicaSetsForDeployment: the ones it controls, plus matching orphans it adopts. */
  private replicaSetsFor(s: DeploymentSync, selector: ReturnType<typeof fromLabelSelector> & object): Array<Readonly<KObject>> {
    const d = s.d;
    const uid = d.metadata.uid ?? '';
    const candidates = [
      ...this.replicaSets.byIndex(CONTROLLER_UID_INDEX, uid),
      ...this.replicaSets.byIndex(CONTROLLER_UID_INDEX, '').filter((rs) => rs.metadata.namespace === d.metadata.namespace),
    ];
    return claim(s.client, d, selector, candidates, () => {
      const live = s.client.api.tryGet('Deployment', d.metadata.namespace, d.metadata.name ?? '');
      return live !== undefined && live.metadata.uid === uid && live.metadata.deletionTimestamp === undefined;
    });
  }

  /** checkPausedConditions: Progressing=Unknown while paused, so the deadline does not run. */
  private checkPausedConditions(s: DeploymentSync): void {
    const d = s.d;
    if (!hasProgressDeadline(d)) return;
    const cond = getCondition(d.status, 'Progressing');
    const pausedCond = cond?.reason === PAUSED;
    if (d.spec?.paused === true && !pausedCond) {
      setCondition(d.status, newCondition('Progressing', 'Unknown', PAUSED, 'Deployment is paused', s.timestamp()));
      s.writeStatus(PAUSED, `${d.metadata.name} is paused: the controller only scales, no rollout steps`);
    } else if (d.spec?.paused !== true && pausedCond) {
      setCondition(d.status, newCondition('Progressing', 'Unknown', RESUMED, 'Deployment is resumed', s.timestamp()));
      s.writeStatus(RESUMED, `${d.metadata.name} is resumed`);
    }
  }
}
