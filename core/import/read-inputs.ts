import type { ImportSink } from './observed-write.js';
import { AuditInputError } from './audit/input-files.js';
import { readAuditInputs } from './audit/read-audit.js';
import type { InputKind } from './input-kind.js';
import { K8sharkError } from './k8shark/k8shark-error.js';
import { readK8sharkArchive } from './k8shark/read-archive.js';

export type { ImportSink };

/** A reader: the inputs of one kind in, observed writes out in time order; throws a bad-input error naming the file. */
export type InputReader = (paths: string[], sink: ImportSink) => Promise<unknown>;

/** A reader's refusal of its input (no such file, not a capture): one line, exit 2. */
export class ImportInputError extends Error {
  override name = 'ImportInputError';
}

/** The reader of each kind, and its own bad-input error class. */
const READERS: Record<InputKind, { reader: InputReader; inputError: new (...args: never[]) => Error }> = {
  audit: { reader: readAuditInputs, inputError: AuditInputError },
  // one archive at a time: a capture is one cluster's timeline (import.ts refuses more)
  k8shark: { reader: (paths, sink) => readK8sharkArchive(paths[0] as string, sink), inputError: K8sharkError },
};

/** Reads inputs of one kind into the sink; a reader's own bad-input error becomes an ImportInputError. */
export async function readInputs(kind: InputKind, paths: string[], sink: ImportSink, readers?: Partial<Record<InputKind, InputReader>>): Promise<{ message?: string | null } | undefined> {
  const given = readers?.[kind];
  const mod = given !== undefined ? { reader: given, inputError: ImportInputError } : READERS[kind];
  try {
    const summary = await mod.reader(paths, sink);
    return typeof summary === 'object' && summary !== null ? (summary as { message?: string | null }) : undefined;
  } catch (err) {
    if (err instanceof ImportInputError || (typeof mod.inputError === 'function' && err instanceof mod.inputError)) {
      throw new ImportInputError((err as Error).message);
    }
    throw err;
  }
}
