import path from 'node:path';
import { isDns1123Label } from '../api/names.js';
import { normalizeEpoch } from '../sim/time.js';
import { parseCluster, parseClusterOptions } from './parse-cluster.js';
import { parseNodeGroups, withGroupNodes } from './parse-node-groups.js';
import { describe, ParseContext } from './parse-context.js';
import { parseExpectations } from './parse-expect.js';
import { parseSteps } from './parse-steps.js';
import { InputFileError, MAX_SCENARIO_BYTES, readInputFile } from './read-input.js';
import { ScenarioError, YamlSource } from './source.js';
import type { Scenario } from './types.js';

export { defaultNodes } from './parse-cluster.js';

const DEFAULT_EPOCH = '2026-01-01T00:00:00Z';

/** Reads and validates a scenario file; throws ScenarioError listing every problem. */
export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readInputFile(file, MAX_SCENARIO_BYTES, 'the most a scenario file may hold');
  } catch (e) {
    if (!(e instanceof InputFileError)) throw e;
    throw new ScenarioError([{ file, line: 0, col: 0, path: '', message: e.message }]);
  }
  return parseScenario(text, file);
}

export function parseScenario(text: string, file: string): Scenario {
  const src = new YamlSource(file, text);
  if (src.problems.length > 0) throw new ScenarioError(src.problems);
  const scenario = parseTop(new ParseContext(src, path.dirname(file)));
  if (src.problems.length > 0 || scenario === undefined) throw new ScenarioError(src.problems);
  return scenario;
}

/** The top level: apiVersion, kind, metadata, and spec's scalar fields. */
function parseTop(ctx: ParseContext): Scenario | undefined {
  const root = ctx.map(ctx.src.value(), [], 'a Scenario mapping');
  if (root === undefined) return undefined;
  ctx.keys(root, [], ['apiVersion', 'kind', 'metadata', 'spec']);
  if (root.apiVersion !== 'kubelapse/v1') ctx.problem(['apiVersion'], `must be "kubelapse/v1", got ${describe(root.apiVersion)}`);
  if (root.kind !== 'Scenario') ctx.problem(['kind'], `must be "Scenario", got ${describe(root.kind)}`);
  const meta = ctx.map(root.metadata, ['metadata'], 'a mapping with name and title') ?? {};
  ctx.keys(meta, ['metadata'], ['name', 'title', 'description']);
  const name = ctx.str(meta.name, ['metadata', 'name'], true) ?? '';
  if (name !== '' && !isDns1123Label(name)) ctx.problem(['metadata', 'name'], `invalid name "${name}": lowercase letters, digits and '-' only`);
  const title = ctx.str(meta.title, ['metadata', 'title'], false) ?? name;
  const description = ctx.str(meta.description, ['metadata', 'description'], false) ?? '';
  const spec = ctx.map(root.spec, ['spec'], 'a mapping') ?? {};
  ctx.keys(spec, ['spec'], ['seed', 'duration', 'epoch', 'cluster', 'steps', 'expect']);
  let seed = 1;
  if (spec.seed !== undefined) {
    if (typeof spec.seed === 'number' && Number.isSafeInteger(spec.seed) && spec.seed >= 0) seed = spec.seed;
    else ctx.problem(['spec', 'seed'], `invalid seed ${JSON.stringify(spec.seed)}: a whole number >= 0`);
  }
  const durationMs = spec.duration === undefined ? (ctx.problem(['spec', 'duration'], 'required (when the recording ends, e.g. 4m)'), 0) : (ctx.duration(spec.duration, ['spec', 'duration']) ?? 0);
  let epoch = DEFAULT_EPOCH;
  if (spec.epoch !== undefined) {
    const e = normalizeEpoch(spec.epoch);
    if (e === undefined) ctx.problem(['spec', 'epoch'], `invalid time ${JSON.stringify(String(spec.epoch))} (RFC 3339, e.g. 2026-01-01T00:00:00Z)`);
    else epoch = e;
  }
  const listed = parseCluster(ctx, spec.cluster);
  const cluster = parseClusterOptions(ctx, spec.cluster);
  cluster.nodeGroups = parseNodeGroups(ctx, spec.cluster);
  const nodes = withGroupNodes(ctx, listed, cluster.nodeGroups);
  const steps = parseSteps(ctx, spec.steps, durationMs);
  const expectations = parseExpectations(ctx, spec.expect, durationMs);
  return { file: ctx.src.file, dir: ctx.dir, name, title, description, seed, durationMs, epoch, nodes, cluster, steps, expectations, inputs: [...ctx.inputs] };
}
