import { Recording } from '../record/recording.js';
import { INDEX_CACHE_FROM } from '../replay/index-cache.js';
import { Replay, TAKEN } from '../replay/replay.js';
import { rowSummaryId, summarizeRow } from '../printers/row-summary.js';
import { clusterClock, parseEpoch } from '../sim/time.js';

/**
 * Not Events: at 100,000 pods they were three quarters of the step (671,015 live Events,
 * 22.8 of 29.5 s of CPU, a 105 MB file), for `get events` only; `kubelapse events`, the
 * usual way to read them, does not use these files. A first `get events` builds its own.
 */
const WARMED_KINDS = ['Pod', 'Node'] as const;

/**
 * Builds a long recording's index cache and `get`'s summary caches (summary-cache.ts) for
 * every Pod and Node live at its end, when `kubelapse run` or `start` has just
 * written it: the first `get pods -A` after the run then reads 17 MB of summaries instead
 * of reading, parsing and summarising every live Pod's 3.8 kB row (the 100,000-pod
 * recording: 13.6 s of CPU and 480 MB cold, 0.63 s cached). The end's live set is the one
 * a `get` without --at prints, and nearly all of any late --at's (a Pod written since is
 * summarised from its row by that `get` and kept): at 30 s of the 100,000-pod recording
 * 101,002 Pods are live, all but ~100 of them in the same version as at the end.
 * Not every version: 584,843 Pod writes would make a 100 MB file that every `get` reads.
 * The same threshold as the index cache (a shorter recording summarises its rows at each
 * `get` faster than it reads a file); `cacheFrom` lowers it for tests. `say` is told before
 * it starts (the 100,000-pod recording: ~8 s of CPU); a failure costs only the first
 * `get`'s time.
 */
export function warmGetCaches(file: string, say: (line: string) => void = () => {}, cacheFrom = INDEX_CACHE_FROM): void {
  try {
    const rec = Recording.open(file, { readonly: true });
    try {
      const head = rec.head();
      if (cacheFrom <= 0 || head === undefined || head.seq < cacheFrom) return;
      say(`caching the index and get's tables of ${head.seq.toLocaleString('en-US')} events, for the first get`);
      const replay = Replay.open(rec, { cacheFrom });
      const meta = rec.meta();
      // Summaries do not read the clock's now (row-summary.ts): AGE is kept as the ms it counts from.
      const placing = clusterClock(parseEpoch(meta.epoch ?? '1970-01-01T00:00:00Z'), () => 0);
      const summarizer = { id: rowSummaryId(meta.epoch), summarize: (o: Parameters<typeof summarizeRow>[0]) => summarizeRow(o, placing) };
      const live = WARMED_KINDS.map((kind) => ({ kind, seqs: replay.liveKindAt(replay.lastSeq, kind, null).seqs }));
      // summaryBytes makes and saves the lines its file lacks; the lines themselves are not needed here.
      for (const { kind, seqs } of live) if (seqs.length > 0) replay.summaryBytes(seqs, kind, summarizer, () => TAKEN);
    } finally {
      rec.close();
    }
  } catch {
    // the first get builds them
  }
}
