import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { ROOT } from '../helpers.js';
import { KUBECTL, kubectlSync } from './kubectl-runner.js';

/*
 * The walkthrough of issue 5, typed with the real /usr/bin/kubectl at `kubelapse live`
 * started as users start it (the CLI, in its own process), then the recording it left.
 */

const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-kubectl-'));
const output = path.join(dir, 'walkthrough.db');
const kubeconfig = path.join(dir, 'kubeconfig');
let child: ChildProcess;
let stdout = '';
// How the process ended, caught from its start: a session that died earlier (killed, or an
// internal error) is reported as such, not waited on for a 'close' that already came.
let ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
// Named in the walkthrough, looked for in the recording at the end.
let stepVictim = '';
let stepNode = '';

const { run: kubectl, ok } = kubectlSync(kubeconfig, dir);

function podsOf(selector: string): Array<{ name: string; node: string; image: string; phase: string; ready: boolean; deleting: boolean }> {
  return JSON.parse(ok('get', 'pods', '-l', selector, '-o', 'json')).items.map((p: any) => ({
    name: p.metadata.name,
    node: p.spec.nodeName ?? '',
    image: p.spec.containers[0].image,
    phase: p.status?.phase ?? '',
    ready: (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'),
    deleting: p.metadata.deletionTimestamp !== undefined,
  }));
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.skipIf(!fs.existsSync(KUBECTL))('kubectl walkthrough against kubelapse live', () => {
  beforeAll(async () => {
    child = spawn(process.execPath, [path.join(ROOT, 'bin/kubelapse.js'), 'live', '--port', '0', '--speed', '4', '--no-viewer', '-o', output, '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stdout += c.toString()));
    ended = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
    await until('the API server to listen', () => (stdout.includes('Ctrl-C') ? true : undefined), 20_000);
  });

  afterAll(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('walks through create, get, scale, replace a pod, roll out, undo, drain and describe', async () => {
    expect(stdout).toMatch(/API server on https:\/\/127\.0\.0\.1:\d+/);
    expect(fs.statSync(kubeconfig).mode & 0o777).toBe(0o600);

    // Columns of a real cluster.
    expect(ok('get', 'nodes').split('\n')[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(ok('get', 'nodes')).toMatch(/node-1\s+Ready\s+<none>\s+\d+s\s+v1\.32\.0/);

    expect(ok('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2').trim()).toBe('deployment.apps/web created');
    expect(ok('rollout', 'status', 'deployment/web', '--timeout=60s')).toContain('successfully rolled out');
    expect(ok('get', 'deployments').split('\n')[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    expect(ok('get', 'deployments')).toMatch(/web\s+2\/2\s+2\s+2\s+\d+s/);
    expect(ok('get', 'rs').split('\n')[0]).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE$/);
    expect(ok('get', 'pods', '-o', 'wide').split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);

    // Names: <deploy>-<hash> and <deploy>-<hash>-<5 chars>.
    const rsNames = ok('get', 'rs', '-l', 'app=web', '-o', 'name').trim().split('\n');
    expect(rsNames).toHaveLength(1);
    const firstRs = (rsNames[0] as string).replace('replicaset.apps/', '');
    expect(firstRs).toMatch(new RegExp(`^web-${SAFE}{6,10}$`));
    const pods = podsOf('app=web');
    expect(pods).toHaveLength(2);
    for (const p of pods) expect(p.name).toMatch(new RegExp(`^${firstRs}-${SAFE}{5}$`));

    // Delete a pod: its replacement comes up under another name.
    const victim = (pods[0] as { name: string }).name;
    stepVictim = victim;
    expect(ok('delete', 'pod', victim).trim()).toBe(`pod "${victim}" deleted`);
    const replaced = await until('a replacement pod', () => {
      const now = podsOf('app=web').filter((p) => !p.deleting);
      return now.length === 2 && !now.some((p) => p.name === victim) && now.every((p) => p.ready) ? now : undefined;
    });
    expect(replaced.map((p) => p.name)).not.toContain(victim);

    // kubectl get -w: a table watch that prints each change as a row.
    const watcher = spawn(KUBECTL, ['get', 'deployment', 'web', '-w'], { env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dir } });
    let watched = '';
    watcher.stdout.on('data', (c: Buffer) => (watched += c.toString()));
    await until('the watch to print its first row', () => (watched.includes('web') ? true : undefined), 20_000);
    // --current-replicas makes kubectl PUT the Scale (without a Content-Type, as it happens).
    expect(ok('scale', 'deployment', 'web', '--current-replicas=2', '--replicas=3').trim()).toBe('deployment.apps/web scaled');
    expect(ok('rollout', 'status', 'deployment/web', '--timeout=60s')).toContain('successfully rolled out');
    await until('the watch to show 3/3', () => (/web\s+3\/3\s+3\s+3/.test(watched) ? true : undefined), 20_000);
    watcher.kill();
    expect(watched.split('\n')[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    expect(watched).toMatch(/web\s+2\/3\s+3\s+2/);
    expect(podsOf('app=web').filter((p) => !p.deleting)).toHaveLength(3);

    expect(ok('set', 'image', 'deployment/web', 'nginx=nginx:1.26').trim()).toBe('deployment.apps/web image updated');
    expect(ok('rollout', 'status', 'deployment/web', '--timeout=90s')).toContain('successfully rolled out');
    await until('the old pods to go', () => (podsOf('app=web').every((p) => p.image === 'nginx:1.26') ? true : undefined));
    expect(ok('rollout', 'history', 'deployment/web')).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);

    expect(ok('rollout', 'undo', 'deployment/web').trim()).toBe('deployment.apps/web rolled back');
    expect(ok('rollout', 'status', 'deployment/web', '--timeout=90s')).toContain('successfully rolled out');
    await until('the 1.25 pods back', () => (podsOf('app=web').every((p) => p.image === 'nginx:1.25') ? true : undefined));
    // Undo brings back the first ReplicaSet, not a new one.
    const rsAfter = JSON.parse(ok('get', 'rs', '-l', 'app=web', '-o', 'json')).items.map((r: any) => [r.metadata.name, r.spec.replicas]);
    expect(rsAfter).toContainEqual([firstRs, 3]);
    expect(rsAfter).toHaveLength(2);

    // Drain the node of one of the pods, honouring a PodDisruptionBudget.
    expect(ok('create', 'pdb', 'web', '--selector=app=web', '--max-unavailable=1').trim()).toBe('poddisruptionbudget.policy/web created');
    const node = (podsOf('app=web')[0] as { node: string }).node;
    stepNode = node;
    const drained = ok('drain', node, '--ignore-daemonsets', '--timeout=90s');
    expect(drained).toContain(`node/${node} cordoned`);
    expect(drained).toContain(`node/${node} drained`);
    expect(ok('get', 'node', node)).toContain('Ready,SchedulingDisabled');
    await until('pods off the drained node and all ready', () => {
      const now = podsOf('app=web').filter((p) => !p.deleting);
      return now.length === 3 && now.every((p) => p.ready && p.node !== node) ? true : undefined;
    });

    // Describe and events, as kubectl users read them.
    const described = ok('describe', 'pod', (podsOf('app=web')[0] as { name: string }).name);
    expect(described).toMatch(/Controlled By:\s+ReplicaSet\/web-/);
    expect(described).toMatch(/Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\//);
    expect(ok('describe', 'deployment', 'web')).toMatch(/NewReplicaSet:\s+web-\S+ \(3\/3 replicas created\)/);
    expect(ok('describe', 'node', node)).toMatch(/Unschedulable:\s+true/);
    expect(ok('get', 'events').split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);

    // A Service: its EndpointSlice as kubectl describe reads it.
    expect(ok('expose', 'deployment', 'web', '--port=80', '--target-port=8080').trim()).toBe('service/web exposed');
    await until('three endpoints', () => (/Endpoints:\s+(\S+:8080,){2}\S+:8080/.test(ok('describe', 'service', 'web')) ? true : undefined), 20_000);
    expect(ok('get', 'endpointslices', '-l', 'kubernetes.io/service-name=web')).toMatch(/web-\S+\s+IPv4\s+8080\s+/);
    // The processes' own lines (logs.e2e.test.ts covers kubectl logs in full).
    expect(ok('logs', 'deployment/web')).toMatch(/^starting \S+\n/);

    // Errors read as they do against a real cluster.
    const missing = kubectl('get', 'pod', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.err.trim()).toBe('Error from server (NotFound): pods "nope" not found');
    expect(kubectl('get', 'widgets').err).toContain('the server doesn\'t have a resource type "widgets"');

  }, 300_000);

  it('takes the rest of kubectl\'s everyday verbs with their usual flags', async () => {
    const manifest = path.join(dir, 'api.yaml');
    const write = (replicas: number, image: string): void =>
      fs.writeFileSync(manifest, [
        'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: api, labels: {team: a}}', 'spec:', `  replicas: ${replicas}`,
        '  selector: {matchLabels: {app: api}}', '  template:', '    metadata: {labels: {app: api}}', '    spec:',
        `      containers: [{name: api, image: "${image}", ports: [{containerPort: 8080}]}]`,
        '---', 'apiVersion: v1', 'kind: Service', 'metadata: {name: api}', 'spec: {selector: {app: api}, ports: [{port: 80, targetPort: 8080}]}', '',
      ].join('\n'));
    // Client-side apply: create, configure (a three-way strategic merge patch), unchanged.
    write(2, 'nginx:1.25');
    expect(ok('apply', '-f', manifest).trim().split('\n')).toEqual(['deployment.apps/api created', 'service/api created']);
    write(3, 'nginx:1.26');
    expect(ok('apply', '-f', manifest).trim().split('\n')).toEqual(['deployment.apps/api configured', 'service/api unchanged']);
    expect(ok('apply', '-f', manifest).trim().split('\n')).toEqual(['deployment.apps/api unchanged', 'service/api unchanged']);
    const applied = JSON.parse(ok('get', 'deployment', 'api', '-o', 'json'));
    expect(applied.spec.replicas).toBe(3);
    expect(applied.spec.template.spec.containers[0].image).toBe('nginx:1.26');
    expect(JSON.parse(applied.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).spec.replicas).toBe(3);
    // create -f of something that exists is refused as kubectl users know it.
    const again = kubectl('create', '-f', manifest);
    expect(again.code).toBe(1);
    expect(again.err).toContain(`Error from server (AlreadyExists): error when creating "${manifest}": deployments.apps "api" already exists`);

    // ConfigMaps, Secrets and ServiceAccounts are stored and served (no component reads them).
    expect(ok('create', 'configmap', 'cfg', '--from-literal=mode=prod').trim()).toBe('configmap/cfg created');
    expect(ok('create', 'secret', 'generic', 'sec', '--from-literal=token=s3cr3t').trim()).toBe('secret/sec created');
    expect(ok('create', 'serviceaccount', 'robot').trim()).toBe('serviceaccount/robot created');
    expect(Buffer.from(ok('get', 'secret', 'sec', '-o', 'jsonpath={.data.token}'), 'base64').toString()).toBe('s3cr3t');
    expect(ok('get', 'configmaps').split('\n')[0]).toMatch(/^NAME\s+DATA\s+AGE$/);
    expect(ok('get', 'secret', 'sec')).toMatch(/sec\s+Opaque\s+1\s/);

    // Output formats, namespaces, selectors.
    expect(ok('get', 'deploy', 'api', '-o', 'name').trim()).toBe('deployment.apps/api');
    expect(ok('get', 'deploy', 'api', '-o', 'yaml')).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\n/);
    expect(ok('get', 'pods', '-A', '-l', 'app=api').split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(ok('get', 'leases', '-n', 'kube-node-lease', '-o', 'name')).toContain('lease.coordination.k8s.io/node-1');
    expect(ok('create', 'namespace', 'team-b').trim()).toBe('namespace/team-b created');
    expect(ok('create', 'deployment', 'b', '--image=nginx:1.25', '-n', 'team-b').trim()).toBe('deployment.apps/b created');
    expect(ok('get', 'deploy', '-n', 'team-b', '-o', 'name').trim()).toBe('deployment.apps/b');

    // label / annotate, with and without --overwrite.
    expect(ok('label', 'deployment', 'api', 'tier=web').trim()).toBe('deployment.apps/api labeled');
    const clash = kubectl('label', 'deployment', 'api', 'tier=db');
    expect(clash.code).toBe(1);
    expect(clash.err).toContain("'tier' already has a value (web), and --overwrite is false");
    expect(ok('label', 'deployment', 'api', 'tier=db', '--overwrite').trim()).toBe('deployment.apps/api labeled');
    expect(ok('annotate', 'deployment', 'api', 'owner=me').trim()).toBe('deployment.apps/api annotated');
    expect(ok('annotate', 'deployment', 'api', 'owner=you', '--overwrite').trim()).toBe('deployment.apps/api annotated');
    const labelled = JSON.parse(ok('get', 'deployment', 'api', '-o', 'json')).metadata;
    expect(labelled.labels).toMatchObject({ team: 'a', tier: 'db' });
    expect(labelled.annotations.owner).toBe('you');

    // patch: strategic (containers merge by name), merge, json.
    expect(ok('patch', 'deployment', 'api', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"api","env":[{"name":"MODE","value":"x"}]}]}}}}').trim()).toBe('deployment.apps/api patched');
    const patched = JSON.parse(ok('get', 'deployment', 'api', '-o', 'json')).spec.template.spec.containers;
    expect(patched).toHaveLength(1);
    expect(patched[0]).toMatchObject({ name: 'api', image: 'nginx:1.26', env: [{ name: 'MODE', value: 'x' }] });
    expect(ok('patch', 'deployment', 'api', '--type=merge', '-p', '{"metadata":{"labels":{"tier":null}}}').trim()).toBe('deployment.apps/api patched');
    expect(ok('patch', 'deployment', 'api', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":2}]').trim()).toBe('deployment.apps/api patched');
    const after = JSON.parse(ok('get', 'deployment', 'api', '-o', 'json'));
    expect(after.metadata.labels.tier).toBeUndefined();
    expect(after.spec.replicas).toBe(2);

    // rollout pause / resume / restart.
    expect(ok('rollout', 'pause', 'deployment/api').trim()).toBe('deployment.apps/api paused');
    expect(JSON.parse(ok('get', 'deployment', 'api', '-o', 'json')).spec.paused).toBe(true);
    expect(ok('rollout', 'resume', 'deployment/api').trim()).toBe('deployment.apps/api resumed');
    expect(ok('rollout', 'restart', 'deployment/api').trim()).toBe('deployment.apps/api restarted');
    expect(ok('rollout', 'status', 'deployment/api', '--timeout=90s')).toContain('successfully rolled out');
    expect(JSON.parse(ok('get', 'deployment', 'api', '-o', 'json')).spec.template.metadata.annotations).toHaveProperty(['kubectl.kubernetes.io/restartedAt']);

    // kubectl autoscale creates an autoscaling/v1 HPA (sent as protobuf); stored as v2.
    expect(ok('autoscale', 'deployment', 'api', '--min=2', '--max=5', '--cpu-percent=60').trim()).toBe('horizontalpodautoscaler.autoscaling/api autoscaled');
    expect(ok('get', 'hpa').split('\n')[0]).toMatch(/^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE$/);
    expect(ok('get', 'hpa', 'api')).toMatch(/api\s+Deployment\/api\s+cpu: \S+\/60%\s+2\s+5\s/);
    const hpa = JSON.parse(ok('get', 'hpa', 'api', '-o', 'json'));
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }]);
    expect(ok('delete', 'hpa', 'api').trim()).toBe('horizontalpodautoscaler.autoscaling "api" deleted');

    // scale with a precondition that does not hold.
    const stale = kubectl('scale', 'deployment', 'api', '--current-replicas=9', '--replicas=4');
    expect(stale.code).toBe(1);
    expect(stale.err).toContain('Expected replicas to be 9, was 2');

    // cordon / uncordon, on a node the walkthrough did not drain (that one stays cordoned).
    const spare = ['node-1', 'node-2', 'node-3'].find((n) => n !== stepNode) as string;
    expect(ok('cordon', spare).trim()).toBe(`node/${spare} cordoned`);
    expect(ok('get', 'node', spare)).toContain('SchedulingDisabled');
    expect(ok('uncordon', spare).trim()).toBe(`node/${spare} uncordoned`);

    // delete: --grace-period, -l, and --wait for a Deployment's pods to go.
    const one = (podsOf('app=api')[0] as { name: string }).name;
    expect(ok('delete', 'pod', one, '--grace-period=1').trim()).toBe(`pod "${one}" deleted`);
    expect(kubectl('get', 'pod', one).err).toContain(`pods "${one}" not found`);
    expect(ok('delete', 'deployment', 'api', '--wait').trim()).toBe('deployment.apps "api" deleted');
    await until('the api pods to go', () => (podsOf('app=api').length === 0 ? true : undefined));
    expect(ok('delete', 'deploy,svc', '-l', 'app=nothing').trim()).toBe('No resources found');
    expect(ok('delete', 'service', '-l', 'app!=x', '--field-selector', 'metadata.name=api').trim()).toBe('service "api" deleted');
  }, 300_000);

  it('ends the session with Ctrl-C, and the recording has every step with kubectl as actor and its effects', async () => {
    const victim = stepVictim;
    const node = stepNode;
    // Ctrl-C ends the session; the recording is complete.
    expect({ exitCode: child.exitCode, signal: child.signalCode }, `kubelapse live ended before Ctrl-C; its output:\n${stdout}`).toEqual({ exitCode: null, signal: null });
    child.kill('SIGINT');
    let waited: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timed out'>((resolve) => (waited = setTimeout(() => resolve('timed out'), 40_000)));
    const end = await Promise.race([ended, timedOut]);
    clearTimeout(waited);
    expect(end, `kubelapse live after Ctrl-C; its output:\n${stdout}`).toEqual({ code: 0, signal: null });
    expect(stdout).toMatch(/recorded \d+ events over/);

    const rec = Recording.open(output);
    try {
      expect(rec.meta()).toMatchObject({ complete: '1', source: 'live' });
      const rows = rec.db.prepare("SELECT seq, verb, subresource, kind, name, message FROM events WHERE actor = 'kubectl' ORDER BY seq").all() as any[];
      const find = (pred: (r: any) => boolean, what: string) => {
        const r = rows.find(pred);
        if (r === undefined) throw new Error(`no kubectl write for ${what} in ${JSON.stringify(rows.map((x) => x.message))}`);
        return r;
      };
      const steps = [
        find((r) => r.verb === 'create' && r.kind === 'Deployment' && r.name === 'web', 'create deployment'),
        find((r) => r.kind === 'Pod' && r.name === victim && r.message.startsWith('kubectl delete'), 'delete pod'),
        find((r) => r.subresource === 'scale' && r.message.startsWith('kubectl scale'), 'scale'),
        find((r) => r.kind === 'Deployment' && r.message.startsWith('kubectl set image'), 'set image'),
        find((r) => r.kind === 'Deployment' && r.message.startsWith('kubectl rollout undo'), 'rollout undo'),
        find((r) => r.kind === 'Node' && r.name === node && r.message.startsWith('kubectl drain'), 'cordon by drain'),
        find((r) => r.subresource === 'eviction' && r.message.startsWith('kubectl drain'), 'eviction by drain'),
      ];
      // Every step had effects: some other component wrote because of it.
      const effects = rec.db.prepare('SELECT count(*) FROM events WHERE cause_seq = ? AND actor != ?').pluck();
      for (const s of steps) expect(effects.get(s.seq, 'kubectl'), `effects of ${s.message}`).toBeGreaterThan(0);
      // One action marker per kubectl command that wrote.
      const markers = rec.markers().filter((m) => m.kind === 'action').map((m) => m.title);
      expect(markers).toEqual(expect.arrayContaining(['kubectl create deployment', 'kubectl delete', 'kubectl scale', 'kubectl set image', 'kubectl rollout undo', 'kubectl create poddisruptionbudget', 'kubectl drain']));
    } finally {
      rec.close();
    }
    const verify = spawnSync(process.execPath, [path.join(ROOT, 'bin/kubelapse.js'), 'verify', output], { encoding: 'utf8' });
    expect(verify.status).toBe(0);
  }, 60_000);
});
