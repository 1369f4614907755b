import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/api/status.js';
import { UsageError } from '../../core/cli/exit.js';
import { RecordingError } from '../../core/record/recording.js';
import { parseScenario } from '../../core/scenario/parse.js';
import { runScenario, StepFailedError } from '../../core/scenario/runner.js';
import { ScenarioError } from '../../core/scenario/source.js';
import { ROOT, tmpDir } from '../helpers.js';

/*
 * Scenario files as people get them wrong: the shipped stories with values swapped for
 * odd ones (huge, negative, wrong types, unicode, deep, aliases), keys dropped or
 * duplicated, text cut or garbled. Loading and (when short) running each must end in
 * a result or in one of the errors the CLI reports as bad input (exit 2); anything else
 * would be `internal error` with a stack trace (exit 3).
 */

const BAD_INPUT = [ScenarioError, StepFailedError, UsageError, RecordingError, ApiError];
const dir = path.join(ROOT, 'recordings');
const shipped = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => ({ file: path.join(dir, f), doc: YAML.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as unknown }));

const oddValue = fc.oneof(
  fc.constantFrom<unknown>(null, true, 0, -1, 1e309, -1e21, 2 ** 53 + 1, 99999999999999999999, 'NaN', '', ' ', '99999999999999999999h', '87600h', '-5s', '1.5.5s', '5', 'é🙂', '\u0000', 'x'.repeat(5000), [], {}, [[[]]], { a: { b: { c: {} } } }, '$(pod -l app=web)', 'node-9', '*', 'web-*'),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Every path to a value inside a document. */
function paths(v: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function setAt(doc: unknown, at: Array<string | number>, value: unknown, drop: boolean): unknown {
  if (at.length === 0) return value;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const k of at.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = at[at.length - 1] as string | number;
  if (drop) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

const mutated = fc
  .tuple(fc.integer({ min: 0, max: shipped.length - 1 }), fc.array(fc.tuple(fc.nat(), oddValue, fc.boolean()), { minLength: 1, maxLength: 2 }), fc.constantFrom('none', 'truncate', 'garble', 'alias', 'utf16', 'second-doc'), fc.nat())
  .map(([i, edits, text, cut]) => {
    const base = shipped[i] as { file: string; doc: unknown };
    let doc = base.doc;
    for (const [n, value, drop] of edits) {
      const ps = paths(doc);
      doc = setAt(doc, ps[n % ps.length] as Array<string | number>, value, drop && ps.length > 1);
    }
    let yaml = YAML.stringify(doc);
    if (text === 'truncate') yaml = yaml.slice(0, cut % (yaml.length + 1));
    if (text === 'garble') yaml = yaml.slice(0, cut % yaml.length) + ':\t{[&*!' + yaml.slice(cut % yaml.length);
    if (text === 'alias') yaml = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n' + yaml;
    if (text === 'second-doc') yaml += '---\napiVersion: kubelapse/v1\nkind: Scenario\n';
    return { file: base.file, text: yaml, utf16: text === 'utf16' };
  });

describe('scenario files, mutated at random', () => {
  it('load and run to a result or to a bad-input error, never an internal error', () => {
    const out = tmpDir();
    const work = tmpDir();
    fs.cpSync(path.join(dir, 'manifests'), path.join(work, 'manifests'), { recursive: true });
    const tally = new Map<string, number>();
    let ran = 0;
    fc.assert(
      fc.property(mutated, ({ file, text, utf16 }) => {
        // Written beside a copy of the manifests, so `apply: {file: manifests/...}` still resolves.
        const target = path.join(work, path.basename(file));
        const bytes = utf16 ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : Buffer.from(text);
        let outcome = 'ok';
        try {
          fs.writeFileSync(target, bytes);
          const scenario = parseScenario(fs.readFileSync(target, 'utf8'), target);
          // Long stories are loaded, not run: the fuzz is about input, not patience.
          if (scenario.durationMs <= 6 * 60_000 && scenario.steps.length <= 40) {
            ran++;
            runScenario(scenario, { output: path.join(out, 'fuzz.db') });
          }
        } catch (err) {
          const known = BAD_INPUT.find((k) => err instanceof k);
          outcome = known?.name ?? 'INTERNAL';
          expect(known, `${(err as Error).stack}\n--- scenario ---\n${text.slice(0, 1500)}`).toBeDefined();
        } finally {
          fs.rmSync(target, { force: true });
        }
        tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
      }),
      { seed: 20261205, numRuns: 250 },
    );
    console.log(`scenario fuzz: ${[...tally].map(([k, v]) => `${v} ${k}`).join(', ')}; ${ran} run`);
  }, 300_000);
});
