import type { StoryModel } from '../../shared/model.js';
import { api } from './api.js';
import { clock } from './format.js';
import type { ModelIndex } from './model-index.js';

/** The shortest time between two rebuilds of a live recording's views. */
const MIN_GAP_MS = 1000;

interface LiveState {
  lastSeq: number;
  endTimeMs: number;
  complete: boolean;
}

/**
 * Follows a recording that a live session is still writing: the server says when it
 * has grown (Server-Sent Events), the model is fetched again, and `apply` rebuilds the
 * views, returning whether the playhead followed the end. One fetch at a time; updates
 * that arrive meanwhile, or while the user drags the playhead, are folded into the next.
 */
export function followLive(
  rec: string,
  first: ModelIndex,
  apply: (m: StoryModel) => boolean,
  busy: () => boolean,
  say: (text: string) => void,
  toast: (msg: string, error?: boolean) => void,
): void {
  let shownSeq = first.lastSeq;
  let latest: LiveState | undefined;
  let fetching = false;
  let following = true;
  let lastStart = -Infinity;
  let lastCost = 0;
  let waiting = false;
  const describe = (s: LiveState): string =>
    s.complete
      ? `live session ended · ${s.lastSeq} events · ${clock(s.endTimeMs)} · complete`
      : `● live · ${s.lastSeq} events · ${clock(s.endTimeMs)} · ${following ? 'following' : 'playhead held: press End to follow'}`;
  const update = async (): Promise<void> => {
    if (fetching || latest === undefined) return;
    if (busy()) {
      window.setTimeout(() => void update(), 300);
      return;
    }
    const target = latest;
    if (target.lastSeq <= shownSeq && !target.complete) return;
    // At most one rebuild a second, or four times as long as the last one took: the
    // server building models must not starve the live API server it may share a thread with.
    const wait = lastStart + Math.max(MIN_GAP_MS, 4 * lastCost) - performance.now();
    if (wait > 0 && !target.complete) {
      if (!waiting) {
        waiting = true;
        window.setTimeout(() => {
          waiting = false;
          void update();
        }, wait);
      }
      return;
    }
    fetching = true;
    lastStart = performance.now();
    try {
      const model = await api.model(rec);
      following = apply(model);
      shownSeq = target.lastSeq;
      lastCost = performance.now() - lastStart;
    } catch (err) {
      toast(`live update failed: ${(err as Error).message}`, true);
    } finally {
      fetching = false;
    }
    say(describe(latest));
    if (latest.lastSeq > shownSeq) void update();
  };
  const source = new EventSource(`/api/recordings/${encodeURIComponent(rec)}/live`);
  source.onmessage = (ev: MessageEvent<string>) => {
    latest = JSON.parse(ev.data) as LiveState;
    say(describe(latest));
    if (latest.complete) source.close();
    void update();
  };
  source.onerror = () => {
    if (latest?.complete) return;
    say('live · connection to the viewer server lost; reload to reconnect');
  };
}
