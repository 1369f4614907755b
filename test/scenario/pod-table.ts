import type { KObject } from '../../core/api/types.js';
import { podCells } from '../../core/printers/pod-printer.js';
import { clusterClock, parseEpoch, type EpochMs } from '../../core/sim/time.js';
import type { Story } from './story.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- recorded objects are open JSON */

/** The shipped scenarios' epoch. */
export const STORY_EPOCH = parseEpoch('2026-01-01T00:00:00Z') as EpochMs;

/** Virtual ms of a recorded timestamp. */
export const atMs = (ts: string): number => clusterClock(STORY_EPOCH, () => 0).virtualOf(ts);

/** A pod as the recording had it at `ms` (its newest row at or before), or undefined if it did not exist then. */
export function podAt(story: Story, name: string, ms: number): KObject | undefined {
  let last: any;
  for (const r of story.rows) {
    if (r.time_ms > ms) break;
    if (r.kind === 'Pod' && r.name === name) last = r.verb === 'delete' && r.subresource === null && story.obj(r).metadata?.deletionTimestamp === undefined ? undefined : story.obj(r);
  }
  return last;
}

/** `kubectl get pod <name>` at `ms`: READY, STATUS, RESTARTS. */
export function getPodAt(story: Story, name: string, ms: number): [string, string, string] | undefined {
  const p = podAt(story, name, ms);
  if (p === undefined) return undefined;
  const c = podCells(p, clusterClock(STORY_EPOCH, () => ms));
  return [c.ready, c.status, c.restarts];
}

/** The distinct STATUS values a pod went through, in order, as each of its writes left it. */
export function statusesOf(story: Story, name: string): string[] {
  const out: string[] = [];
  for (const r of story.rows) {
    if (r.kind !== 'Pod' || r.name !== name) continue;
    const s = podCells(story.obj(r), undefined).status;
    if (out.at(-1) !== s) out.push(s);
  }
  return out;
}
