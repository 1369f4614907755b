import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { cluster, isReady } from '../controllers/cluster-helpers.js';

const pod = (name: string, container: Record<string, unknown>): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27', ...container }] },
});

const http = (port: number | string): Record<string, unknown> => ({ readinessProbe: { httpGet: { path: '/', port }, periodSeconds: 2 } });

/** A probe reaches the app only on a port the container listens on (probes.ts reach). */
describe("a probe on a port the container doesn't listen on", () => {
  it('is refused (0/1, upstream messages); a declared, an image-known or an undeclared unknown port passes', () => {
    const c = cluster(1);
    c.kubectl.create(pod('wrongport', { ports: [{ containerPort: 80 }], ...http(9999) }));
    c.kubectl.create(pod('undeclared-nginx', http(9999)));
    c.kubectl.create(pod('badname', { ports: [{ containerPort: 80, name: 'web' }], ...http('http') }));
    c.kubectl.create(pod('tcp', { ports: [{ containerPort: 80 }], readinessProbe: { tcpSocket: { port: 81 }, periodSeconds: 2 } }));
    c.kubectl.create(pod('right', { ports: [{ containerPort: 80 }], ...http(80) }));
    c.kubectl.create(pod('named', { ports: [{ containerPort: 8080, name: 'http' }], ...http('http') }));
    c.kubectl.create(pod('nginx-own', http(80)));
    c.kubectl.create(pod('app', { image: 'example.com/app:v1', command: ['/app', '--listen=:9999'], ...http(9999) }));
    c.run(30_000);
    const ready = (name: string): boolean => isReady(c.sim.api.get('Pod', 'default', name));
    for (const name of ['right', 'named', 'nginx-own', 'app']) expect(ready(name), name).toBe(true);
    for (const name of ['wrongport', 'undeclared-nginx', 'badname', 'tcp']) expect(ready(name), name).toBe(false);
    const said = (name: string): string | undefined => c.events('Unhealthy').find((e) => (e.involvedObject as { name?: string }).name === name)?.message as string | undefined;
    const ip = (name: string): string => c.sim.api.get('Pod', 'default', name).status.podIP;
    expect(said('wrongport')).toBe(`Readiness probe failed: Get "http://${ip('wrongport')}:9999/": dial tcp ${ip('wrongport')}:9999: connect: connection refused`);
    expect(said('tcp')).toBe(`Readiness probe failed: dial tcp ${ip('tcp')}:81: connect: connection refused`);
    expect(said('badname')).toBe("Readiness probe errored: couldn't find port: http in container web");
  });
});
