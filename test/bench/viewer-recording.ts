/**
 * Makes the viewer benchmark's recording: a Deployment of `replicas` pods on `nodes`
 * nodes, rolled to a new image again and again until the recording has at least
 * `minEvents` events. Prints one JSON line with what it made.
 */
import { executeKubectl } from '../../core/kubectl/execute.js';
import { parseKubectl } from '../../core/kubectl/parse.js';
import { benchCluster, runUntilRolledOut, webDeployment } from './web-cluster.js';
import { warmModelCache } from '../../viewer/server/model/model-cache.js';

const [file = 'viewer-bench.db', replicasArg = '1000', nodesArg = '40', minEventsArg = '100000'] = process.argv.slice(2);
const replicas = Number(replicasArg);
const minEvents = Number(minEventsArg);
const { sim, rec, recorder, kubectl } = benchCluster(file, Number(nodesArg), { cpu: '64', memory: '256Gi' }, { name: 'viewer-bench', title: `${replicas} replicas rolled until ${minEvents} events` });
kubectl.create(webDeployment(replicas, { image: 'nginx:1.0', probePeriodSeconds: 5, requests: { cpu: '100m', memory: '64Mi' } }));
let t = 0;
let version = 0;
for (;;) {
  sim.runUntil((t += 1_000));
  t = runUntilRolledOut(sim, replicas, t);
  if (recorder.count >= minEvents) break;
  executeKubectl(kubectl, parseKubectl(`set image deployment/web web=nginx:1.${++version}`), () => []);
}
recorder.close({ complete: true, endTimeMs: t });
rec.close();
const started = performance.now();
warmModelCache(file);
console.log(JSON.stringify({ events: recorder.count, rollouts: version, endTimeMs: t, modelBuildMs: Math.round(performance.now() - started) }));
