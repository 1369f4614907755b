import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/**
 * Every file's imports point one way: no import cycle among core/ and viewer/ files,
 * type-only imports included (a type cycle is a design cycle: two files that each need
 * the other to be understood). TypeScript's own pre-processor lists each file's imports,
 * re-exports and dynamic imports; Tarjan's algorithm finds the strongly connected sets.
 */

type Graph = ReadonlyMap<string, readonly string[]>;

/** The import cycles of a graph: its strongly connected sets of more than one file (or a file importing itself). */
export function importCycles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const set: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      set.push(w);
    } while (w !== v);
    if (set.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(set.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' || d.name === 'dist' ? [] : sources(p);
    return /\.tsx?$/.test(d.name) && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** file -> the project files it imports (relative specifiers, `.js` resolved to the `.ts` source). */
export function moduleGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const deps = new Set<string>();
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const base = path.resolve(path.dirname(file), fileName).replace(/\.js$/, '');
      const target = [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) => known.has(f));
      if (target !== undefined) deps.add(target);
    }
    graph.set(file, [...deps]);
  }
  return graph;
}

describe('import cycles', () => {
  it('the check finds a cycle through a type-only import, and none in a one-way chain', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cycles-'));
    try {
      const write = (name: string, text: string): string => {
        const f = path.join(dir, name);
        fs.writeFileSync(f, text);
        return f;
      };
      const a = write('a.ts', "import { b } from './b.js';\nexport const a = b;\n");
      const b = write('b.ts', "import type { C } from './c.js';\nexport const b: C | 1 = 1;\n");
      const c = write('c.ts', "export type { A } from './d.js';\nexport type C = 2;\n");
      const d = write('d.ts', "export type A = typeof import('./a.js');\n");
      expect(importCycles(moduleGraph([a, b, c, d]))).toEqual([[a, b, c, d].sort()]);
      const oneWay = write('d.ts', 'export type A = 1;\n');
      expect(importCycles(moduleGraph([a, b, c, oneWay]))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no file under core/ or viewer/ imports, directly or through others, a file that imports it back', () => {
    const files = [...sources(path.join(ROOT, 'core')), ...sources(path.join(ROOT, 'viewer'))];
    expect(files.length).toBeGreaterThan(200);
    const cycles = importCycles(moduleGraph(files)).map((set) => set.map((f) => path.relative(ROOT, f)).join(' <-> '));
    expect(cycles).toEqual([]);
  });

  it('kubectl is a client like any other: nothing under core/kubectl reaches controller code, even through other files', () => {
    const files = sources(path.join(ROOT, 'core'));
    const graph = moduleGraph(files);
    const controllers = path.join(ROOT, 'core', 'controllers') + path.sep;
    const reached: string[] = [];
    for (const start of files.filter((f) => f.startsWith(path.join(ROOT, 'core', 'kubectl') + path.sep))) {
      const seen = new Set<string>([start]);
      const stack = [start];
      while (stack.length > 0) {
        for (const next of graph.get(stack.pop() as string) ?? []) {
          if (seen.has(next)) continue;
          seen.add(next);
          if (next.startsWith(controllers)) reached.push(`${path.relative(ROOT, start)} -> ${path.relative(ROOT, next)}`);
          else stack.push(next);
        }
      }
    }
    expect(reached).toEqual([]);
  });
});
