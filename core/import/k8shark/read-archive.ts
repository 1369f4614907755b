import { microsPastMilli, parseEpoch, type EpochMs } from '../../sim/time.js';
import type { ImportSink } from '../observed-write.js';
import { readMetadata, readPathIndex, readZstdJson, recordMember, type CaptureRecord } from './archive-format.js';
import { isObject, listItems, type KObj } from '../captured-object.js';
import { CaptureState } from './capture-state.js';
import { buildTimeline, type TimelineEntry } from './capture-timeline.js';
import { openZip } from './zip-reader.js';

export interface K8sharkReadSummary {
  formatVersion: number;
  kubernetesVersion: string | null;
  capturedAt: string;
  capturedUntil: string | null;
  /** records read (polls and watch events of resource paths) */
  records: number;
  writes: number;
  /** objects of the first polls: the state when the capture began */
  initialObjects: number;
  watchWrites: number;
  /** writes found by diffing later polls (what the watch missed) */
  pollWrites: number;
  /** watch events no newer than a state already known (not written) */
  staleEvents: number;
  /** Table responses and discovery documents, not read */
  ignored: number;
  skipped: number;
}

/**
 * Reads a k8shark capture (.kshrk) into observed writes, in time order: first the
 * objects of each path's first poll as creates at the capture's start (level 'poll'),
 * then every watch event (level 'watch', at its captured_at) and what later polls show
 * the watches missed. Throws K8sharkError when the file is not a readable capture;
 * a record that cannot be read is skipped and counted.
 */
export async function readK8sharkArchive(file: string, sink: ImportSink): Promise<K8sharkReadSummary> {
  const zip = await openZip(file);
  try {
    const meta = await readMetadata(zip, file);
    const timeline = buildTimeline(await readPathIndex(zip, file, 'index.json.zst'), await readPathIndex(zip, file, 'watch-index.json.zst'));
    let skipped = 0;
    const skip = (line: number, id: string | null, why: string): void => {
      skipped++;
      sink.skipped({ source: { file, line, id }, why });
    };
    for (const b of timeline.badTimes) skip(0, null, `${b.apiPath} record ${b.seq}: unreadable time ${JSON.stringify(b.time)} in the index`);

    const counts = { writes: 0, watch: 0, poll: 0, initial: 0 };
    const watched = new Set(timeline.entries.filter((e) => e.eventType !== null).map((e) => e.apiPath));
    const state = new CaptureState((w) => {
      counts.writes++;
      if (w.level === 'watch') counts.watch++;
      else if (w.note?.startsWith('in the first poll') === true) counts.initial++;
      else counts.poll++;
      sink.write(w);
    }, watched);
    const total = timeline.entries.length;
    // Record numbers (SourceRef.line) count the timeline from 1, in capture order.
    const read = async (e: TimelineEntry, line: number): Promise<{ rec: CaptureRecord; at: EpochMs; micros: number } | undefined> => {
      const member = recordMember(e.apiPath, e.seq);
      let rec: CaptureRecord;
      try {
        rec = (await readZstdJson(zip, member)) as CaptureRecord;
      } catch (err) {
        skip(line, null, `${member}: ${zip.has(member) ? `not readable zstd JSON (${(err as Error).message})` : 'missing from the archive'}`);
        return undefined;
      }
      if (!isObject(rec)) {
        skip(line, null, `${member}: not a record object`);
        return undefined;
      }
      const id = typeof rec.id === 'string' ? rec.id : null;
      if (rec.response_code !== undefined && rec.response_code !== 200) {
        skip(line, id, `${e.apiPath}: the cluster answered ${rec.response_code}`);
        return undefined;
      }
      const at = typeof rec.captured_at === 'string' ? parseEpoch(rec.captured_at) : undefined;
      return { rec, at: at ?? e.at, micros: at !== undefined ? microsPastMilli(rec.captured_at as string) : e.atMicros };
    };

    // The initial state: each path's first poll, all placed at the capture's start.
    const firstPoll = new Map<string, number>();
    timeline.entries.forEach((e, i) => {
      if (e.eventType === null && !firstPoll.has(e.apiPath)) firstPoll.set(e.apiPath, i);
    });
    const startText = meta.capturedAt;
    let start = parseEpoch(startText) as EpochMs;
    let startMicros = microsPastMilli(startText);
    const first = timeline.entries[0];
    if (first !== undefined && (first.at < start || (first.at === start && first.atMicros < startMicros))) {
      start = first.at;
      startMicros = first.atMicros;
    }
    const initial: Array<{ object: KObj; listPath: string }> = [];
    const firstPolls = new Map<number, { items: KObj[]; at: EpochMs; micros: number; id: string | null }>();
    for (const [apiPath, i] of firstPoll) {
      const got = await read(timeline.entries[i] as TimelineEntry, i + 1);
      const items = got === undefined ? undefined : listItems(got.rec.response_body);
      if (got !== undefined && items === undefined) skip(i + 1, got.rec.id ?? null, `${apiPath}: a poll whose body is not a list`);
      if (items === undefined) continue;
      firstPolls.set(i, { items, at: (got as { at: EpochMs }).at, micros: (got as { micros: number }).micros, id: got?.rec.id ?? null });
      for (const object of items) initial.push({ object, listPath: apiPath });
    }
    state.initial(initial, { at: start, atMicros: startMicros, source: { file, line: 0, id: meta.captureId } });

    for (let i = 0; i < total; i++) {
      sink.progress?.(i, total);
      const e = timeline.entries[i] as TimelineEntry;
      const fp = firstPolls.get(i);
      if (fp !== undefined) {
        // Already the initial state; diffing it again finds only what a watch event before it changed.
        state.poll(fp.items, e.apiPath, { at: fp.at, atMicros: fp.micros, source: { file, line: i + 1, id: fp.id } });
        continue;
      }
      if (firstPoll.get(e.apiPath) === i) continue; // a first poll that could not be read
      const got = await read(e, i + 1);
      if (got === undefined) continue;
      const m = { at: got.at, atMicros: got.micros, source: { file, line: i + 1, id: got.rec.id ?? null } };
      const body = got.rec.response_body;
      if (e.eventType === null) {
        const items = listItems(body);
        if (items === undefined) skip(i + 1, m.source.id, `${e.apiPath}: a poll whose body is not a list`);
        else state.poll(items, e.apiPath, m);
        continue;
      }
      const type = typeof got.rec.event_type === 'string' ? got.rec.event_type : e.eventType;
      if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') {
        if (type !== 'BOOKMARK') skip(i + 1, m.source.id, `${e.apiPath}: watch event of type ${JSON.stringify(type)}`);
        continue;
      }
      if (!isObject(body) || !isObject(body.metadata) || typeof body.kind !== 'string') {
        skip(i + 1, m.source.id, `${e.apiPath}: a ${type} event without an object`);
        continue;
      }
      state.watchEvent(type, body as KObj, e.apiPath, m);
    }
    sink.progress?.(total, total);
    return {
      formatVersion: meta.formatVersion,
      kubernetesVersion: meta.kubernetesVersion,
      capturedAt: meta.capturedAt,
      capturedUntil: meta.capturedUntil,
      records: total,
      writes: counts.writes,
      initialObjects: counts.initial,
      watchWrites: counts.watch,
      pollWrites: counts.poll,
      staleEvents: state.stale,
      ignored: timeline.ignored,
      skipped,
    };
  } finally {
    zip.close();
  }
}
