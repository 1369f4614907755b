import fs from 'node:fs';
import path from 'node:path';
import { isScalar } from 'yaml';
import { resolveKind } from '../api/kinds.js';
import { isDns1123Label, isDns1123Subdomain } from '../api/names.js';
import { parseQuantity } from '../api/quantity.js';
import type { KObject } from '../api/types.js';
import { KubectlError } from '../kubectl/command.js';
import { parseKubectl } from '../kubectl/parse.js';
import { parseDuration } from './duration.js';
import { parseManifests } from './manifests.js';
import { ScenarioError, YamlSource, type PathPart } from './source.js';
import { suggest } from './suggest.js';
import {
  FAULT_TYPES,
  type Expectation,
  type FaultSpec,
  type NodeSpec,
  type Scenario,
  type Step,
  type StepAction,
  type Taint,
} from './types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

const STEP_ACTIONS = ['apply', 'kubectl', 'chapter', 'traffic', 'fault'] as const;
const DEFAULT_EPOCH = '2026-01-01T00:00:00Z';

/** Reads and validates a scenario file; throws ScenarioError listing every problem. */
export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScenarioError([{ file, line: 0, col: 0, path: '', message: code === 'ENOENT' ? 'no such file' : `cannot read: ${(e as Error).message}` }]);
  }
  return parseScenario(text, file);
}

export function parseScenario(text: string, file: string): Scenario {
  const src = new YamlSource(file, text);
  if (src.problems.length > 0) throw new ScenarioError(src.problems);
  const parser = new ScenarioParser(src, path.dirname(file));
  const scenario = parser.parse();
  if (src.problems.length > 0 || scenario === undefined) throw new ScenarioError(src.problems);
  return scenario;
}

class ScenarioParser {
  private readonly inputs = new Set<string>();

  constructor(
    private readonly src: YamlSource,
    private readonly dir: string,
  ) {}

  private problem(p: readonly PathPart[], message: string, key = false): void {
    this.src.problem(p, message, key);
  }

  private where(p: readonly PathPart[]): string {
    const { line, col } = this.src.position(p);
    return `${this.src.file}:${line}:${col}`;
  }

  /** Reports keys outside `allowed`, with a did-you-mean when one is close. */
  private keys(value: Obj, at: PathPart[], allowed: readonly string[]): void {
    for (const k of Object.keys(value)) {
      if (allowed.includes(k)) continue;
      const hint = suggest(k, allowed);
      this.problem([...at, k], `unknown key "${k}"${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of: ${allowed.join(', ')}`, true);
    }
  }

  private map(value: unknown, at: PathPart[], what: string): Obj | undefined {
    if (isObj(value)) return value;
    this.problem(at, `expected ${what}, got ${describe(value)}`);
    return undefined;
  }

  private list(value: unknown, at: PathPart[], what: string): unknown[] {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    this.problem(at, `expected a list of ${what}, got ${describe(value)}`);
    return [];
  }

  private str(value: unknown, at: PathPart[], required: boolean): string | undefined {
    if (value === undefined && !required) return undefined;
    if (typeof value === 'string' && value !== '') return value;
    this.problem(at, value === undefined ? 'required' : `expected a string, got ${describe(value)}`);
    return undefined;
  }

  private duration(value: unknown, at: PathPart[]): number | undefined {
    const ms = parseDuration(value);
    if (ms === undefined) this.problem(at, `invalid duration ${JSON.stringify(value)} (use e.g. 500ms, 90s, 4m, 1m30s)`);
    return ms;
  }

  parse(): Scenario | undefined {
    const root = this.map(this.src.value(), [], 'a Scenario mapping');
    if (root === undefined) return undefined;
    this.keys(root, [], ['apiVersion', 'kind', 'metadata', 'spec']);
    if (root.apiVersion !== 'kubelapse/v1') this.problem(['apiVersion'], `must be "kubelapse/v1", got ${describe(root.apiVersion)}`);
    if (root.kind !== 'Scenario') this.problem(['kind'], `must be "Scenario", got ${describe(root.kind)}`);
    const meta = this.map(root.metadata, ['metadata'], 'a mapping with name and title') ?? {};
    this.keys(meta, ['metadata'], ['name', 'title', 'description']);
    const name = this.str(meta.name, ['metadata', 'name'], true) ?? '';
    if (name !== '' && !isDns1123Label(name)) this.problem(['metadata', 'name'], `invalid name "${name}": lowercase letters, digits and '-' only`);
    const title = this.str(meta.title, ['metadata', 'title'], false) ?? name;
    const description = this.str(meta.description, ['metadata', 'description'], false) ?? '';
    const spec = this.map(root.spec, ['spec'], 'a mapping') ?? {};
    this.keys(spec, ['spec'], ['seed', 'duration', 'epoch', 'cluster', 'steps', 'expect']);
    let seed = 1;
    if (spec.seed !== undefined) {
      if (typeof spec.seed === 'number' && Number.isSafeInteger(spec.seed) && spec.seed >= 0) seed = spec.seed;
      else this.problem(['spec', 'seed'], `invalid seed ${JSON.stringify(spec.seed)}: a whole number >= 0`);
    }
    const durationMs = spec.duration === undefined ? (this.problem(['spec', 'duration'], 'required (when the recording ends, e.g. 4m)'), 0) : (this.duration(spec.duration, ['spec', 'duration']) ?? 0);
    let epoch = DEFAULT_EPOCH;
    if (spec.epoch !== undefined) {
      const e = spec.epoch instanceof Date ? spec.epoch.toISOString() : String(spec.epoch);
      if (Number.isNaN(Date.parse(e))) this.problem(['spec', 'epoch'], `invalid time ${JSON.stringify(e)} (RFC 3339, e.g. 2026-01-01T00:00:00Z)`);
      else epoch = new Date(Date.parse(e)).toISOString().replace(/\.000Z$/, 'Z');
    }
    const nodes = this.cluster(spec.cluster);
    const steps = this.steps(spec.steps, durationMs);
    const expectations = this.expectations(spec.expect, durationMs);
    return { file: this.src.file, dir: this.dir, name, title, description, seed, durationMs, epoch, nodes, steps, expectations, inputs: [...this.inputs] };
  }

  private cluster(value: unknown): NodeSpec[] {
    const at: PathPart[] = ['spec', 'cluster'];
    if (value === undefined) return defaultNodes(3);
    const cluster = this.map(value, at, 'a mapping') ?? {};
    this.keys(cluster, at, ['nodes']);
    const nodes = cluster.nodes;
    if (nodes === undefined) return defaultNodes(3);
    if (typeof nodes === 'number') {
      if (!Number.isInteger(nodes) || nodes < 0 || nodes > 5000) {
        this.problem([...at, 'nodes'], `invalid node count ${nodes}: 0 to 5000`);
        return [];
      }
      return defaultNodes(nodes);
    }
    if (!Array.isArray(nodes)) {
      this.problem([...at, 'nodes'], `expected a count or a list of nodes, got ${describe(nodes)}`);
      return [];
    }
    const seen = new Set<string>();
    return nodes.flatMap((n, i) => {
      const p: PathPart[] = [...at, 'nodes', i];
      const node = this.map(n, p, 'a node mapping ({name, cpu, memory, pods, labels, taints})');
      if (node === undefined) return [];
      this.keys(node, p, ['name', 'cpu', 'memory', 'pods', 'labels', 'taints']);
      const name = this.str(node.name, [...p, 'name'], false) ?? `node-${i + 1}`;
      if (!isDns1123Subdomain(name)) this.problem([...p, 'name'], `invalid node name "${name}"`);
      if (seen.has(name)) this.problem([...p, 'name'], `duplicate node name "${name}"`);
      seen.add(name);
      const cpu = node.cpu === undefined ? '4' : String(node.cpu);
      if (parseQuantity(cpu) === undefined) this.problem([...p, 'cpu'], `invalid quantity ${JSON.stringify(node.cpu)} (e.g. "4", "3500m")`);
      const memory = node.memory === undefined ? '8Gi' : String(node.memory);
      if (parseQuantity(memory) === undefined) this.problem([...p, 'memory'], `invalid quantity ${JSON.stringify(node.memory)} (e.g. 8Gi)`);
      const pods = node.pods === undefined ? 110 : node.pods;
      if (typeof pods !== 'number' || !Number.isInteger(pods) || pods < 0) this.problem([...p, 'pods'], `invalid pod capacity ${JSON.stringify(pods)}`);
      const labels = this.labels(node.labels, [...p, 'labels']);
      const taints = this.taints(node.taints, [...p, 'taints']);
      return [{ name, cpu, memory, pods: typeof pods === 'number' ? pods : 110, labels, taints }];
    });
  }

  private labels(value: unknown, at: PathPart[]): Record<string, string> {
    if (value === undefined) return {};
    const m = this.map(value, at, 'a mapping of label keys to values');
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(m ?? {})) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') this.problem([...at, k], `label values are strings, got ${describe(v)}`);
      else out[k] = String(v);
    }
    return out;
  }

  private taints(value: unknown, at: PathPart[]): Taint[] {
    const effects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
    return this.list(value, at, 'taints').flatMap((t, i) => {
      const p = [...at, i];
      const taint = this.map(t, p, 'a taint {key, value, effect}');
      if (taint === undefined) return [];
      this.keys(taint, p, ['key', 'value', 'effect']);
      const key = this.str(taint.key, [...p, 'key'], true) ?? '';
      if (!effects.includes(String(taint.effect))) {
        this.problem([...p, 'effect'], `unsupported effect ${describe(taint.effect)}: NoSchedule, PreferNoSchedule or NoExecute`);
        return [];
      }
      return [{ key, ...(taint.value !== undefined ? { value: String(taint.value) } : {}), effect: taint.effect as Taint['effect'] }];
    });
  }

  private steps(value: unknown, durationMs: number): Step[] {
    const steps: Step[] = [];
    this.list(value, ['spec', 'steps'], 'steps').forEach((raw, i) => {
      const at: PathPart[] = ['spec', 'steps', i];
      const step = this.map(raw, at, 'a step mapping (at plus one of apply, kubectl, chapter, note, traffic, fault)');
      if (step === undefined) return;
      this.keys(step, at, ['at', ...STEP_ACTIONS, 'note', 'expectError']);
      let atMs = 0;
      if (step.at === undefined) this.problem(at, 'at: required (when the step happens, e.g. 30s)');
      else atMs = this.duration(step.at, [...at, 'at']) ?? 0;
      if (durationMs > 0 && atMs > durationMs) this.problem([...at, 'at'], `${String(step.at)} is after the end of the scenario (spec.duration)`);
      const actions = STEP_ACTIONS.filter((a) => step[a] !== undefined);
      if (actions.length > 1) {
        this.problem([...at, actions[1] as string], `one action per step, found ${actions.join(' and ')}`, true);
        return;
      }
      const note = step.note === undefined ? undefined : this.str(step.note, [...at, 'note'], true);
      let expectError: string | true | undefined;
      if (step.expectError !== undefined) {
        if (step.expectError === true || (typeof step.expectError === 'string' && step.expectError !== '')) expectError = step.expectError;
        else this.problem([...at, 'expectError'], `expected true or the text the error must contain, got ${describe(step.expectError)}`);
      }
      let action: StepAction | undefined;
      if (actions.length === 0) {
        if (note === undefined) this.problem(at, `a step needs one of: ${STEP_ACTIONS.join(', ')}, note`);
        else action = { type: 'note' };
      } else {
        action = this.action(actions[0] as (typeof STEP_ACTIONS)[number], step, at);
      }
      if (action === undefined) return;
      const s: Step = { index: i, atMs, where: this.where(at), action };
      if (note !== undefined) s.note = note;
      if (expectError !== undefined) {
        if (action.type !== 'apply' && action.type !== 'kubectl') this.problem([...at, 'expectError'], 'only apply and kubectl steps can expect an error');
        s.expectError = expectError;
      }
      steps.push(s);
    });
    // Steps run in time order; equal times keep file order.
    return steps.map((s, i) => [s, i] as const).sort((a, b) => a[0].atMs - b[0].atMs || a[1] - b[1]).map(([s]) => s);
  }

  private action(type: (typeof STEP_ACTIONS)[number], step: Obj, at: PathPart[]): StepAction | undefined {
    const p = [...at, type];
    const value = step[type];
    switch (type) {
      case 'apply':
        return this.apply(value, p);
      case 'kubectl': {
        const line = this.str(value, p, true);
        if (line === undefined) return undefined;
        try {
          const command = parseKubectl(line);
          if (command.verb === 'apply' || command.verb === 'create') {
            const manifests = command.files.map((f) => this.manifestFile(f, p));
            if (manifests.some((m) => m === undefined)) return undefined;
          }
          return { type: 'kubectl', line, command };
        } catch (e) {
          if (e instanceof KubectlError) {
            this.problem(p, e.message);
            return undefined;
          }
          throw e;
        }
      }
      case 'chapter': {
        const title = this.str(value, p, true);
        return title === undefined ? undefined : { type: 'chapter', title };
      }
      case 'traffic':
        return this.traffic(value, p);
      case 'fault':
        return this.fault(value, p);
    }
  }

  private apply(value: unknown, at: PathPart[]): StepAction | undefined {
    if (typeof value === 'string') {
      // Map the block's inner lines back to the scenario: a `|` block starts on the line after its key.
      const node = this.src.doc.getIn(at, true);
      const start = isScalar(node) && node.range ? this.src.lines.linePos(node.range[0]) : { line: 0, col: 0 };
      const blockStyle = isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
      const indent = blockStyle ? (/^( *)\S/m.exec(this.src.text.split('\n').slice(start.line).join('\n'))?.[1]?.length ?? 0) : start.col - 1;
      const { objects, problems } = parseManifests(value, {
        file: this.src.file,
        lineOffset: blockStyle ? start.line : start.line - 1,
        colOffset: indent,
        path: this.pathText(at),
      });
      this.src.problems.push(...problems);
      if (objects.length === 0 && problems.length === 0) this.problem(at, 'no Kubernetes objects in this manifest');
      return problems.length > 0 ? undefined : { type: 'apply', manifests: objects };
    }
    const m = this.map(value, at, 'a YAML manifest (string) or {file: path}');
    if (m === undefined) return undefined;
    this.keys(m, at, ['file']);
    const file = this.str(m.file, [...at, 'file'], true);
    if (file === undefined) return undefined;
    const objects = this.manifestFile(file, [...at, 'file']);
    return objects === undefined ? undefined : { type: 'apply', manifests: objects };
  }

  /** Manifests from a file relative to the scenario, checked now so a typo fails before the run. */
  manifestFile(file: string, at: PathPart[]): KObject[] | undefined {
    const full = path.resolve(this.dir, file);
    let text: string;
    try {
      text = fs.readFileSync(full, 'utf8');
    } catch {
      this.problem(at, `manifest file not found: ${file} (looked in ${this.dir})`);
      return undefined;
    }
    this.inputs.add(full);
    const { objects, problems } = parseManifests(text, { file: full, lineOffset: 0, colOffset: 0, path: '' });
    if (problems.length > 0) {
      this.src.problems.push(...problems.map((p) => ({ ...p, message: `${p.message} (from ${this.pathText(at)})` })));
      return undefined;
    }
    return objects;
  }

  private pathText(at: readonly PathPart[]): string {
    return at.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  }

  private traffic(value: unknown, at: PathPart[]): StepAction | undefined {
    const m = this.map(value, at, 'a mapping {service, rps, duration}');
    if (m === undefined) return undefined;
    this.keys(m, at, ['service', 'namespace', 'rps', 'duration']);
    const service = this.str(m.service, [...at, 'service'], true);
    if (typeof m.rps !== 'number' || m.rps < 0 || !Number.isFinite(m.rps)) {
      this.problem([...at, 'rps'], `invalid rate ${JSON.stringify(m.rps)}: requests per second, a number >= 0`);
      return undefined;
    }
    const durationMs = m.duration === undefined ? undefined : this.duration(m.duration, [...at, 'duration']);
    if (service === undefined) return undefined;
    return {
      type: 'traffic',
      traffic: { service, namespace: typeof m.namespace === 'string' ? m.namespace : 'default', rps: m.rps, ...(durationMs !== undefined ? { durationMs } : {}) },
    };
  }

  private fault(value: unknown, at: PathPart[]): StepAction | undefined {
    const m = this.map(value, at, 'a mapping {type, node | pod, ...}');
    if (m === undefined) return undefined;
    this.keys(m, at, ['type', 'node', 'pod', 'namespace', 'container', 'probe', 'duration']);
    const type = m.type as FaultSpec['type'];
    if (!FAULT_TYPES.includes(type)) {
      const hint = typeof m.type === 'string' ? suggest(m.type, FAULT_TYPES) : undefined;
      this.problem([...at, 'type'], `unknown fault type ${describe(m.type)}${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of: ${FAULT_TYPES.join(', ')}`);
      return undefined;
    }
    const needs: Record<FaultSpec['type'], string[]> = {
      'node-down': ['node'],
      'node-up': ['node'],
      'add-node': ['node'],
      'remove-node': ['node'],
      'pod-kill': ['pod'],
      'container-crash': ['pod'],
      'probe-fail': ['pod', 'probe', 'duration'],
    };
    let ok = true;
    for (const key of needs[type]) {
      if (m[key] === undefined) {
        this.problem(at, `${key}: required for a ${type} fault`);
        ok = false;
      }
    }
    if (m.probe !== undefined && !['liveness', 'readiness', 'startup'].includes(String(m.probe))) {
      this.problem([...at, 'probe'], `unknown probe ${describe(m.probe)}: liveness, readiness or startup`);
      ok = false;
    }
    const durationMs = m.duration === undefined ? undefined : this.duration(m.duration, [...at, 'duration']);
    if (!ok) return undefined;
    const fault: FaultSpec = { type, namespace: typeof m.namespace === 'string' ? m.namespace : 'default' };
    if (m.node !== undefined) fault.node = String(m.node);
    if (m.pod !== undefined) fault.pod = String(m.pod);
    if (m.container !== undefined) fault.container = String(m.container);
    if (m.probe !== undefined) fault.probe = m.probe as FaultSpec['probe'];
    if (durationMs !== undefined) fault.durationMs = durationMs;
    return { type: 'fault', fault };
  }

  private expectations(value: unknown, durationMs: number): Expectation[] {
    const out: Expectation[] = [];
    this.list(value, ['spec', 'expect'], 'expectations').forEach((raw, i) => {
      const at: PathPart[] = ['spec', 'expect', i];
      const e = this.map(raw, at, 'a mapping like {at: end, deployment/web: {readyReplicas: 4}}');
      if (e === undefined) return;
      let when: number | 'end' = 'end';
      if (e.at !== undefined && e.at !== 'end') {
        const ms = this.duration(e.at, [...at, 'at']);
        if (ms !== undefined) when = ms;
        if (ms !== undefined && durationMs > 0 && ms > durationMs) this.problem([...at, 'at'], `${String(e.at)} is after the end of the scenario`);
      }
      const namespace = typeof e.namespace === 'string' ? e.namespace : 'default';
      const targets = Object.keys(e).filter((k) => k !== 'at' && k !== 'namespace');
      if (targets.length === 0) this.problem(at, 'names nothing to check (e.g. deployment/web: {readyReplicas: 4})');
      for (const target of targets) {
        const p = [...at, target];
        const fields = this.map(e[target], p, 'a mapping of fields to expected values');
        if (fields === undefined) continue;
        const slash = target.indexOf('/');
        if (slash <= 0 || slash === target.length - 1) {
          this.problem(p, `unknown expectation target "${target}": use kind/name (deployment/web) or traffic/<service>`, true);
          continue;
        }
        const kindWord = target.slice(0, slash);
        const name = target.slice(slash + 1);
        const base = { index: i, at: when, where: this.where(p), label: target, fields };
        if (kindWord === 'traffic') {
          this.keys(fields, p, ['total', 'ok', 'failed', 'refused', 'reset', 'no-endpoints']);
          out.push({ ...base, target: { traffic: name } });
          continue;
        }
        const info = resolveKind(kindWord);
        if (info === undefined) {
          this.problem(p, `unknown kind "${kindWord}" in expectation target "${target}"`, true);
          continue;
        }
        out.push({ ...base, target: { object: { kind: info.kind, namespace: info.namespaced ? namespace : null, name } } });
      }
    });
    return out;
  }
}

export function defaultNodes(n: number): NodeSpec[] {
  return Array.from({ length: n }, (_, i) => ({ name: `node-${i + 1}`, cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [] }));
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}
