import { sqlite } from '../helpers.js';

export interface Tally {
  truth: number;
  inferred: number;
  right: number;
}

/** An inferred link that is not the recorded cause, for the table's worst cases and for debugging a rule. */
export interface Miss {
  scenario: string;
  rule: string;
  /** the write and both causes, as simulated seqs with the write's link ("replicaset-controller create Pod") */
  seq: number;
  link: string;
  inferred: number;
  recorded: number | null;
}

export interface Score {
  /** by rule name: of the links the rule inferred, how many were the recorded cause (precision) */
  byRule: Map<string, Tally>;
  /** by kind of write: of the recorded causes, how many were inferred (recall) */
  byLink: Map<string, Tally>;
  /** by the actor that wrote (kubelet/<n> as kubelet): of its writes' recorded causes, how many were inferred (recall) */
  byActor: Map<string, Tally>;
  podLifecycle: Tally;
  /** inferred links that are not the recorded cause */
  misses: Miss[];
  /** recorded causes with no inferred link (rule '(none)', inferred -1) */
  unfound: Miss[];
  /** imported writes whose seq is the simulated one (same object, same resourceVersion), mapped by key, or not found */
  alignment: { same: number; mapped: number; unmatched: number };
}

/** The kind of link a write stands for: its actor's role, verb and kind ("kubelet status Pod"). */
function linkOf(actor: string, verb: string, subresource: string, kind: string): string {
  const who = actor.startsWith('kubelet/') ? 'kubelet' : actor;
  return `${who} ${verb}${subresource !== '' ? `/${subresource}` : ''} ${kind}`;
}

function bump(m: Map<string, Tally>, k: string, f: (t: Tally) => void): void {
  const t = m.get(k) ?? { truth: 0, inferred: 0, right: 0 };
  f(t);
  m.set(k, t);
}

type Row = { seq: number; key: string };

/** Each write's seq and identity: the object (kind, namespace, name) and its resourceVersion after the write. */
function rowsOf(file: string): Row[] {
  const text = sqlite(file, "SELECT seq, kind, coalesce(namespace, ''), name, resource_version FROM events ORDER BY seq").trim();
  return (text === '' ? [] : text.split('\n')).map((line) => {
    const [seq, ...key] = line.split('|');
    return { seq: Number(seq), key: key.join('|') };
  });
}

/**
 * Imported seq -> simulated seq. The audit round trip keeps the writes in the same order,
 * so seqs should line up 1:1; where a write's seq differs it is mapped by (kind,
 * namespace, name, resourceVersion), and one that matches nothing is left out (counted).
 */
function alignSeqs(simulated: string, imported: string): { map: Map<number, number>; alignment: Score['alignment'] } {
  const sim = rowsOf(simulated);
  const bySeq = new Map(sim.map((r) => [r.seq, r.key]));
  const byKey = new Map<string, number[]>();
  for (const r of sim) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r.seq]);
  const map = new Map<number, number>();
  const alignment = { same: 0, mapped: 0, unmatched: 0 };
  for (const r of rowsOf(imported)) {
    if (bySeq.get(r.seq) === r.key) {
      map.set(r.seq, r.seq);
      alignment.same++;
      continue;
    }
    const seqs = byKey.get(r.key) ?? [];
    if (seqs.length === 1) {
      map.set(r.seq, seqs[0]!);
      alignment.mapped++;
    } else alignment.unmatched++;
  }
  return { map, alignment };
}

/**
 * Compares an import's inferred causes with the simulator's recorded cause_seq, write by
 * write, both sides' seqs translated to the simulated recording's (alignSeqs).
 */
export function scoreInference(simulated: string, imported: string, scenario = ''): Score {
  const truth = new Map<number, { cause: number | null; link: string; kind: string; actor: string }>();
  for (const line of sqlite(simulated, "SELECT seq, coalesce(cause_seq, ''), actor, verb, coalesce(subresource, ''), kind FROM events").trim().split('\n')) {
    const [seq, cause, actor, verb, sub, kind] = line.split('|') as [string, string, string, string, string, string];
    truth.set(Number(seq), { cause: cause === '' ? null : Number(cause), link: linkOf(actor, verb, sub, kind), kind, actor: actor.startsWith('kubelet/') ? 'kubelet' : actor });
  }
  const { map, alignment } = alignSeqs(simulated, imported);
  const inferred = new Map<number, { cause: number; rule: string }>();
  const rows = sqlite(imported, 'SELECT seq, cause_seq, rule FROM inferred_causes').trim();
  for (const line of rows === '' ? [] : rows.split('\n')) {
    const [seq, cause, rule] = line.split('|') as [string, string, string];
    const at = map.get(Number(seq));
    // a cause that maps to nothing can never be right: -1 is no simulated seq
    if (at !== undefined) inferred.set(at, { cause: map.get(Number(cause)) ?? -1, rule });
  }
  const score: Score = { byRule: new Map(), byLink: new Map(), byActor: new Map(), podLifecycle: { truth: 0, inferred: 0, right: 0 }, misses: [], unfound: [], alignment };
  for (const [seq, t] of truth) {
    const i = inferred.get(seq);
    const right = i !== undefined && t.cause !== null && i.cause === t.cause;
    if (i !== undefined) bump(score.byRule, i.rule, (x) => { x.inferred++; if (right) x.right++; });
    if (i !== undefined && !right) score.misses.push({ scenario, rule: i.rule, seq, link: t.link, inferred: i.cause, recorded: t.cause });
    if (i === undefined && t.cause !== null) score.unfound.push({ scenario, rule: '(none)', seq, link: t.link, inferred: -1, recorded: t.cause });
    bump(score.byActor, t.actor, (x) => {
      if (t.cause !== null) x.truth++;
      if (i !== undefined) x.inferred++;
      if (right) x.right++;
    });
    if (t.cause !== null) bump(score.byRule, i?.rule ?? '(none)', (x) => { x.truth++; });
    bump(score.byLink, t.link, (x) => {
      if (t.cause !== null) x.truth++;
      if (i !== undefined) x.inferred++;
      if (right) x.right++;
    });
    if (t.kind === 'Pod') {
      if (t.cause !== null) score.podLifecycle.truth++;
      if (i !== undefined) score.podLifecycle.inferred++;
      if (right) score.podLifecycle.right++;
    }
  }
  return score;
}

/** Several scenarios' scores summed, for one table over all of them. */
export function mergeScores(scores: readonly Score[]): Score {
  const out: Score = { byRule: new Map(), byLink: new Map(), byActor: new Map(), podLifecycle: { truth: 0, inferred: 0, right: 0 }, misses: [], unfound: [], alignment: { same: 0, mapped: 0, unmatched: 0 } };
  const add = (to: Map<string, Tally>, from: Map<string, Tally>): void => {
    for (const [k, t] of from) bump(to, k, (x) => { x.truth += t.truth; x.inferred += t.inferred; x.right += t.right; });
  };
  for (const s of scores) {
    add(out.byRule, s.byRule);
    add(out.byLink, s.byLink);
    add(out.byActor, s.byActor);
    for (const k of ['truth', 'inferred', 'right'] as const) out.podLifecycle[k] += s.podLifecycle[k];
    for (const k of ['same', 'mapped', 'unmatched'] as const) out.alignment[k] += s.alignment[k];
    out.misses.push(...s.misses);
    out.unfound.push(...s.unfound);
  }
  return out;
}

const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)} %`);

/**
 * Markdown tables of a score, for the test's output and docs/import.md: per rule
 * (precision), per writing actor (recall: of its writes' recorded causes, how many were
 * inferred right; a rule explains one controller's writes), and with `links` per kind of write.
 */
export function scoreTable(s: Score, links = true): string {
  const lines = ['| rule | inferred | right | precision |', '|---|---:|---:|---:|'];
  for (const [k, t] of [...s.byRule].sort((a, b) => b[1].inferred - a[1].inferred || (a[0] < b[0] ? -1 : 1))) {
    if (t.inferred > 0) lines.push(`| ${k} | ${t.inferred} | ${t.right} | ${pct(t.right, t.inferred)} |`);
  }
  const total = [...s.byActor.values()].reduce((a, t) => ({ truth: a.truth + t.truth, inferred: a.inferred + t.inferred, right: a.right + t.right }), { truth: 0, inferred: 0, right: 0 });
  lines.push('', '| writer | recorded causes | inferred | right | precision | recall |', '|---|---:|---:|---:|---:|---:|');
  for (const [k, t] of [...s.byActor].sort((a, b) => b[1].truth - a[1].truth || (a[0] < b[0] ? -1 : 1))) {
    if (t.truth > 0 || t.inferred > 0) lines.push(`| ${k} | ${t.truth} | ${t.inferred} | ${t.right} | ${pct(t.right, t.inferred)} | ${pct(t.right, t.truth)} |`);
  }
  lines.push(`| all | ${total.truth} | ${total.inferred} | ${total.right} | ${pct(total.right, total.inferred)} | ${pct(total.right, total.truth)} |`);
  if (links) {
    lines.push('', '| kind of write | recorded causes | inferred | right | precision | recall |', '|---|---:|---:|---:|---:|---:|');
    for (const [k, t] of [...s.byLink].sort((a, b) => b[1].truth - a[1].truth || (a[0] < b[0] ? -1 : 1))) {
      if (t.truth === 0 && t.inferred === 0) continue;
      lines.push(`| ${k} | ${t.truth} | ${t.inferred} | ${t.right} | ${pct(t.right, t.inferred)} | ${pct(t.right, t.truth)} |`);
    }
  }
  const p = s.podLifecycle;
  const a = s.alignment;
  lines.push('', `seqs: ${a.same} imported writes at the simulated seq, ${a.mapped} mapped by (kind, namespace, name, resourceVersion), ${a.unmatched} unmatched`);
  lines.push('', `pod-lifecycle links: ${p.right} of ${p.inferred} inferred right (precision ${pct(p.right, p.inferred)}), ${p.right} of ${p.truth} recorded found (recall ${pct(p.right, p.truth)})`);
  return lines.join('\n');
}
