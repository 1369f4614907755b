import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from './fixtures.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- API bodies are open JSON */

/**
 * The quota story in the viewer's API: the ResourceQuota is among the objects of the
 * cluster at any moment, each charge is an event with its object and a diff of
 * status.used, and the refused creates are the FailedCreate Events of the log.
 */
let viewer: RunningViewer;
const get = async (p: string): Promise<any> => (await fetch(new URL(p, viewer.url))).json();

beforeAll(async () => {
  viewer = await startViewer({ dir: recordingsDir(['quota']), port: 0 });
});
afterAll(async () => viewer?.close());

describe('viewer API on the quota story', () => {
  it('state?kind=quota has the quota with its used and hard at the playhead', async () => {
    const body = await get('/api/recordings/quota/state?time=30s&kind=quota&namespace=default');
    expect(body.objects.map((o: any) => o.metadata.name)).toEqual(['compute']);
    expect(body.objects[0].status.used.pods).toBe('3');
    expect(body.objects[0].status.hard.pods).toBe('3');
  });

  it('a charge is an event of the log, and its detail diffs status.used', async () => {
    const { events } = await get('/api/recordings/quota/events?kind=quota&actor=kube-apiserver&limit=5');
    expect(events.length).toBeGreaterThan(0);
    const detail = await get(`/api/recordings/quota/events/${events[0].seq}`);
    expect(detail.object.kind).toBe('ResourceQuota');
    expect(detail.diff).toContainEqual(expect.objectContaining({ path: 'status.used.pods' }));
    const failed = await get('/api/recordings/quota/events?reason=FailedCreate&limit=1');
    expect(failed.events[0].message).toContain('is forbidden: exceeded quota: compute');
  });
});
