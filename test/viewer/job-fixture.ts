import type { KObject } from '../../core/api/types.js';
import { WorkloadWriter } from './workload-writer.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

export interface JobFixture {
  file: string;
  /** In the second backoff waits (20 s): pi 0 succeeded, 2 failed, 1 active; flaky 2 failed, none active. */
  backoffSeq: number;
  /** The end: pi Complete 5/5, flaky Failed (BackoffLimitExceeded), render Complete. */
  endSeq: number;
}

const TRACKING = 'batch.kubernetes.io/job-tracking';

/**
 * Three Jobs as the job controller runs them: `pi` (completions 5, parallelism 2,
 * backoffLimit 6) loses two pods, waits 10 s then 20 s before each replacement (the
 * pod-failure backoff doubles while no pod succeeds), and completes; `flaky`
 * (backoffLimit 2) fails three times, 10 s and 20 s apart, and fails with
 * BackoffLimitExceeded; `render` is Indexed (completions 3, parallelism 3) and completes.
 */
export function jobRecording(dir: string, name = 'jobs'): JobFixture {
  const w = new WorkloadWriter(dir, name, 3);
  const ctl = 'job-controller';
  const jobs = new Map<string, Readonly<KObject>>();
  const create = (job: string, spec: any): void => {
    jobs.set(job, w.c('kubectl').create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: job, namespace: 'default' },
      spec: { backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name: job, image: 'perl:5.34' }] } } },
    } as KObject, { reason: 'Apply', message: `kubectl apply created job.batch/${job}` }));
    w.status(ctl, 'Job', job, { startTime: w.sim.api.timestamp(), active: 0, succeeded: 0, failed: 0, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
  };
  const count = new Map<string, { active: number; succeeded: number; failed: number }>();
  const setStatus = (job: string, d: Partial<{ active: number; succeeded: number; failed: number }>, extra: any = {}): void => {
    const c = { ...(count.get(job) ?? { active: 0, succeeded: 0, failed: 0 }), ...d };
    count.set(job, c);
    w.status(ctl, 'Job', job, { ...c, ready: c.active, ...extra });
  };
  const nodes = ['node-1', 'node-2', 'node-3'];
  let k = 0;
  /** A pod of `job`, bound and started 1-2 s later (image pull): what manageJob creates. */
  const start = (job: string, pod: string, index?: number): string => {
    const o = jobs.get(job) as Readonly<KObject>;
    const labels: Record<string, string> = { 'batch.kubernetes.io/controller-uid': o.metadata.uid as string, 'batch.kubernetes.io/job-name': job, 'controller-uid': o.metadata.uid as string, 'job-name': job };
    if (index !== undefined) labels['batch.kubernetes.io/job-completion-index'] = String(index);
    w.createPod(ctl, { name: pod, owner: o, labels, finalizers: [TRACKING], restartPolicy: 'Never', image: 'perl:5.34', ...(index !== undefined ? { annotations: { 'batch.kubernetes.io/job-completion-index': String(index) } } : {}) });
    setStatus(job, { active: (count.get(job)?.active ?? 0) + 1 });
    w.bind(pod, nodes[k++ % 3] as string);
    return pod;
  };
  /** The pod ends; the controller counts it and removes its tracking finalizer. */
  const end = (job: string, pod: string, exitCode: number, extra: any = {}): void => {
    w.exit(pod, exitCode);
    w.change(ctl, 'Pod', pod, (o) => (o.metadata.finalizers = []));
    const c = count.get(job) as { active: number; succeeded: number; failed: number };
    setStatus(job, exitCode === 0 ? { active: c.active - 1, succeeded: c.succeeded + 1 } : { active: c.active - 1, failed: c.failed + 1 }, extra);
  };
  const finish = (job: string, type: 'Complete' | 'Failed', reason: string, message: string): void => {
    const ts = w.sim.api.timestamp();
    const cond = (t: string): any => ({ type: t, status: 'True', reason, message, lastProbeTime: ts, lastTransitionTime: ts });
    const interim = type === 'Complete' ? 'SuccessCriteriaMet' : 'FailureTarget';
    w.status(ctl, 'Job', job, { conditions: [cond(interim)] });
    w.status(ctl, 'Job', job, { conditions: [cond(interim), cond(type)], ...(type === 'Complete' ? { completionTime: ts } : {}) });
    // Upstream's Events: "Completed: Job completed", or the failure's reason and message.
    w.event(ctl, jobs.get(job) as Readonly<KObject>, type === 'Complete' ? 'Normal' : 'Warning', type === 'Complete' ? 'Completed' : reason, type === 'Complete' ? 'Job completed' : message);
  };

  w.at(1000).chapter('Three Jobs', 'pi needs 5 completions, 2 at a time; flaky has backoffLimit 2; render is Indexed.');
  create('pi', { completions: 5, parallelism: 2 });
  w.at(1010);
  start('pi', 'pi-8xkq2');
  start('pi', 'pi-c4m7n');
  create('flaky', { completions: 1, parallelism: 1, backoffLimit: 2 });
  w.at(1020);
  start('flaky', 'flaky-q2w8e');
  create('render', { completions: 3, parallelism: 3, completionMode: 'Indexed' });
  w.at(1030);
  ['render-0-t5y7u', 'render-1-i9o3p', 'render-2-a6s4d'].forEach((p, i) => start('render', p, i));
  w.at(3000);
  for (const p of ['pi-8xkq2', 'pi-c4m7n', 'flaky-q2w8e', 'render-0-t5y7u', 'render-1-i9o3p', 'render-2-a6s4d']) w.run(p);

  w.at(6000).chapter('A pod fails: backoff 10 s', 'The replacement comes 10 s after the failure, 20 s after the next one: no pod succeeded in between.');
  end('pi', 'pi-c4m7n', 1);
  w.at(8000);
  end('flaky', 'flaky-q2w8e', 1);
  w.at(12_000);
  end('render', 'render-0-t5y7u', 0, { completedIndexes: '0' });
  w.at(14_000);
  end('render', 'render-1-i9o3p', 0, { completedIndexes: '0,1' });
  w.at(16_000);
  start('pi', 'pi-f3g5h');
  end('render', 'render-2-a6s4d', 0, { completedIndexes: '0-2' });
  finish('render', 'Complete', 'CompletionsReached', 'Reached expected number of succeeded pods');
  w.at(17_500);
  w.run('pi-f3g5h');
  w.at(18_000);
  start('flaky', 'flaky-j1k3l');
  w.at(19_500);
  w.run('flaky-j1k3l');
  w.at(21_000);
  end('pi', 'pi-f3g5h', 1);
  w.at(24_000);
  end('flaky', 'flaky-j1k3l', 1);
  w.recorder.flush();
  const backoffSeq = w.recorder.count;

  w.at(41_000);
  start('pi', 'pi-z8x6c');
  w.at(42_500);
  w.run('pi-z8x6c');
  w.at(44_000);
  start('flaky', 'flaky-v7b9n');
  w.at(45_000).chapter('pi completes, flaky gives up');
  end('pi', 'pi-8xkq2', 0);
  start('pi', 'pi-m2n4b');
  w.at(45_500);
  w.run('flaky-v7b9n');
  w.at(46_500);
  w.run('pi-m2n4b');
  w.at(48_000);
  end('flaky', 'flaky-v7b9n', 1);
  finish('flaky', 'Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
  w.at(50_000);
  end('pi', 'pi-z8x6c', 0);
  start('pi', 'pi-q1w3e');
  w.at(51_500);
  w.run('pi-q1w3e');
  w.at(55_000);
  // 3 succeeded, 2 to go, parallelism 2: one more pod.
  end('pi', 'pi-m2n4b', 0);
  const last = start('pi', 'pi-r5t7y');
  w.at(56_500);
  w.run(last);
  w.at(58_000);
  // 4 succeeded, 1 to go and 1 running: nothing to add.
  end('pi', 'pi-q1w3e', 0);
  w.at(62_000);
  end('pi', last, 0);
  finish('pi', 'Complete', 'CompletionsReached', 'Reached expected number of succeeded pods');
  w.recorder.flush();
  const endSeq = w.recorder.count;
  return { file: w.close(70_000), backoffSeq, endSeq };
}
