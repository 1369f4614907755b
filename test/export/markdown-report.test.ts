import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { marked, type Tokens } from 'marked';
import { markdownFormat } from '../../core/export/markdown-format.js';
import { Recording } from '../../core/record/recording.js';
import { Replay } from '../../core/replay/replay.js';
import { eventsCommand } from '../../core/cli/commands/events.js';
import { getCommand } from '../../core/cli/commands/get.js';
import { cli, tmpDir } from '../helpers.js';
import { networkRecording, recordingsDir } from '../viewer/fixtures.js';
import { exportTo } from './shipped.js';

/*
 * The markdown report read back by a markdown parser nobody on the project wrote
 * (marked, GitHub-flavoured): its timeline rows are what `kubelapse events` prints for
 * those seqs, its object tables what `kubelapse get --seq` prints at each chapter's end,
 * each chapter's chain names the actors Replay finds through cause_seq, and the command
 * it gives reproduces the recording byte for byte.
 */

const dir = tmpDir('kubelapse-md-');
const reports = new Map<string, { file: string; text: string; tokens: ReturnType<typeof marked.lexer> }>();

/** The report of `db`: through the real CLI (`kubelapse export --format markdown`) when `viaCli`, else the format's write(). */
async function report(db: string, name: string, viaCli = false): Promise<void> {
  const out = path.join(dir, `${name}.md`);
  if (viaCli) {
    expect(exportTo(db, 'markdown', out).stdout).toMatch(/^wrote .*\.md: [\d.]+ kB, a report of \d+ chapters, [\d,]+ lines in [\d.]+ s\n$/);
  } else {
    const rec = Recording.open(db, { readonly: true });
    try {
      const summary = await markdownFormat.write(rec, out, { name });
      expect(summary.bytes).toBe(fs.statSync(out).size);
    } finally {
      rec.close();
    }
  }
  const text = fs.readFileSync(out, 'utf8');
  reports.set(name, { file: db, text, tokens: marked.lexer(text) });
}

beforeAll(async () => {
  const recs = recordingsDir(['rolling-update', 'pod-loss-recovery']);
  for (const name of ['rolling-update', 'pod-loss-recovery']) await report(path.join(recs, `${name}.db`), name, name === 'rolling-update');
  await report(networkRecording(dir), 'network');
});

const tables = (name: string): Tokens.Table[] => reports.get(name)!.tokens.filter((t): t is Tokens.Table => t.type === 'table');
const cells = (t: Tokens.Table): string[][] => t.rows.map((r) => r.map((c) => c.text.replace(/\\([<>|\\])/g, '$1')));

/**
 * What a `kubelapse` command prints, run in this process: the same command functions
 * core/cli/main.ts calls (a spawned CLI costs ~1 s here, and the tables need dozens);
 * the real CLI runs once below, for the reproduce command.
 */
function run(command: (out: (line: string) => void) => number): string {
  const lines: string[] = [];
  expect(command((l) => lines.push(l))).toBe(0);
  return `${lines.join('\n')}\n`;
}

/** Rows of a kubectl-style text table (columns three spaces apart, aligned), cut at the header's column starts. */
function textTable(out: string): { header: string[]; rows: string[][] } {
  const [head = '', ...lines] = out.trimEnd().split('\n');
  const starts = [...head.matchAll(/\S+(?: \S+)*/g)].map((m) => m.index as number);
  const cut = (l: string): string[] => starts.map((s, i) => l.slice(s, starts[i + 1] ?? l.length).trim());
  return { header: cut(head), rows: lines.map(cut) };
}

describe.each(['rolling-update', 'pod-loss-recovery'])('markdown report of %s', (name) => {
  it('timeline rows are the rows `kubelapse events` prints for those seqs', () => {
    const timeline = tables(name)[0]!;
    expect(timeline.header.map((h) => h.text)).toEqual(['time', 'seq', 'actor', 'verb', 'object', 'reason']);
    const rows = cells(timeline).filter((r) => r[1] !== '');
    const chapters = cells(timeline).filter((r) => r[4]?.startsWith('**Chapter'));
    const rec = Recording.open(reports.get(name)!.file, { readonly: true });
    const want = rec.markers().filter((m) => m.kind === 'chapter');
    rec.close();
    expect(chapters.map((r) => r[4])).toEqual(want.map((m, i) => `**Chapter ${i + 1}: ${m.title}**`));
    expect(rows.length).toBeGreaterThanOrEqual(want.length * 2);
    // `events` aligns its columns per page of 500 rows: ask in windows of 500 from each uncovered seq.
    const printed = new Map<number, string[]>();
    for (const r of rows) {
      const seq = Number(r[1]);
      if (printed.has(seq)) continue;
      const events = run((out) => eventsCommand(reports.get(name)!.file, { fromSeq: String(seq), toSeq: String(seq + 499) }, out));
      for (const p of textTable(events).rows) printed.set(Number(p[1]), p);
    }
    for (const r of rows) {
      const p = printed.get(Number(r[1]))!;
      expect([r[0], r[1], r[2], r[3], r[4], (r[5] ?? '').replace(' (decisive write)', '')]).toEqual(p.slice(0, 6));
    }
  });

  it("each chapter's objects are what `kubelapse get --seq` prints at the chapter's end", () => {
    const { text, file } = reports.get(name)!;
    const sections = text.split(/^## Chapter \d+: /m).slice(1);
    expect(sections.length).toBeGreaterThanOrEqual(2);
    let compared = 0;
    for (const section of sections) {
      const seq = Number(/### Objects at the end of the chapter \(seq (\d+)/.exec(section)?.[1]);
      for (const m of section.matchAll(/^\*\*(pods|deployments|replicasets|nodes)\*\*[^\n]*\n\n((?:\|.*\n?)+)/gm)) {
        const t = marked.lexer(m[2] as string).find((x): x is Tokens.Table => x.type === 'table')!;
        const printed = textTable(run((out) => getCommand(file, m[1] as string, undefined, { seq: String(seq) }, out)));
        expect(t.header.map((h) => h.text)).toEqual(printed.header);
        expect(cells(t)).toEqual(printed.rows);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(sections.length * 2);
  });

  it("each chapter's decisive write comes with its causal chain: Replay's actors in order, hop delays, a mermaid diagram", () => {
    const { text, file } = reports.get(name)!;
    const rec = Recording.open(file, { readonly: true });
    const replay = Replay.open(rec);
    const chains = [...text.matchAll(/### Causal chain of the decisive write \(seq (\d+)\)\n\n((?:\s*- .*\n)+)\n```mermaid\n([\s\S]*?)```/g)];
    expect(chains.length).toBe(rec.markers().filter((m) => m.kind === 'chapter').length);
    for (const [, seq, list, mermaid] of chains) {
      const chain = replay.causalChain(Number(seq))!;
      const steps = [...chain.ancestors, chain.event];
      expect(steps.length).toBeGreaterThanOrEqual(3);
      const items = (list as string).trimEnd().split('\n');
      expect(items.map((l) => /\*\*(.+?)\*\*/.exec(l)?.[1])).toEqual(steps.map((e) => e.actor));
      // Nested one level a hop; each hop says its delay after its cause.
      items.forEach((l, i) => expect(l.startsWith(`${'  '.repeat(i)}- `)).toBe(true));
      items.slice(1).forEach((l, i) => expect(l).toContain(`+${(steps[i + 1]!.timeMs - steps[i]!.timeMs).toLocaleString('en-US')} ms after seq ${steps[i]!.seq}`));
      expect(mermaid).toMatch(/^sequenceDiagram\n/);
      for (const actor of new Set(steps.map((e) => e.actor))) expect(mermaid).toMatch(new RegExp(`participant P\\d+ as ${actor}\\n`));
    }
    rec.close();
  });

  it('renders to HTML with its tables, and gives the command that makes the same recording again', () => {
    const { text, file } = reports.get(name)!;
    const html = marked.parse(text, { async: false });
    expect((html.match(/<table>/g) ?? []).length).toBe(tables(name).length);
    expect(html).toContain('<th>time</th>');
    expect(html).toContain('<code class="language-mermaid">');
    const rec = Recording.open(file, { readonly: true });
    const meta = rec.meta();
    rec.close();
    const cmd = /```sh\n(kubelapse run .*)\n```/.exec(text)?.[1];
    expect(cmd).toBe(`kubelapse run recordings/${name}.yaml --seed ${meta.seed}`);
    if (name === 'pod-loss-recovery') {
      const again = path.join(dir, 'again.db');
      const args = (cmd as string).split(' ').slice(1);
      const run = cli([...args, '-o', again, '-q']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`final hash ${meta.head_hash}`);
    }
  });
});

describe('markdown report sections', () => {
  it('the failed-request table totals the traffic per Service', () => {
    const t = tables('network').find((x) => x.header[0]?.text === 'service')!;
    // networkRecording: web got 5 + 5 + 9 ok, 3 refused, 1 reset.
    expect(cells(t)).toEqual([['web', '23', '19', '3', '1', '0', '4', '17.4%']]);
  });

  it('an import names its source files instead of a run command, and notes come out as a table', async () => {
    const copy = path.join(dir, 'imported.db');
    fs.copyFileSync(reports.get('pod-loss-recovery')!.file, copy);
    const rec = Recording.open(copy, { readonly: false });
    rec.setMeta({ source: 'import', import_sources: JSON.stringify(['audit/kube-apiserver-audit.log', 'audit/kube-apiserver-audit-2.log']) });
    rec.addAnnotation({ timeMs: 30_000, seq: 149, author: 'ana', text: 'who | deleted this?', createdAt: '2026-01-01T00:00:00Z' });
    rec.close();
    await report(copy, 'imported');
    const { text } = reports.get('imported')!;
    expect(text).not.toContain('kubelapse run');
    expect(text).toMatch(/Imported from real cluster history; the source files:\n\n- `audit\/kube-apiserver-audit.log`\n- `audit\/kube-apiserver-audit-2.log`/);
    const notes = tables('imported').find((x) => x.header[3]?.text === 'note')!;
    expect(cells(notes)).toEqual([['0:30.0', '149', 'ana', 'who | deleted this?']]);
  });
});
