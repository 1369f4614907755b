import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { toJsChecked } from './yaml-aliases.js';
import { yamlMessage } from './yaml-message.js';

export interface Problem {
  file: string;
  line: number;
  col: number;
  path: string;
  message: string;
}

/** A scenario that cannot run: every problem found, each with file:line:col and path. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';

  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export function formatProblem(p: Problem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file;
  return p.path === '' ? `${where}: ${p.message}` : `${where}: ${p.path}: ${p.message}`;
}

export type PathPart = string | number;

export function pathText(path: readonly PathPart[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`;
  return s;
}

/**
 * A parsed YAML file that remembers where every node came from, so a problem found
 * in the plain JS value can be reported at its line and column.
 */
export class YamlSource {
  readonly lines = new LineCounter();
  readonly doc: Document;
  readonly problems: Problem[] = [];
  private readonly js: unknown;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    for (const e of this.doc.errors) {
      const pos = this.lines.linePos(e.pos[0]);
      // The library's wording ("please use YAML.parseAllDocuments()") speaks to programmers.
      const message = e.code === 'MULTIPLE_DOCS' ? 'a second YAML document starts here; a scenario is one document (manifests go in apply steps or their own files)' : e.message;
      this.problems.push({ file, line: pos.line, col: pos.col, path: '', message: yamlMessage(message) });
    }
    if (this.problems.length > 0) return;
    const r = toJsChecked(this.doc);
    if (r.ok) this.js = r.value;
    else {
      const pos = this.lines.linePos(r.offset);
      this.problems.push({ file, line: pos.line, col: pos.col, path: '', message: `yaml: ${r.message}` });
    }
  }

  /** The document as plain JS (undefined when it could not be built: see problems). */
  value(): unknown {
    return this.js;
  }

  /** The node at `path`, or its nearest existing parent. */
  private nodeAt(path: readonly PathPart[]): Node | undefined {
    let node: unknown = this.doc.contents;
    let last: Node | undefined = node as Node | undefined;
    for (const part of path) {
      if (isMap(node) || isSeq(node)) {
        const next = node.get(part, true) as unknown;
        if (next === undefined) return last;
        node = next;
        last = next as Node;
      } else break;
    }
    return last;
  }

  /** Line and column of the value at `path`, or of its key when `key` is set. */
  position(path: readonly PathPart[], key = false): { line: number; col: number } {
    let offset: number | undefined;
    if (key && path.length > 0) {
      const parent = this.nodeAt(path.slice(0, -1));
      if (isMap(parent)) {
        const pair = parent.items.find((it) => (isScalar(it.key) ? it.key.value : it.key) === path[path.length - 1]);
        const k = pair?.key as Node | undefined;
        offset = k?.range?.[0];
      }
    }
    offset ??= this.nodeAt(path)?.range?.[0];
    if (offset === undefined) return { line: 0, col: 0 };
    return this.lines.linePos(offset);
  }

  problem(path: readonly PathPart[], message: string, key = false): void {
    const { line, col } = this.position(path, key);
    this.problems.push({ file: this.file, line, col, path: pathText(path), message });
  }
}
