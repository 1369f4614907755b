import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { CJV, CV, DC, DSV, JV, PV, SSV, Stage, type StoryModel } from '../../viewer/shared/model.js';
import { tmpDir } from '../helpers.js';
import { cronJobRecording, type CronJobFixture } from './cronjob-fixture.js';
import { daemonSetRecording, type DaemonSetFixture } from './daemonset-fixture.js';
import { jobRecording } from './job-fixture.js';
import { statefulSetRecording, type StatefulSetFixture } from './statefulset-fixture.js';

let viewer: RunningViewer;
let ds: DaemonSetFixture;
let sts: StatefulSetFixture;
let cron: CronJobFixture;
const model = async (name: string): Promise<StoryModel> => (await fetch(new URL(`/api/recordings/${name}/model`, viewer.url))).json() as Promise<StoryModel>;
const str = (m: StoryModel, i: number): string | null => (i < 0 ? null : (m.strings[i] ?? null));

beforeAll(async () => {
  const dir = tmpDir('kubelapse-workloads-');
  ds = daemonSetRecording(dir);
  sts = statefulSetRecording(dir);
  jobRecording(dir);
  cron = cronJobRecording(dir);
  viewer = await startViewer({ dir, port: 0 });
});
afterAll(async () => viewer?.close());

describe('story model: DaemonSets', () => {
  it("knows which nodes should run the daemon pod: every worker, not the control-plane node whose NoSchedule taint it does not tolerate, and node-4 from when it joins", async () => {
    const m = await model('daemonset');
    const fluentd = m.daemonSets.find((d) => d.name === 'fluentd');
    expect(fluentd).toMatchObject({ name: 'fluentd', namespace: 'default', strategy: 'RollingUpdate' });
    const before = versionAt(fluentd!.coverage, ds.nodeJoinedSeq - 1)!;
    const after = versionAt(fluentd!.coverage, ds.nodeJoinedSeq)!;
    expect(str(m, before[DC.eligible])).toBe('node-1,node-2,node-3');
    expect(str(m, after[DC.eligible])).toBe('node-1,node-2,node-3,node-4');
    expect(str(m, after[DC.skipped])).toBe('control-plane=untolerated taint {node-role.kubernetes.io/control-plane: }');
    // A DaemonSet status write or another DaemonSet's pods change nothing: two answers.
    expect(fluentd!.coverage).toHaveLength(2);
    // kube-proxy tolerates every taint: the control-plane node too.
    const proxy = m.daemonSets.find((d) => d.name === 'kube-proxy')!;
    expect(proxy.namespace).toBe('kube-system');
    expect(str(m, proxy.coverage.at(-1)![DC.eligible])).toBe('node-1,node-2,node-3,control-plane,node-4');
  });

  it('carries the status counts with maxUnavailable resolved, and each pod its revision hash and the node it was made for', async () => {
    const m = await model('daemonset');
    const fluentd = m.daemonSets.find((d) => d.name === 'fluentd')!;
    const mid = versionAt(fluentd.versions, ds.midRolloutSeq)!;
    expect([mid[DSV.desired], mid[DSV.updated], mid[DSV.available], mid[DSV.unavailable], mid[DSV.surge]]).toEqual([4, 2, 3, 1, 0]);
    const pods = m.pods.filter((p) => p.owner === 'DaemonSet/fluentd');
    expect(pods).toHaveLength(8);
    expect(pods.map((p) => p.target)).toEqual(['node-1', 'node-2', 'node-3', 'node-4', 'node-1', 'node-2', 'node-3', 'node-4']);
    expect(pods.map((p) => p.revision)).toEqual([...Array(4).fill(ds.hashes[0]), ...Array(4).fill(ds.hashes[1])]);
    expect(m.controllerRevisions.filter((r) => r.owner === 'DaemonSet/fluentd').map((r) => [r.name, r.owner, r.hash, r.versions[0]![1]])).toEqual([
      [`fluentd-${ds.hashes[0]}`, 'DaemonSet/fluentd', ds.hashes[0], 1],
      [`fluentd-${ds.hashes[1]}`, 'DaemonSet/fluentd', ds.hashes[1], 2],
    ]);
  });
});

describe('story model: StatefulSets and claims', () => {
  it('follows replicas, partition and the two revisions through a partitioned update', async () => {
    const m = await model('statefulset');
    const web = m.statefulSets[0]!;
    expect(web).toMatchObject({ name: 'web', podManagement: 'OrderedReady', strategy: 'RollingUpdate', claimTemplates: ['www'] });
    const v = versionAt(web.versions, sts.partitionedSeq)!;
    expect([v[SSV.replicas], v[SSV.current], v[SSV.updated], v[SSV.partition]]).toEqual([3, 2, 1, 2]);
    expect([str(m, v[SSV.currentRevision]), str(m, v[SSV.updateRevision])]).toEqual(sts.revisions);
    expect(versionAt(web.versions, sts.scaledDownSeq)![SSV.replicas]).toBe(2);
  });

  it("keeps web-1's two pods apart by uid with the same name and claim, and each claim's phase from Pending to Bound", async () => {
    const m = await model('statefulset');
    const web1 = m.pods.filter((p) => p.name === 'web-1');
    expect(web1.map((p) => p.claims)).toEqual([['www-web-1'], ['www-web-1'], ['www-web-1']]);
    expect(new Set(web1.map((p) => p.uid)).size).toBe(3);
    const claim = m.claims.find((c) => c.name === 'www-web-1')!;
    expect(claim.deletedSeq).toBeNull();
    expect(versionAt(claim.versions, sts.scalingSeq)![CV.phase]).toBe(0); // Pending while web-1 waits
    expect(versionAt(claim.versions, sts.replacedSeq)![CV.phase]).toBe(1); // Bound, before and after the replacement
    expect(str(m, versionAt(claim.versions, sts.replacedSeq)![CV.volume])).toMatch(/^pvc-/);
  });
});

describe('story model: Jobs and CronJobs', () => {
  it('reads each Job to its end: pi Complete 5 of 5 with 2 failures, flaky Failed by BackoffLimitExceeded, render Indexed 0-2', async () => {
    const m = await model('jobs');
    const last = (name: string): number[] => m.jobs.find((j) => j.name === name)!.versions.at(-1)!;
    const pi = last('pi');
    expect([pi[JV.completions], pi[JV.parallelism], pi[JV.backoffLimit], pi[JV.succeeded], pi[JV.failed], pi[JV.active]]).toEqual([5, 2, 6, 5, 2, 0]);
    expect(str(m, pi[JV.condition]!)).toBe('Complete');
    const flaky = last('flaky');
    expect([str(m, flaky[JV.condition]!), str(m, flaky[JV.reason]!), flaky[JV.failed]]).toEqual(['Failed', 'BackoffLimitExceeded', 3]);
    const render = m.jobs.find((j) => j.name === 'render')!;
    expect(render.completionMode).toBe('Indexed');
    expect(str(m, render.versions.at(-1)![JV.completedIndexes])).toBe('0-2');
    expect(m.pods.filter((p) => p.owner === 'Job/render').map((p) => p.completionIndex)).toEqual([0, 1, 2]);
    const ends = m.pods.filter((p) => p.owner === 'Job/pi').map((p) => p.versions.at(-1)![PV.stage]);
    expect(ends.filter((s) => s === Stage.Succeeded)).toHaveLength(5);
    expect(ends.filter((s) => s === Stage.Failed)).toHaveLength(2);
  });

  it("lists the ticks Forbid skipped from the CronJob's JobAlreadyActive Events (a repeat bumps the Event: still a tick), and ties each Job to its CronJob", async () => {
    const m = await model('cronjobs');
    const report = m.cronJobs[0]!;
    const times = report.skips.map(([seq]) => timeOf(m, seq));
    expect(times).toEqual(cron.skippedAt);
    expect(report.skips.map(([, reason]) => str(m, reason))).toEqual(['JobAlreadyActive', 'JobAlreadyActive']);
    expect(str(m, report.skips[0]![2])).toBe('Not starting job because prior execution is running and concurrency policy is Forbid');
    expect(m.jobs.filter((j) => j.cronJob === 'report').map((j) => j.name)).toEqual(cron.jobs);
    expect(report.versions.map((v) => str(m, v[CJV.policy]))).toContain('Replace');
    // Replace deleted the 4:00 and 5:00 Jobs while they ran.
    expect(m.jobs.filter((j) => j.deletedSeq !== null).map((j) => j.name)).toEqual(cron.jobs.slice(1, 3));
  });
});

/** The version in force right after `seq`. */
function versionAt<V extends number[]>(versions: V[], seq: number): V | undefined {
  return versions.filter((v) => (v[0] as number) <= seq).at(-1);
}

function timeOf(m: StoryModel, seq: number): number {
  let t = 0;
  for (let i = 0; i < seq; i++) t += m.timeDeltas[i] ?? 0;
  return t;
}
