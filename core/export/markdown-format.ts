import fs from 'node:fs';
import type { Recording } from '../record/recording.js';
import { Replay } from '../replay/replay.js';
import { formatClock } from '../scenario/duration.js';
import type { ExportFormat, ExportOptions, ExportSummary } from './export-format.js';
import { chapterSections, chaptersOf, notesSection, reproduceSection, summarySection, timelineSection, trafficSection } from './markdown-report.js';
import { code, escapeText } from './markdown-table.js';

/**
 * `--format markdown`: a post-incident style report of a recording: summary, a timeline
 * of chapters and key events, each chapter's decisive write with its causal chain (list
 * and mermaid diagram, hop delays), kubectl-style tables of the objects at each chapter's
 * end, failed requests, notes, and how to reproduce it. --from / --to keep the chapters
 * that start in the window. GitHub-flavoured markdown: tables and ```mermaid blocks.
 */
export const markdownFormat: ExportFormat = {
  name: 'markdown',
  extension: '.md',
  description: 'a post-incident style report: summary, timeline, causal chains, object tables, failed requests, notes',
  async write(recording: Recording, outPath: string, options: ExportOptions): Promise<ExportSummary> {
    const text = markdownReport(recording, options);
    fs.writeFileSync(outPath, text);
    const chapters = (text.match(/^## Chapter /gm) ?? []).length;
    return { bytes: Buffer.byteLength(text), detail: `a report of ${chapters} chapter${chapters === 1 ? '' : 's'}, ${text.split('\n').length.toLocaleString('en-US')} lines` };
  },
};

export function markdownReport(rec: Recording, options: ExportOptions): string {
  const replay = Replay.open(rec);
  const meta = rec.meta();
  const from = options.fromMs ?? 0;
  const to = options.toMs ?? Number.POSITIVE_INFINITY;
  const chapters = chaptersOf(rec, replay, from, to);
  options.progress?.(1, 3);
  const window = options.fromMs !== undefined || options.toMs !== undefined ? ` Chapters starting between ${formatClock(from)} and ${to === Number.POSITIVE_INFINITY ? 'the end' : formatClock(to)}.` : '';
  const sections = [
    `# ${escapeText(meta.title ?? options.name)}`,
    `Recording ${code(`${options.name}.db`)} (${meta.source ?? 'simulation'}), reported by ${code('kubelapse export --format markdown')}.${window}`,
    summarySection(rec, replay, chapters, { ...(options.fromMs !== undefined ? { fromMs: options.fromMs } : {}), ...(options.toMs !== undefined ? { toMs: options.toMs } : {}) }),
    timelineSection(rec, chapters),
  ];
  options.progress?.(2, 3);
  sections.push(chapterSections(rec, replay, chapters), trafficSection(rec, chapters), notesSection(rec), reproduceSection(rec));
  options.progress?.(3, 3);
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}
