import type { EventRow } from '../record/schema.js';
import type { ExportFormat } from './export-format.js';
import { FileSink } from './file-sink.js';
import { deploymentCounters, failedRequestCounters } from './perfetto-counters.js';
import { podPhaseSlices } from './perfetto-pods.js';
import { CLUSTER_PID, TraceTracks, type Track } from './perfetto-tracks.js';
import { TieBreak } from './tie-break.js';

/**
 * `--format perfetto`: Chrome Trace Event JSON (the "JSON Object Format" of the Trace
 * Event Format doc) that ui.perfetto.dev and chrome://tracing open. Cluster time in µs:
 * a write at 60_000 ms is ts 60_000_000. Each write is a 1 µs complete slice ('X') on its
 * actor's thread; a cause_seq link is a v2 flow: the cause's slice has `bind_id` = its seq
 * and `flow_out`, each effect `bind_id` = the cause's seq and `flow_in` (Perfetto draws
 * one arrow per flow_in, the flow stays open for the next effect). A slice holds one
 * bind_id, so a write that is both an effect and a cause carries its flow_out on a child
 * slice ("→ caused") nested 1 ns inside it. Consecutive writes of one actor with the same
 * cause are nested under a "reconcile" slice: one pass of the controller's sync.
 */
export const perfettoFormat: ExportFormat = {
  name: 'perfetto',
  extension: '.perfetto.json',
  description: 'Perfetto / chrome://tracing trace: a thread per actor, a slice per write, flow arrows for causes, pod phases, counters',
  write(recording, outPath, options) {
    const sink = new FileSink(outPath);
    let first = true;
    const emit = (event: Record<string, unknown>): void => {
      sink.write((first ? '\n' : ',\n') + JSON.stringify(event));
      first = false;
    };
    const counts = { slices: 0, flows: 0 };
    try {
      sink.write(`{"displayTimeUnit":"ms","otherData":${JSON.stringify({ recording: options.name, generator: 'kubelapse export' })},"traceEvents":[`);
      const tracks = new TraceTracks(emit);
      const causes = recording.causeSeqs(options.fromMs, options.toMs);
      const pods = new Map<number, number>();
      const groups = new ReconcileGroups(emit, counts);
      const ties = new TieBreak();
      const deployments = deploymentCounters(emit);
      const total = recording.lastSeq();
      let firstSeq: number | undefined;
      let lastTs = 0;
      for (const e of recording.events({ fromTime: options.fromMs, toTime: options.toMs })) {
        firstSeq ??= e.seq;
        const ts = e.timeMs * 1000 + ties.next(e.timeMs);
        lastTs = ts;
        if (e.kind === 'Pod') pods.set(e.seq, ts);
        if (e.kind === 'Deployment') deployments.add(e, ts);
        // A cause before --from is not in the file: the write starts its own chain there.
        const cause = e.causeSeq !== null && e.causeSeq >= firstSeq ? e.causeSeq : null;
        groups.add(tracks.of(e.actor), writeSlices(e, ts, cause, causes.has(e.seq), counts), cause);
        if (e.seq % 5000 === 0) options.progress?.(e.seq, total);
      }
      groups.flushAll();
      tracks.process(CLUSTER_PID, 'cluster');
      failedRequestCounters(recording.traffic(options.fromMs, options.toMs), emit);
      const phases = podPhaseSlices(recording, pods, lastTs, tracks, emit);
      for (const m of recording.markers()) {
        if ((m.kind !== 'chapter' && m.kind !== 'action') || (options.fromMs !== undefined && m.timeMs < options.fromMs) || (options.toMs !== undefined && m.timeMs > options.toMs)) continue;
        emit({ ph: 'i', s: 'g', name: m.title, cat: m.kind, ts: m.timeMs * 1000, args: { body: m.body ?? '' } });
      }
      sink.write('\n]}\n');
      options.progress?.(total, total);
      const bytes = sink.close();
      return Promise.resolve({ bytes, detail: `${counts.slices.toLocaleString('en')} slices, ${counts.flows.toLocaleString('en')} flows, ${phases.toLocaleString('en')} pod phases` });
    } catch (err) {
      sink.abandon();
      throw err;
    }
  },
};

type Slice = Record<string, unknown>;

function writeSlices(e: EventRow, ts: number, cause: number | null, isCause: boolean, counts: { slices: number; flows: number }): Slice[] {
  const name = `${e.verb}${e.subresource !== null ? ` ${e.subresource}` : ''} ${e.kind}/${e.name}`;
  const args: Record<string, unknown> = { seq: e.seq, object: `${e.kind} ${e.namespace !== null ? `${e.namespace}/` : ''}${e.name}` };
  if (e.reason !== null) args.reason = e.reason;
  if (e.message !== null) args.message = e.message;
  if (e.causeSeq !== null) args.cause_seq = e.causeSeq;
  const slice: Slice = { ph: 'X', name, cat: 'write', ts, dur: 1, args };
  const out: Slice[] = [slice];
  counts.slices++;
  if (cause !== null) {
    Object.assign(slice, { bind_id: cause, flow_in: true });
    counts.flows++;
    if (isCause) {
      // ts + 0.002 µs and dur 0.996 µs: inside its parent even after Perfetto truncates µs to ns.
      out.push({ ph: 'X', name: '→ caused', cat: 'cause', ts: ts + 0.002, dur: 0.996, bind_id: e.seq, flow_out: true, args: { seq: e.seq } });
    }
  } else if (isCause) {
    Object.assign(slice, { bind_id: e.seq, flow_out: true });
  }
  return out;
}

/**
 * The writes of one actor with one cause, in a row: one reconcile of that cause. Held per
 * actor until the actor's next write has another cause, then written parent first, so
 * each thread's events stay in time order in the file.
 */
class ReconcileGroups {
  private readonly open = new Map<Track, { cause: number | null; slices: Slice[][] }>();

  constructor(
    private readonly emit: (event: Record<string, unknown>) => void,
    private readonly counts: { slices: number },
  ) {}

  add(track: Track, slices: Slice[], cause: number | null): void {
    const g = this.open.get(track);
    if (g !== undefined && cause !== null && g.cause === cause) {
      g.slices.push(slices);
      return;
    }
    if (g !== undefined) this.flush(track, g);
    this.open.set(track, { cause, slices: [slices] });
  }

  flushAll(): void {
    for (const [track, g] of this.open) this.flush(track, g);
    this.open.clear();
  }

  private flush(track: Track, g: { cause: number | null; slices: Slice[][] }): void {
    if (g.slices.length > 1) {
      const start = (g.slices[0] as Slice[])[0]?.ts as number;
      const end = ((g.slices.at(-1) as Slice[])[0]?.ts as number) + 1;
      this.emit({ ph: 'X', name: 'reconcile', cat: 'reconcile', ts: start, dur: end - start, pid: track.pid, tid: track.tid, args: { cause_seq: g.cause, writes: g.slices.length } });
      this.counts.slices++;
    }
    for (const w of g.slices) for (const s of w) this.emit({ ...s, pid: track.pid, tid: track.tid });
  }
}
