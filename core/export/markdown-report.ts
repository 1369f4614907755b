import type { Recording } from '../record/recording.js';
import type { EventRow, MarkerRow } from '../record/schema.js';
import type { Replay } from '../replay/replay.js';
import { recordingEndMs } from '../replay/end-time.js';
import { formatClock } from '../scenario/duration.js';
import { eventObject, eventVerb } from '../printers/event-row.js';
import { parseEpoch } from '../sim/time.js';
import { chainList, chainMermaid, decisiveWrites } from './markdown-chain.js';
import { kindsWritten, objectTables } from './markdown-objects.js';
import { code, escapeText, markdownTable } from './markdown-table.js';

/** A chapter of the report: its marker and the seqs it spans (after its marker's seq, up to the next chapter's). */
export interface Chapter {
  marker: MarkerRow;
  fromSeq: number;
  toSeq: number;
  decisive: number | undefined;
}

/** Outside actions listed per chapter in the timeline before "and N more": a chapter of a node storm may hold thousands. */
const MAX_KEY_EVENTS = 12;
/** Writes with no recorded cause that are heartbeats or reports, not actions: left out of the key events (a kubelet's periodic NodeStatus too). */
const QUIET_KINDS = new Set(['Lease', 'Event']);
const quiet = (e: EventRow): boolean => QUIET_KINDS.has(e.kind) || (e.kind === 'Node' && e.subresource === 'status' && e.reason === 'NodeStatus');

const n = (v: number): string => v.toLocaleString('en-US');

export function chaptersOf(rec: Recording, replay: Replay, fromMs: number, toMs: number): Chapter[] {
  const markers = rec.markers().filter((m) => m.kind === 'chapter');
  const seqOf = (m: MarkerRow): number => m.seq ?? replay.seqAtTime(m.timeMs - 1);
  const all = markers.map((m, i) => ({ marker: m, fromSeq: seqOf(m) + 1, toSeq: i + 1 < markers.length ? seqOf(markers[i + 1] as MarkerRow) : replay.lastSeq }));
  const shown = all.filter((c) => c.marker.timeMs >= fromMs && c.marker.timeMs <= toMs);
  const decisive = decisiveWrites(replay, shown);
  return shown.map((c, i) => ({ ...c, decisive: decisive[i] }));
}

/** The time window an export was asked for (--from / --to), in cluster ms; undefined ends are the recording's. */
export interface ReportWindow {
  fromMs?: number;
  toMs?: number;
}

/**
 * The report's Summary: its counts are the window's when --from or --to was given (the
 * writes, objects, actors, pods created, failed requests, notes and expectations whose
 * time falls in it, inclusive as `kubelapse events --from --to` counts), and the window is
 * stated with its seqs; without one, the whole recording's. A report of 1:00-2:00 of a
 * 5-minute rollout said "878 writes" and "5m of cluster time" while its timeline showed
 * one minute.
 */
export function summarySection(rec: Recording, replay: Replay, chapters: readonly Chapter[], window: ReportWindow = {}): string {
  const meta = rec.meta();
  const windowed = window.fromMs !== undefined || window.toMs !== undefined;
  const endMs = recordingEndMs(rec, meta);
  const fromMs = window.fromMs ?? 0;
  const toMs = Math.min(window.toMs ?? endMs, endMs);
  const inWindow = (t: number): boolean => !windowed || (t >= fromMs && t <= toMs);
  const verbs = { create: 0, update: 0, delete: 0 } as Record<string, number>;
  const actors = new Set<string>();
  const objects = new Set<string>();
  let podsCreated = 0;
  let writes = 0;
  let firstSeq: number | undefined;
  let lastSeq = 0;
  for (const e of rec.events(windowed ? { fromTime: fromMs, toTime: toMs } : {})) {
    writes++;
    firstSeq ??= e.seq;
    lastSeq = e.seq;
    verbs[e.verb] = (verbs[e.verb] ?? 0) + 1;
    actors.add(e.actor);
    if (windowed) objects.add(`${e.kind}/${e.namespace ?? ''}/${e.name}`);
    if (e.kind === 'Pod' && e.verb === 'create') podsCreated++;
  }
  const failed = (windowed ? rec.traffic(fromMs, toMs) : rec.traffic()).filter((t) => t.outcome !== 'ok').reduce((a, t) => a + t.count, 0);
  const expectations = rec.markers().filter((m) => m.kind === 'expectation' && inWindow(m.timeMs));
  const passed = expectations.filter((m) => /: passed$/.test(m.title)).length;
  const notes = rec.annotations().filter((a) => inWindow(a.timeMs)).length;
  const when = windowed
    ? `- **Window:** ${formatClock(fromMs)} to ${formatClock(toMs)} of ${formatClock(endMs)} of cluster time${firstSeq === undefined ? ', no writes in it' : `, seqs ${firstSeq}–${lastSeq}`}; the counts below are the window's`
    : `- **Duration:** ${formatClock(endMs)} of cluster time${meta.start_time ? `, from ${meta.start_time}` : ''}`;
  const lines = [
    when,
    `- **Writes:** ${n(writes)} (${n(verbs.create ?? 0)} creates, ${n(verbs.update ?? 0)} updates, ${n(verbs.delete ?? 0)} delete${verbs.delete === 1 ? '' : 's'}) to ${n(windowed ? objects.size : replay.index.keys.length)} objects by ${n(actors.size)} actors; ${n(podsCreated)} pods created`,
    `- **Chapters:** ${chapters.length}`,
    `- **Failed requests:** ${n(failed)}`,
    `- **Notes:** ${n(notes)}`,
    ...(expectations.length > 0 ? [`- **Expectations:** ${passed} of ${expectations.length} passed`] : []),
  ];
  const what = meta.description?.trim();
  return ['## Summary', '', ...(what ? [escapeText(what.replace(/\s*\n\s*/g, ' ')), ''] : []), ...lines].join('\n');
}

const row = (e: EventRow, mark = ''): string[] => [formatClock(e.timeMs), String(e.seq), e.actor, eventVerb(e), eventObject(e), `${e.reason ?? ''}${mark}`];

/**
 * The chapters with their key events: the writes no recorded cause led to (kubectl, a
 * fault, a kubelet noticing something) and the chapter's decisive write. The columns are
 * `kubelapse events`'s: time, seq, actor, verb, object, reason.
 */
export function timelineSection(rec: Recording, chapters: readonly Chapter[]): string {
  const rows: string[][] = [];
  chapters.forEach((c, i) => {
    rows.push([formatClock(c.marker.timeMs), '', '', '', `**Chapter ${i + 1}: ${c.marker.title}**`, '']);
    const outside = [...rec.events({ fromSeq: c.fromSeq, toSeq: c.toSeq })].filter((e) => e.causeSeq === null && !quiet(e));
    const picked = new Map(outside.slice(0, MAX_KEY_EVENTS).map((e) => [e.seq, e]));
    const decisive = c.decisive === undefined ? undefined : rec.event(c.decisive);
    if (decisive !== undefined) picked.set(decisive.seq, decisive);
    for (const e of [...picked.values()].sort((a, b) => a.seq - b.seq)) rows.push(row(e, e.seq === c.decisive ? ' (decisive write)' : ''));
    if (outside.length > MAX_KEY_EVENTS) rows.push(['', '', '', '', `… and ${n(outside.length - MAX_KEY_EVENTS)} more writes with no recorded cause`, '']);
  });
  if (rows.length === 0) return '## Timeline\n\nThe recording has no chapters in this window.';
  return ['## Timeline', '', markdownTable(['time', 'seq', 'actor', 'verb', 'object', 'reason'], rows)].join('\n');
}

/** Per chapter: its narration, the decisive write's causal chain (list and diagram) and the objects at the chapter's end. */
export function chapterSections(rec: Recording, replay: Replay, chapters: readonly Chapter[]): string {
  const epoch = parseEpoch(rec.meta().epoch ?? '1970-01-01T00:00:00Z');
  return chapters
    .map((c, i) => {
      const parts = [`## Chapter ${i + 1}: ${escapeText(c.marker.title)}`, '', `${formatClock(c.marker.timeMs)}, seqs ${c.fromSeq}–${c.toSeq}.${c.marker.body ? ` ${escapeText(c.marker.body.replace(/\s*\n\s*/g, ' '))}` : ''}`];
      if (c.decisive !== undefined) {
        parts.push('', `### Causal chain of the decisive write (seq ${c.decisive})`, '', chainList(replay, c.decisive), '', chainMermaid(replay, c.decisive));
      }
      const kinds = kindsWritten(replay, c.fromSeq, c.toSeq);
      parts.push('', `### Objects at the end of the chapter (seq ${c.toSeq}, ${formatClock(replay.index.timeOf(c.toSeq))})`, '');
      parts.push(kinds.length === 0 ? 'The chapter wrote no workload objects.' : objectTables(replay, c.toSeq, kinds, epoch));
      parts.push('', `Reproduce a table: ${code(`kubelapse get <kind> --seq ${c.toSeq}`)}`);
      return parts.join('\n');
    })
    .join('\n\n');
}

/** Requests kube-proxy routed (the traffic table), per Service, then failures per chapter. */
export function trafficSection(rec: Recording, chapters: readonly Chapter[]): string {
  const traffic = rec.traffic();
  if (traffic.length === 0) return '## Failed requests\n\nNo traffic was recorded: the scenario sent no requests to Services.';
  const outcomes = ['ok', 'refused', 'reset', 'no-endpoints'] as const;
  const byService = new Map<string, Record<string, number>>();
  for (const t of traffic) {
    const s = byService.get(t.service) ?? {};
    s[t.outcome] = (s[t.outcome] ?? 0) + t.count;
    byService.set(t.service, s);
  }
  const rows = [...byService].sort((a, b) => a[0].localeCompare(b[0])).map(([service, s]) => {
    const total = outcomes.reduce((a, o) => a + (s[o] ?? 0), 0);
    const failed = total - (s.ok ?? 0);
    return [service, n(total), ...outcomes.map((o) => n(s[o] ?? 0)), n(failed), total === 0 ? '0%' : `${((100 * failed) / total).toFixed(1)}%`];
  });
  const parts = ['## Failed requests', '', markdownTable(['service', 'requests', ...outcomes, 'failed', 'failed share'], rows)];
  if (chapters.length > 0) {
    const ends = chapters.map((_c, i) => (i + 1 < chapters.length ? (chapters[i + 1] as Chapter).marker.timeMs : Number.POSITIVE_INFINITY));
    const per = chapters.map((c, i) => [`${i + 1}. ${c.marker.title}`, n(traffic.filter((t) => t.outcome !== 'ok' && t.timeMs >= c.marker.timeMs && t.timeMs < (ends[i] as number)).reduce((a, t) => a + t.count, 0))]);
    parts.push('', markdownTable(['chapter', 'failed requests'], per));
  }
  return parts.join('\n');
}

export function notesSection(rec: Recording): string {
  const notes = rec.annotations();
  if (notes.length === 0) return '## Notes\n\nNo review notes.';
  return ['## Notes', '', markdownTable(['time', 'seq', 'author', 'note'], notes.map((a) => [formatClock(a.timeMs), a.seq === null ? '' : String(a.seq), a.author ?? '', a.text]))].join('\n');
}

/** How to get the recording again: the run command of a simulation, the source files of an import. */
export function reproduceSection(rec: Recording): string {
  const meta = rec.meta();
  const source = meta.source ?? 'simulation';
  if (source === 'simulation' && meta.scenario) {
    const cmd = `kubelapse run recordings/${meta.scenario}${meta.seed ? ` --seed ${meta.seed}` : ''}`;
    return ['## Reproduce', '', 'A simulation: the same scenario and seed make the same recording, byte for byte.', '', '```sh', cmd, '```', '', ...(meta.head_hash ? [`Its head hash is ${code(meta.head_hash)} (${code('kubelapse verify <recording>')} checks it).`] : [])].join('\n');
  }
  const files = importSources(meta.import_sources);
  const intro = source === 'import' ? 'Imported from real cluster history' : source === 'record' ? 'Recorded from a live cluster' : `Source: ${source}`;
  return ['## Reproduce', '', `${escapeText(intro)}${files.length > 0 ? '; the source files:' : '; no source files are named in the recording.'}`, '', ...files.map((f) => `- ${code(f)}`)].join('\n').trimEnd();
}

/** meta.import_sources: a JSON array of paths, or one path a line. */
function importSources(text: string | undefined): string[] {
  if (text === undefined || text.trim() === '') return [];
  try {
    const v = JSON.parse(text) as unknown;
    if (Array.isArray(v)) return v.map(String);
  } catch {
    // not JSON: one a line
  }
  return text.split('\n').map((s) => s.trim()).filter((s) => s !== '');
}

