import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveProcess, type LiveProcess } from '../live/live-process.js';

/*
 * The live API's paths, methods, query parameters and bodies at random, as a scanner or
 * a confused client sends them: every answer is a Kubernetes Status for an error, never
 * a 5xx, and the process stays up. Watches are cut after a moment; their status counts.
 */

const segment = fc.oneof(
  fc.constantFrom('api', 'apis', 'v1', 'apps', 'namespaces', 'default', 'kube-system', 'ghost', 'pods', 'deployments', 'nodes', 'node-1', 'services', 'configmaps', 'events', 'leases', 'status', 'scale', 'binding', 'eviction', 'log', 'exec', 'ephemeralcontainers', 'finalize', 'watch', 'openapi', 'v2', 'v3', 'version', 'healthz', 'metrics.k8s.io', 'v1beta1', 'authorization.k8s.io', 'selfsubjectaccessreviews', '..', '.', '%2e%2e', '%zz', '%00', ''),
  fc.string({ maxLength: 10 }).map(encodeURIComponent),
);
const prefix = fc.constantFrom('/api/v1', '/apis/apps/v1', '/apis', '/api', '', '//', '//api/v1', '/apis/apps/v1/namespaces/default', '/api/v1/namespaces/default');
const param = fc.tuple(
  fc.constantFrom('watch', 'timeoutSeconds', 'resourceVersion', 'resourceVersionMatch', 'labelSelector', 'fieldSelector', 'limit', 'continue', 'allowWatchBookmarks', 'dryRun', 'fieldManager', 'force', 'propagationPolicy', 'gracePeriodSeconds', 'includeObject', 'sendInitialEvents', 'pretty'),
  fc.oneof(fc.constantFrom('true', 'True', '1', 'false', 'abc', '-1', '0', '99999999999999999999', '1e3', '999999999', 'NotOlderThan', 'Exact', 'app=web', 'app in (a,b', 'metadata.name=x', 'spec.bogus=1', 'All', 'Object', '%ff'), fc.string({ maxLength: 8 }).map(encodeURIComponent)),
);
const bodyArb = fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), fc.constantFrom('{', 'null', '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"fz"},"spec":{"containers":[{"name":"a","image":"nginx"}]}}'));
const contentType = fc.constantFrom('application/json', 'application/yaml', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json', 'application/apply-patch+yaml', 'application/vnd.kubernetes.protobuf', 'text/plain', '');
const accept = fc.constantFrom('application/json', 'application/json;as=Table;v=v1;g=meta.k8s.io', 'application/vnd.kubernetes.protobuf', '*/*', 'text/html');

describe('the live API under random requests', () => {
  let live: LiveProcess;
  const tally = new Map<string, number>();

  beforeAll(async () => {
    live = await startLiveProcess([], { speed: 20 });
  }, 30_000);

  afterAll(async () => {
    await live?.stop();
  });

  it('answers every request with a Status or data, never 5xx, and keeps running', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'GET', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'), prefix, fc.array(segment, { maxLength: 5 }), fc.array(param, { maxLength: 4 }), bodyArb, contentType, accept, async (method, pre, segs, params, body, type, acc) => {
        const q = params.length === 0 ? '' : '?' + params.map(([k, v]) => `${k}=${v.replace(/[ ()]/g, encodeURIComponent)}`).join('&');
        const urlPath = `${pre}/${segs.join('/')}${q}`.replace(/^$/, '/');
        const r = await live.request(method, urlPath, { ...(body !== undefined && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) ? { body } : {}), ...(type !== '' ? { contentType: type } : {}), accept: acc, abortAfterMs: 1500 });
        tally.set(`${Math.floor(r.status / 100)}xx`, (tally.get(`${Math.floor(r.status / 100)}xx`) ?? 0) + 1);
        expect(r.status, `${method} ${urlPath} (${type}) -> ${r.text.slice(0, 300)}`).toBeLessThan(500);
        expect(r.status).toBeGreaterThan(0);
        if (r.status >= 400 && method !== 'HEAD') {
          expect(JSON.parse(r.text), `${method} ${urlPath}`).toMatchObject({ kind: 'Status', status: 'Failure', code: r.status });
        }
        expect(live.alive(), live.log()).toBe(true);
      }),
      { seed: 20261204, numRuns: 500 },
    );
    console.log(`live API fuzz: ${[...tally].map(([k, v]) => `${v} ${k}`).join(', ')}`);
  }, 300_000);
});
