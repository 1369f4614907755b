import path from 'node:path';
import { benchCluster, rollToNewImage, runUntilRolledOut, webDeployment } from '../bench/web-cluster.js';

/** Pods of the aggregate tests' Deployment: with the line lowered to 100, ~400 pods over the recording go the aggregate way. */
export const AGG_REPLICAS = 180;

/**
 * The recording both aggregate tests read (the model's counts, and the page): 180 pods on
 * 8 nodes, rolled once to a new image, written to `dir/agg.db` and closed complete.
 * `rollAt` is the seq count when the roll starts, `last` the count at the end.
 */
export function aggregateRecording(dir: string): { file: string; rollAt: number; last: number } {
  const file = path.join(dir, 'agg.db');
  const c = benchCluster(file, 8, { cpu: '64', memory: '256Gi' }, { name: 'agg', title: `${AGG_REPLICAS} pods rolled once` });
  c.kubectl.create(webDeployment(AGG_REPLICAS, { image: 'nginx:1.0', probePeriodSeconds: 5, requests: { cpu: '100m', memory: '64Mi' } }));
  c.sim.runUntil(1000);
  let t = runUntilRolledOut(c.sim, AGG_REPLICAS, 1000);
  const rollAt = c.recorder.count;
  t = rollToNewImage(c.sim, c.kubectl, AGG_REPLICAS, t);
  const last = c.recorder.count;
  c.recorder.close({ complete: true, endTimeMs: t });
  c.rec.close();
  return { file, rollAt, last };
}
