import type { ObservedFailure, ObservedWrite, SkippedInput } from './observed-write.js';
import type { InputKind } from './input-kind.js';

/** Where a reader delivers, the shape both readers share (audit: read-audit.ts, k8shark: read-archive.ts). */
export interface ImportSink {
  write(w: ObservedWrite): void;
  failure(f: ObservedFailure): void;
  skipped(s: SkippedInput): void;
  progress?(done: number, total: number): void;
}

/** A reader: the inputs of one kind in, observed writes out in time order; throws a bad-input error naming the file. */
export type InputReader = (paths: string[], sink: ImportSink) => Promise<unknown>;

/** A reader's refusal of its input (no such file, not a capture): one line, exit 2. */
export class ImportInputError extends Error {
  override name = 'ImportInputError';
}

interface ReaderModule {
  reader: InputReader;
  /** the reader's own bad-input error class */
  inputError: new (...args: never[]) => Error;
}

/**
 * The readers are other modules of the import pipeline (core/import/audit/,
 * core/import/k8shark/), each owned and merged on its own; they are loaded when an
 * input of their kind is given, so this file names them by path only. A kubelapse
 * built without one says so instead of failing to start.
 */
const K8SHARK_ERRORS = './k8shark/k8shark-error.js';

const MODULES: Record<InputKind, { path: string; load: (m: Record<string, unknown>) => ReaderModule }> = {
  audit: {
    path: './audit/read-audit.js',
    load: (m) => ({ reader: m.readAuditInputs as InputReader, inputError: m.AuditInputError as ReaderModule['inputError'] }),
  },
  k8shark: {
    path: './k8shark/read-archive.js',
    load: (m) => ({
      // one archive at a time: a capture is one cluster's timeline
      reader: async (paths, sink) => {
        const read = m.readK8sharkArchive as (file: string, sink: ImportSink) => Promise<unknown>;
        const out: unknown[] = [];
        for (const p of paths) out.push(await read(p, sink));
        return out;
      },
      inputError: m.K8sharkError as ReaderModule['inputError'],
    }),
  },
};

async function load(kind: InputKind): Promise<ReaderModule> {
  const spec = MODULES[kind];
  let m: Record<string, unknown>;
  try {
    m = (await import(/* @vite-ignore */ spec.path)) as Record<string, unknown>;
    if (kind === 'k8shark') {
      const errors = (await import(/* @vite-ignore */ K8SHARK_ERRORS).catch(() => ({}))) as Record<string, unknown>;
      m = { ...errors, ...m };
    }
  } catch {
    throw new ImportInputError(`this kubelapse has no ${kind === 'audit' ? 'audit log' : 'k8shark'} reader (core/import/${kind === 'audit' ? 'audit' : 'k8shark'}/ is not built in)`);
  }
  return spec.load(m);
}

/** Reads inputs of one kind into the sink; a reader's own bad-input error becomes an ImportInputError. */
export async function readInputs(kind: InputKind, paths: string[], sink: ImportSink, readers?: Partial<Record<InputKind, InputReader>>): Promise<void> {
  const given = readers?.[kind];
  const mod: ReaderModule = given !== undefined ? { reader: given, inputError: ImportInputError } : await load(kind);
  try {
    await mod.reader(paths, sink);
  } catch (err) {
    if (err instanceof ImportInputError || (typeof mod.inputError === 'function' && err instanceof mod.inputError)) {
      throw new ImportInputError((err as Error).message);
    }
    throw err;
  }
}
