import { Recording } from '../../record/recording.js';
import { walBytes } from '../../record/wal-bytes.js';
import { verifyRecording, type VerifyResult } from '../../record/verify.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../exit.js';

export interface VerifyOptions {
  json?: boolean;
  /** A head hash kept outside the file (the run's summary line prints it). */
  expect?: string;
}

export function parseExpectedHash(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9a-fA-F]{12,64}$/.test(text)) throw new UsageError(`--expect: invalid hash "${text}": 12 to 64 hex digits of the head hash`);
  return text.toLowerCase();
}

export function verifyCommand(file: string, opts: VerifyOptions, out: (line: string) => void): number {
  const expect = parseExpectedHash(opts.expect);
  const rec = Recording.open(file, { readonly: true });
  try {
    const meta = rec.meta();
    const result = verifyRecording(rec, undefined, expect);
    const complete = meta.complete === '1';
    // A run killed before its seal has no events_object (made at the seal: docs/recording-format.md).
    const objectIndex = rec.hasObjectIndex();
    if (opts.json) {
      out(JSON.stringify({ file, ...result, complete, objectIndex, schemaVersion: meta.schema_version, ...(meta.error ? { error: meta.error } : {}) }));
    } else {
      const noIndex = objectIndex ? '' : `; no object index (a run makes it at its seal): lookups by object scan the table; \`kubelapse index ${file}\` builds it`;
      out(`${file}: ${describe(result, meta, complete)}${noIndex}${walLeft(file, result.seal?.sealed === true)}`);
    }
    return result.ok ? EXIT_OK : EXIT_FAILED;
  } finally {
    rec.close();
  }
}

/**
 * A sealed recording whose close could not fold its WAL back (a disk too full for the
 * checkpoint: docs/recording-format.md) keeps its last committed pages in the -wal, read
 * from there by every open: the file alone is not the recording until they are folded.
 * Said only of a sealed one: a recording still being written has a -wal as a matter of course.
 */
function walLeft(file: string, sealed: boolean): string {
  if (!sealed || walBytes(file) === 0) return '';
  return `; its last pages are still in ${file}-wal: keep that file beside it (left by a disk too full to fold it back, or a reader that held it at close; \`kubelapse index ${file}\` folds it back)`;
}

function describe(r: VerifyResult, meta: Record<string, string>, complete: boolean): string {
  if (r.firstBad !== undefined) return `FAILED at seq ${r.firstBad.seq}: ${r.firstBad.problem}; the ${r.events} events before it verify`;
  if (r.seal?.problem !== undefined) return `FAILED: ${r.seal.problem}; the ${r.events} events present verify, head ${r.head}`;
  if (r.logs?.problem !== undefined) return `FAILED: ${r.logs.problem}; the ${r.events} events verify, head ${r.head}`;
  if (r.imported?.problem !== undefined) return `FAILED: ${r.imported.problem}; the ${r.events} events verify, head ${r.head}`;
  if (r.expected !== undefined && !r.expected.matches) {
    return `FAILED: head ${r.head} is not the expected ${r.expected.hash}: the recording is not the one that hash was kept for`;
  }
  const state = complete ? 'complete' : `INCOMPLETE: the run did not end cleanly${meta.error ? ` (${meta.error})` : ''}`;
  const seal = r.seal?.sealed === true
    ? `sealed with ${r.seal.events} events`
    : `not sealed (${meta.schema_version === '1' ? 'schema_version 1' : 'the run was killed before closing'}): rows lost from the end would not show; check with --expect <head hash>`;
  const expected = r.expected?.matches === true ? '; matches the expected head' : '';
  const logs = r.logs === undefined ? '' : `; ${r.logs.lines} log line${r.logs.lines === 1 ? '' : 's'}${r.logs.sealed ? ' match the seal' : ' (not sealed)'}`;
  const imported = r.imported === undefined ? '' : `; ${r.imported.provenance} imported write${r.imported.provenance === 1 ? '' : 's'} with provenance, ${r.imported.inferred} inferred cause${r.imported.inferred === 1 ? '' : 's'} pointing at earlier events`;
  return `ok: ${r.events} events, hash chain intact, head ${r.head}; ${state}; ${seal}${logs}${imported}${expected}`;
}
