/**
 * Makes the viewer benchmark's recording: a Deployment of `replicas` pods on `nodes`
 * nodes, rolled to a new image again and again until the recording has at least
 * `minEvents` events. Prints one JSON line with what it made.
 */
import { executeKubectl } from '../../core/kubectl/execute.js';
import { parseKubectl } from '../../core/kubectl/parse.js';
import { Recorder } from '../../core/record/recorder.js';
import { Recording } from '../../core/record/recording.js';
import { Simulation } from '../../core/sim/cluster.js';
import { ControlPlane } from '../../core/sim/control-plane.js';
import { warmModelCache } from '../../viewer/server/model/model-cache.js';

const [file = 'viewer-bench.db', replicasArg = '1000', nodesArg = '40', minEventsArg = '100000'] = process.argv.slice(2);
const replicas = Number(replicasArg);
const minEvents = Number(minEventsArg);
const rec = Recording.create(file, { source: 'simulation', name: 'viewer-bench', title: `${replicas} replicas rolled until ${minEvents} events`, epoch: '2026-01-01T00:00:00Z' });
const sim = new Simulation({ seed: 1, epoch: '2026-01-01T00:00:00Z' });
const recorder = new Recorder(rec).attach(sim.api.writes$);
const nodes = Array.from({ length: Number(nodesArg) }, (_, i) => ({ name: `node-${i + 1}`, cpu: '64', memory: '256Gi', pods: 110, labels: {}, taints: [] }));
sim.bootstrap(nodes);
new ControlPlane(sim).start(nodes);
const kubectl = sim.client('kubectl');
kubectl.create({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.0', resources: { requests: { cpu: '100m', memory: '64Mi' } }, readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } }] } },
  },
});
const done = (): boolean => {
  const d = sim.api.get('Deployment', 'default', 'web');
  return (d.status?.updatedReplicas ?? 0) === replicas && (d.status?.availableReplicas ?? 0) === replicas && (d.status?.replicas ?? 0) === replicas;
};
let t = 0;
let version = 0;
for (;;) {
  const start = t;
  sim.runUntil((t += 1_000));
  while (!done() && t < start + 3_600_000) sim.runUntil((t += 5_000));
  if (recorder.count >= minEvents) break;
  executeKubectl(kubectl, parseKubectl(`set image deployment/web web=nginx:1.${++version}`), () => []);
}
recorder.close({ complete: true, endTimeMs: t });
rec.close();
const started = performance.now();
warmModelCache(file);
console.log(JSON.stringify({ events: recorder.count, rollouts: version, endTimeMs: t, modelBuildMs: Math.round(performance.now() - started) }));
