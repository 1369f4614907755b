import { describe, expect, it } from 'vitest';
import { KubectlError } from '../../core/kubectl/command.js';
import { applyObject, LAST_APPLIED } from '../../core/kubectl/apply.js';
import { executeKubectl } from '../../core/kubectl/execute.js';
import { parseKubectl } from '../../core/kubectl/parse.js';
import { tokenize } from '../../core/kubectl/tokenize.js';
import { deployment, makeSim } from '../helpers.js';

describe('kubectl command lines', () => {
  it('tokenizes quotes like a shell', () => {
    expect(tokenize(`patch deploy web -p '{"spec": {"replicas": 2}}' --type="merge"`)).toEqual(['patch', 'deploy', 'web', '-p', '{"spec": {"replicas": 2}}', '--type=merge']);
    expect(() => tokenize(`label pod x 'a=b`)).toThrow(/unterminated/);
  });

  it('parses the verbs scenarios use', () => {
    expect(parseKubectl('kubectl create deployment web --image=nginx:1.27 --replicas=4 -n team')).toEqual({ verb: 'create-deployment', namespace: 'team', name: 'web', images: ['nginx:1.27'], replicas: 4 });
    expect(parseKubectl('scale deploy web --replicas 2')).toMatchObject({ verb: 'scale', targets: [{ kind: 'Deployment', name: 'web' }], replicas: 2 });
    expect(parseKubectl('set image deployment/web web=nginx:1.28 sidecar=envoy:2')).toMatchObject({ verb: 'set-image', kind: 'Deployment', name: 'web', images: [['web', 'nginx:1.28'], ['sidecar', 'envoy:2']] });
    expect(parseKubectl('delete pod web-1 web-2 --grace-period=0')).toMatchObject({ verb: 'delete', kind: 'Pod', names: ['web-1', 'web-2'], gracePeriod: 1 });
    expect(parseKubectl('delete pod web-1 --grace-period=0 --force')).toMatchObject({ gracePeriod: 0, force: true });
    expect(parseKubectl('delete pods -l app=web --cascade=foreground')).toMatchObject({ selector: 'app=web', cascade: 'Foreground', names: [] });
    expect(parseKubectl('label pod web-1 tier=fe old- --overwrite')).toMatchObject({ verb: 'label', set: [['tier', 'fe']], remove: ['old'], overwrite: true });
  });

  it('refuses bad lines with kubectl\'s words', () => {
    const msg = (line: string) => {
      try {
        parseKubectl(line);
      } catch (e) {
        if (e instanceof KubectlError) return e.message;
      }
      return 'accepted';
    };
    expect(msg('scale deployment/web')).toBe('required flag(s) "replicas" not set');
    expect(msg('get pods')).toMatch(/^unknown or unsupported command "get"/);
    expect(msg('delete widget x')).toBe('the server doesn\'t have a resource type "widget"');
    expect(msg('scale deploy web --replicas=two')).toBe('invalid argument "two" for "--replicas" flag: not an integer');
    expect(msg('patch deploy web -p {bad')).toBe('unable to parse "{bad": not valid JSON');
    expect(msg('label pod x --frob=1 a=b')).toBe('unknown flag: --frob');
  });
});

describe('kubectl against the API server', () => {
  it('create deployment builds what kubectl builds: app label, selector, container named after the image', () => {
    const sim = makeSim();
    const out = executeKubectl(sim.client('kubectl'), parseKubectl('create deployment web --image=registry.k8s.io/nginx:1.27 --replicas=2'), () => []);
    expect(out).toEqual(['deployment.apps/web created']);
    const d = sim.api.get('Deployment', 'default', 'web');
    expect(d.metadata.labels).toEqual({ app: 'web' });
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(d.spec.template.spec.containers[0]).toMatchObject({ name: 'nginx', image: 'registry.k8s.io/nginx:1.27' });
  });

  it('label without --overwrite refuses to change a value', () => {
    const sim = makeSim();
    const kubectl = sim.client('kubectl');
    sim.api.create(deployment('web'), { actor: 'kubectl' });
    executeKubectl(kubectl, parseKubectl('label deploy web tier=fe'), () => []);
    expect(() => executeKubectl(kubectl, parseKubectl('label deploy web tier=be'), () => [])).toThrow("'tier' already has a value (fe), and --overwrite is false");
    expect(executeKubectl(kubectl, parseKubectl('label deploy web tier=be --overwrite'), () => [])).toEqual(['deployment.apps/web labeled']);
  });

  it('set image names a missing container', () => {
    const sim = makeSim();
    sim.api.create(deployment('web'), { actor: 'kubectl' });
    expect(() => executeKubectl(sim.client('kubectl'), parseKubectl('set image deploy/web nope=x:1'), () => [])).toThrow('unable to find container named "nope"');
  });

  it('apply is three-way: manifest fields win, dropped fields go, fields nobody applied stay', () => {
    const sim = makeSim();
    const kubectl = sim.client('kubectl');
    const v1 = deployment('web', 3);
    v1.metadata.annotations = { team: 'a', note: 'x' };
    expect(applyObject(kubectl, v1)).toBe('deployment.apps/web created');
    expect(JSON.parse(sim.api.get('Deployment', 'default', 'web').metadata.annotations?.[LAST_APPLIED] ?? '{}').spec.replicas).toBe(3);
    // Someone else scales to 7 and adds a label the manifest never had.
    sim.api.updateScale('Deployment', 'default', 'web', 7, { actor: 'hpa' });
    sim.api.patch('Deployment', 'default', 'web', { metadata: { labels: { owner: 'ops' } } }, 'merge', { actor: 'ops' });
    expect(applyObject(kubectl, v1)).toBe('deployment.apps/web configured');
    let live = sim.api.get('Deployment', 'default', 'web');
    expect(live.spec.replicas).toBe(3);
    expect(live.metadata.labels?.owner).toBe('ops');
    // The manifest drops an annotation: it goes; re-applying the same manifest changes nothing.
    const v2 = deployment('web', 3);
    v2.metadata.annotations = { team: 'a' };
    applyObject(kubectl, v2);
    live = sim.api.get('Deployment', 'default', 'web');
    expect(live.metadata.annotations?.note).toBeUndefined();
    expect(live.metadata.annotations?.team).toBe('a');
    expect(applyObject(kubectl, v2)).toBe('deployment.apps/web unchanged');
  });
});
