import { resolveKind } from '../api/kinds.js';
import type { ParseContext } from './parse-context.js';
import type { PathPart } from './source.js';
import type { Expectation } from './types.js';

/** spec.expect: object fields (kind/name) and traffic totals (traffic/<service>) at a time or at the end. */
export function parseExpectations(ctx: ParseContext, value: unknown, durationMs: number): Expectation[] {
  const out: Expectation[] = [];
  ctx.list(value, ['spec', 'expect'], 'expectations').forEach((raw, i) => {
    const at: PathPart[] = ['spec', 'expect', i];
    const e = ctx.map(raw, at, 'a mapping like {at: end, deployment/web: {readyReplicas: 4}}');
    if (e === undefined) return;
    let when: number | 'end' = 'end';
    if (e.at !== undefined && e.at !== 'end') {
      const ms = ctx.duration(e.at, [...at, 'at']);
      if (ms !== undefined) when = ms;
      if (ms !== undefined && durationMs > 0 && ms > durationMs) ctx.problem([...at, 'at'], `${String(e.at)} is after the end of the scenario`);
    }
    const namespace = typeof e.namespace === 'string' ? e.namespace : 'default';
    const targets = Object.keys(e).filter((k) => k !== 'at' && k !== 'namespace');
    if (targets.length === 0) ctx.problem(at, 'names nothing to check (e.g. deployment/web: {readyReplicas: 4})');
    for (const target of targets) {
      const p = [...at, target];
      const fields = ctx.map(e[target], p, 'a mapping of fields to expected values');
      if (fields === undefined) continue;
      const slash = target.indexOf('/');
      if (slash <= 0 || slash === target.length - 1) {
        ctx.problem(p, `unknown expectation target "${target}": use kind/name (deployment/web) or traffic/<service>`, true);
        continue;
      }
      const kindWord = target.slice(0, slash);
      const name = target.slice(slash + 1);
      const base = { index: i, at: when, where: ctx.where(p), label: target, fields };
      if (kindWord === 'traffic') {
        ctx.keys(fields, p, ['total', 'ok', 'failed', 'refused', 'reset', 'no-endpoints']);
        out.push({ ...base, target: { traffic: name } });
        continue;
      }
      const info = resolveKind(kindWord);
      if (info === undefined) {
        ctx.problem(p, `unknown kind "${kindWord}" in expectation target "${target}"`, true);
        continue;
      }
      out.push({ ...base, target: { object: { kind: info.kind, namespace: info.namespaced ? namespace : null, name } } });
    }
  });
  return out;
}
