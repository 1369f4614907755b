import path from 'node:path';
import { isScalar } from 'yaml';
import type { KObject } from '../api/types.js';
import { KubectlError } from '../kubectl/command.js';
import { parseKubectl } from '../kubectl/parse.js';
import { parseManifests } from './manifests.js';
import { InputFileError, readInputFile } from './read-input.js';
import { commandReplicas, replicaProblems } from './replicas.js';
import { MAX_REPLICAS, MAX_RPS } from './limits.js';
import { describe, type Obj, type ParseContext } from './parse-context.js';
import type { PathPart } from './source.js';
import { parseFault } from './parse-fault.js';
import type { Step, StepAction } from './types.js';

/** `$(pod -l app=web)` in a kubectl step: the first running pod matching the selector, in name order, when the step runs. */
export const POD_REF = /\$\(pod\s+-l\s+([^)]+)\)/g;

export const STEP_ACTIONS = ['apply', 'kubectl', 'chapter', 'traffic', 'fault'] as const;

/** spec.steps: each an `at` and one action, returned in time order. */
export function parseSteps(ctx: ParseContext, value: unknown, durationMs: number): Step[] {
  const steps: Step[] = [];
  ctx.list(value, ['spec', 'steps'], 'steps').forEach((raw, i) => {
    const at: PathPart[] = ['spec', 'steps', i];
    const step = ctx.map(raw, at, 'a step mapping (at plus one of apply, kubectl, chapter, note, traffic, fault)');
    if (step === undefined) return;
    ctx.keys(step, at, ['at', ...STEP_ACTIONS, 'note', 'expectError']);
    let atMs = 0;
    if (step.at === undefined) ctx.problem(at, 'at: required (when the step happens, e.g. 30s)');
    else atMs = ctx.duration(step.at, [...at, 'at']) ?? 0;
    if (durationMs > 0 && atMs > durationMs) ctx.problem([...at, 'at'], `${String(step.at)} is after the end of the scenario (spec.duration)`);
    const actions = STEP_ACTIONS.filter((a) => step[a] !== undefined);
    if (actions.length > 1) {
      ctx.problem([...at, actions[1] as string], `one action per step, found ${actions.join(' and ')}`, true);
      return;
    }
    const note = step.note === undefined ? undefined : ctx.str(step.note, [...at, 'note'], true);
    let expectError: string | true | undefined;
    if (step.expectError !== undefined) {
      if (step.expectError === true || (typeof step.expectError === 'string' && step.expectError !== '')) expectError = step.expectError;
      else ctx.problem([...at, 'expectError'], `expected true or the text the error must contain, got ${describe(step.expectError)}`);
    }
    let action: StepAction | undefined;
    if (actions.length === 0) {
      if (note === undefined) ctx.problem(at, `a step needs one of: ${STEP_ACTIONS.join(', ')}, note`);
      else action = { type: 'note' };
    } else {
      action = parseAction(ctx, actions[0] as (typeof STEP_ACTIONS)[number], step, at);
    }
    if (action === undefined) return;
    const s: Step = { index: i, atMs, where: ctx.where(at), action };
    if (note !== undefined) s.note = note;
    if (expectError !== undefined) {
      if (action.type !== 'apply' && action.type !== 'kubectl') ctx.problem([...at, 'expectError'], 'only apply and kubectl steps can expect an error');
      s.expectError = expectError;
    }
    steps.push(s);
  });
  // Steps run in time order; equal times keep file order.
  return steps.map((s, i) => [s, i] as const).sort((a, b) => a[0].atMs - b[0].atMs || a[1] - b[1]).map(([s]) => s);
}

function parseAction(ctx: ParseContext, type: (typeof STEP_ACTIONS)[number], step: Obj, at: PathPart[]): StepAction | undefined {
  const p = [...at, type];
  const value = step[type];
  switch (type) {
    case 'apply':
      return parseApply(ctx, value, p);
    case 'kubectl': {
      const line = ctx.str(value, p, true);
      if (line === undefined) return undefined;
      try {
        // `$(pod -l app=web)` names a pod chosen at run time; check the rest of the line now.
        const command = parseKubectl(line.replace(POD_REF, 'pod-chosen-at-run-time'));
        const replicas = commandReplicas(command);
        if (replicas !== undefined && replicas > MAX_REPLICAS) {
          ctx.problem(p, `--replicas=${replicas} is over the limit of ${MAX_REPLICAS.toLocaleString('en-US')} replicas`);
          return undefined;
        }
        // -f files are read and checked now, once: the run uses these objects, so a file
        // edited mid-run cannot make the recording disagree with what was validated.
        const manifests: Record<string, KObject[]> = {};
        if (command.verb === 'apply' || command.verb === 'create') {
          for (const f of command.files) {
            const objects = manifestFile(ctx, f, p);
            if (objects === undefined || !withinLimits(ctx, objects, p)) return undefined;
            manifests[f] = objects;
          }
        }
        return { type: 'kubectl', line, command, manifests };
      } catch (e) {
        if (e instanceof KubectlError) {
          ctx.problem(p, e.message);
          return undefined;
        }
        throw e;
      }
    }
    case 'chapter': {
      const title = ctx.str(value, p, true);
      return title === undefined ? undefined : { type: 'chapter', title };
    }
    case 'traffic':
      return parseTraffic(ctx, value, p);
    case 'fault':
      return parseFault(ctx, value, p);
  }
}

function parseApply(ctx: ParseContext, value: unknown, at: PathPart[]): StepAction | undefined {
  if (typeof value === 'string') {
    // Map the block's inner lines back to the scenario: a `|` block starts on the line after its key.
    const node = ctx.src.doc.getIn(at, true);
    const start = isScalar(node) && node.range ? ctx.src.lines.linePos(node.range[0]) : { line: 0, col: 0 };
    const blockStyle = isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
    const indent = blockStyle ? (/^( *)\S/m.exec(ctx.src.text.split('\n').slice(start.line).join('\n'))?.[1]?.length ?? 0) : start.col - 1;
    const { objects, problems } = parseManifests(value, {
      file: ctx.src.file,
      lineOffset: blockStyle ? start.line : start.line - 1,
      colOffset: indent,
      path: ctx.pathText(at),
    });
    ctx.src.problems.push(...problems);
    if (objects.length === 0 && problems.length === 0) ctx.problem(at, 'no Kubernetes objects in this manifest');
    return problems.length > 0 || !withinLimits(ctx, objects, at) ? undefined : { type: 'apply', manifests: objects };
  }
  const m = ctx.map(value, at, 'a YAML manifest (string) or {file: path}');
  if (m === undefined) return undefined;
  ctx.keys(m, at, ['file']);
  const file = ctx.str(m.file, [...at, 'file'], true);
  if (file === undefined) return undefined;
  const objects = manifestFile(ctx, file, [...at, 'file']);
  return objects === undefined || !withinLimits(ctx, objects, [...at, 'file']) ? undefined : { type: 'apply', manifests: objects };
}

/** Replica counts within MAX_REPLICAS (a billion replicas would never finish being created). */
function withinLimits(ctx: ParseContext, objects: readonly KObject[], at: PathPart[]): boolean {
  const problems = replicaProblems(objects);
  for (const p of problems) ctx.problem(at, p);
  return problems.length === 0;
}

/** Manifests from a file relative to the scenario, checked now so a typo fails before the run. */
function manifestFile(ctx: ParseContext, file: string, at: PathPart[]): KObject[] | undefined {
  const full = path.resolve(ctx.dir, file);
  let text: string;
  try {
    text = readInputFile(full);
  } catch (e) {
    if (!(e instanceof InputFileError)) throw e;
    ctx.problem(at, e.reason === 'missing' ? `manifest file not found: ${file} (looked in ${ctx.dir})` : `manifest file ${file}: ${e.message}`);
    return undefined;
  }
  ctx.inputs.add(full);
  const { objects, problems } = parseManifests(text, { file: full, lineOffset: 0, colOffset: 0, path: '' });
  if (problems.length > 0) {
    ctx.src.problems.push(...problems.map((p) => ({ ...p, message: `${p.message} (from ${ctx.pathText(at)})` })));
    return undefined;
  }
  return objects;
}

function parseTraffic(ctx: ParseContext, value: unknown, at: PathPart[]): StepAction | undefined {
  const m = ctx.map(value, at, 'a mapping {service, rps, duration}');
  if (m === undefined) return undefined;
  ctx.keys(m, at, ['service', 'namespace', 'rps', 'duration']);
  const service = ctx.str(m.service, [...at, 'service'], true);
  if (typeof m.rps !== 'number' || m.rps < 0 || !Number.isFinite(m.rps)) {
    ctx.problem([...at, 'rps'], `invalid rate ${JSON.stringify(m.rps)}: requests per second, a number >= 0`);
    return undefined;
  }
  if (m.rps > MAX_RPS) {
    ctx.problem([...at, 'rps'], `rate ${m.rps} is over the limit of ${MAX_RPS.toLocaleString('en-US')} requests per second`);
    return undefined;
  }
  const durationMs = m.duration === undefined ? undefined : ctx.duration(m.duration, [...at, 'duration']);
  if (service === undefined) return undefined;
  return {
    type: 'traffic',
    traffic: { service, namespace: typeof m.namespace === 'string' ? m.namespace : 'default', rps: m.rps, ...(durationMs !== undefined ? { durationMs } : {}) },
  };
}
