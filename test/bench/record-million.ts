/**
 * Child process of the benchmark: records N events through the real path (API server
 * -> writes$ -> recorder -> SQLite) and reports wall time and peak RSS. Run alone so
 * the RSS is this workload's own.
 */
import { Recorder } from '../../core/record/recorder.js';
import { Recording } from '../../core/record/recording.js';
import { Simulation } from '../../core/sim/cluster.js';
import { benchPod, statusPatch } from './workload.js';

const [out = 'million.db', countText = '1000000', podsText = '1000'] = process.argv.slice(2);
const target = Number(countText);
const pods = Number(podsText);

const started = process.hrtime.bigint();
const rec = Recording.create(out, { source: 'simulation', name: 'bench-million', title: 'benchmark', epoch: '2026-01-01T00:00:00Z' });
const sim = new Simulation({ seed: 1, epoch: '2026-01-01T00:00:00Z' });
const recorder = new Recorder(rec).attach(sim.api.writes$);
sim.bootstrap(Array.from({ length: 100 }, (_, i) => ({ name: `node-${i + 1}`, cpu: '16', memory: '64Gi', pods: 110, labels: {}, taints: [] })));
const kubelet = sim.client('kubelet/node-1');
let t = 0;
for (let i = 0; i < pods && recorder.count < target; i++) {
  sim.api.create(benchPod(i), { actor: 'replicaset-controller', causeSeq: 1 });
}
let round = 0;
while (recorder.count < target) {
  t += 10;
  sim.runUntil(t);
  const i = round % pods;
  kubelet.withCause(recorder.count).patchStatus('Pod', 'default', benchPod(i).metadata.name as string, statusPatch(round), 'merge');
  round++;
  if (round % 100_000 === 0 && process.stderr.isTTY) process.stderr.write(`\r  recorded ${recorder.count.toLocaleString('en')} events`);
}
recorder.close({ complete: true, endTimeMs: t });
rec.close();
const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
process.stdout.write(JSON.stringify({ events: recorder.count, wallMs, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
