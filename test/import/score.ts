import { sqlite } from '../helpers.js';

export interface Tally {
  truth: number;
  inferred: number;
  right: number;
}

export interface Score {
  /** by rule name: of the links the rule inferred, how many were the recorded cause (precision) */
  byRule: Map<string, Tally>;
  /** by kind of write: of the recorded causes, how many were inferred (recall) */
  byLink: Map<string, Tally>;
  podLifecycle: Tally;
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

/**
 * Compares an import's inferred causes with the simulator's recorded cause_seq, row by
 * row (the import holds the same writes in the same order, so seqs line up).
 */
export function scoreInference(simulated: string, imported: string): Score {
  const truth = new Map<number, { cause: number | null; link: string; kind: string }>();
  for (const line of sqlite(simulated, "SELECT seq, coalesce(cause_seq, ''), actor, verb, coalesce(subresource, ''), kind FROM events").trim().split('\n')) {
    const [seq, cause, actor, verb, sub, kind] = line.split('|') as [string, string, string, string, string, string];
    truth.set(Number(seq), { cause: cause === '' ? null : Number(cause), link: linkOf(actor, verb, sub, kind), kind });
  }
  const inferred = new Map<number, { cause: number; rule: string }>();
  const rows = sqlite(imported, 'SELECT seq, cause_seq, rule FROM inferred_causes').trim();
  for (const line of rows === '' ? [] : rows.split('\n')) {
    const [seq, cause, rule] = line.split('|') as [string, string, string];
    inferred.set(Number(seq), { cause: Number(cause), rule });
  }
  const score: Score = { byRule: new Map(), byLink: new Map(), podLifecycle: { truth: 0, inferred: 0, right: 0 } };
  for (const [seq, t] of truth) {
    const i = inferred.get(seq);
    const right = i !== undefined && t.cause !== null && i.cause === t.cause;
    if (i !== undefined) bump(score.byRule, i.rule, (x) => { x.inferred++; if (right) x.right++; });
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

const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)} %`);

/** A markdown table of a score, for the test's output and docs/import.md. */
export function scoreTable(s: Score): string {
  const lines = ['| kind of write | recorded causes | inferred | right | precision | recall |', '|---|---:|---:|---:|---:|---:|'];
  for (const [k, t] of [...s.byLink].sort((a, b) => b[1].truth - a[1].truth)) {
    if (t.truth === 0 && t.inferred === 0) continue;
    lines.push(`| ${k} | ${t.truth} | ${t.inferred} | ${t.right} | ${pct(t.right, t.inferred)} | ${pct(t.right, t.truth)} |`);
  }
  lines.push('', '| rule | inferred | right | precision |', '|---|---:|---:|---:|');
  for (const [k, t] of [...s.byRule].sort((a, b) => b[1].inferred - a[1].inferred)) {
    if (t.inferred > 0) lines.push(`| ${k} | ${t.inferred} | ${t.right} | ${pct(t.right, t.inferred)} |`);
  }
  const p = s.podLifecycle;
  lines.push('', `pod-lifecycle links: ${p.right} of ${p.inferred} inferred right (precision ${pct(p.right, p.inferred)}), ${p.right} of ${p.truth} recorded found (recall ${pct(p.right, p.truth)})`);
  return lines.join('\n');
}
