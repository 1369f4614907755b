import { JOB_COMPLETION_INDEX, JOB_TRACKING_FINALIZER } from '../../../core/api/batch/labels.js';
import type { KObject, WriteEvent } from '../../../core/api/types.js';
import { SharedInformers } from '../../../core/controllers/controller.js';
import { controllerRef } from '../../../core/controllers/controller-ref.js';
import { JobController } from '../../../core/controllers/job/job-controller.js';
import { makeSim } from '../../helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- test fixtures are open JSON */

export type Phase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface PodSetup {
  phase: Phase;
  index?: string;
  ready?: boolean;
  terminating?: boolean;
  /** virtual ms the pod's container finished (terminal pods), default 0: an hour before the sync */
  finishedAt?: number;
  exitCode?: number;
  conditions?: Array<{ type: string; status: string }>;
}

export interface JobSetup {
  spec: Record<string, unknown>;
  status?: Record<string, unknown>;
  deleting?: boolean;
  pods?: PodSetup[];
  /** Runs before the controller's first sync (fake expectations, backoff records). */
  before?: (jc: JobController, key: string) => void;
  /** Virtual time of the sync (default one hour). */
  at?: number;
}

export interface SyncOutcome {
  job: Readonly<KObject>;
  creations: Array<Readonly<KObject>>;
  deletions: number;
  patches: number;
  writes: WriteEvent[];
  jc: JobController;
}

/**
 * The fixture of upstream's TestControllerSyncJob, against the real API server: a Job and
 * pods in given phases are stored, then one job-controller sync runs (the Job's ADDED
 * event, before the 1 s batch period brings a second). Counted as upstream counts with its
 * fake pod control: pods created, deleted, and patched (tracking finalizers removed).
 */
export function syncOnce(setup: JobSetup): SyncOutcome {
  const sim = makeSim(0);
  const kubectl = sim.client('kubectl');
  const spec = { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'foo/bar' }] } }, ...setup.spec };
  let job = kubectl.create({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'foobar', ...(setup.deleting ? { finalizers: ['test/hold'] } : {}) }, spec });
  if (setup.status !== undefined) job = kubectl.updateStatus({ ...job, status: setup.status } as KObject);
  (setup.pods ?? []).forEach((p, i) => createPod(sim, job, p, i));
  if (setup.deleting) kubectl.delete('Job', 'default', 'foobar');
  sim.runUntil(setup.at ?? 3_600_000);
  const informers = new SharedInformers(sim.client('kube-controller-manager'));
  const jc = new JobController({ client: sim.client('job-controller'), scheduler: sim.scheduler, informers });
  setup.before?.(jc, 'default/foobar');
  const writes: WriteEvent[] = [];
  sim.api.writes$.subscribe((w) => writes.push(w));
  informers.start();
  sim.runUntil(sim.scheduler.now() + 500);
  const mine = writes.filter((w) => w.actor === 'job-controller' && w.kind === 'Pod');
  return {
    job: sim.api.get('Job', 'default', 'foobar'),
    creations: mine.filter((w) => w.verb === 'create').map((w) => w.object),
    deletions: mine.filter((w) => w.reason === 'SuccessfulDelete').length,
    patches: mine.filter((w) => w.reason === 'TrackingFinalizerRemoved').length,
    writes,
    jc,
  };
}

function createPod(sim: ReturnType<typeof makeSim>, job: Readonly<KObject>, p: PodSetup, i: number): void {
  const api = sim.api;
  const ctx = { actor: 'test' };
  const annotations = p.index !== undefined ? { [JOB_COMPLETION_INDEX]: p.index } : undefined;
  const pod = api.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${String(i).padStart(2, '0')}`, labels: { ...job.spec.template.metadata.labels }, ...(annotations ? { annotations } : {}), finalizers: [JOB_TRACKING_FINALIZER], ownerReferences: [controllerRef(job)] },
    spec: { nodeName: 'node-1', ...structuredClone(job.spec.template.spec) },
  }, ctx);
  const status: any = { phase: p.phase, conditions: [...(p.conditions ?? [])] };
  if (p.ready) status.conditions.push({ type: 'Ready', status: 'True', lastTransitionTime: api.timestamp(0) });
  if (p.phase === 'Succeeded' || p.phase === 'Failed') {
    const at = api.timestamp(p.finishedAt ?? 0);
    status.containerStatuses = [{ name: 'c', state: { terminated: { exitCode: p.exitCode ?? (p.phase === 'Succeeded' ? 0 : 1), reason: p.phase === 'Succeeded' ? 'Completed' : 'Error', startedAt: at, finishedAt: at } } }];
  }
  api.updateStatus({ ...pod, status } as KObject, ctx);
  if (p.terminating) api.delete('Pod', 'default', pod.metadata.name ?? '', ctx);
}

export const pods = (n: number, p: PodSetup): PodSetup[] => Array.from({ length: n }, () => ({ ...p }));

export const indexOf = (pod: Readonly<KObject>): number => Number(pod.metadata.annotations?.[JOB_COMPLETION_INDEX]);
