import { formatDuration, parseDuration } from './duration.js';
import { MAX_DURATION_MS } from './limits.js';
import { pathText, type PathPart, type YamlSource } from './source.js';
import { suggest } from './suggest.js';

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** How a value reads in a message: `string "9x"`, `a list`, `nothing`. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/**
 * What every part of the scenario parser shares: the source with its positions, the
 * problems found so far, and small checks that report at the right line and path.
 */
export class ParseContext {
  /** Manifest files the scenario reads; a recording is stale when one of them changes. */
  readonly inputs = new Set<string>();

  constructor(
    readonly src: YamlSource,
    readonly dir: string,
  ) {}

  problem(p: readonly PathPart[], message: string, key = false): void {
    this.src.problem(p, message, key);
  }

  where(p: readonly PathPart[]): string {
    const { line, col } = this.src.position(p);
    return `${this.src.file}:${line}:${col}`;
  }

  /** Reports keys outside `allowed`, with a did-you-mean when one is close. */
  keys(value: Obj, at: PathPart[], allowed: readonly string[]): void {
    for (const k of Object.keys(value)) {
      if (allowed.includes(k)) continue;
      const hint = suggest(k, allowed);
      this.problem([...at, k], `unknown key "${k}"${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of: ${allowed.join(', ')}`, true);
    }
  }

  map(value: unknown, at: PathPart[], what: string): Obj | undefined {
    if (isObj(value)) return value;
    this.problem(at, `expected ${what}, got ${describe(value)}`);
    return undefined;
  }

  list(value: unknown, at: PathPart[], what: string): unknown[] {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    this.problem(at, `expected a list of ${what}, got ${describe(value)}`);
    return [];
  }

  str(value: unknown, at: PathPart[], required: boolean): string | undefined {
    if (value === undefined && !required) return undefined;
    if (typeof value === 'string' && value !== '') return value;
    this.problem(at, value === undefined ? 'required' : `expected a string, got ${describe(value)}`);
    return undefined;
  }

  /** A duration within MAX_DURATION_MS: nothing in a scenario may run longer than the longest scenario. */
  duration(value: unknown, at: PathPart[]): number | undefined {
    const ms = parseDuration(value);
    if (ms === undefined) this.problem(at, `invalid duration ${JSON.stringify(value)} (use e.g. 500ms, 90s, 4m, 1m30s)`);
    else if (ms > MAX_DURATION_MS) {
      this.problem(at, `duration ${JSON.stringify(value)} is over the limit of ${formatDuration(MAX_DURATION_MS)} of cluster time`);
      return undefined;
    }
    return ms;
  }

  pathText(at: readonly PathPart[]): string {
    return pathText(at);
  }
}
