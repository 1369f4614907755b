import { createHash } from 'node:crypto';
import { GENESIS } from './hash.js';
import type { LogRow } from './schema.js';

export { GENESIS as LOGS_GENESIS };

/**
 * The logs' own chain (schema_version 3), apart from the events' chain:
 *   hash(id) = sha256_hex(prev \n id \n seq_after \n time_ms \n namespace \n pod \n
 *              pod_uid \n container \n restart \n stream \n line)
 * with prev the hash of id - 1 (64 zeros before the first line). Only its head is
 * stored, in the seal (`log_count`, `log_head`): a line costs ~60 bytes, a hash per row
 * would double the table, and `verify` can still say that lines were changed, cut or
 * added, only not which one first. Lines are not in the events' chain, so a recording's
 * final event hash is the same as it was before logs existed, and tools that recompute
 * the events' chain (DESIGN.md fixes its fields) keep working.
 */
export function logHash(prev: string, l: LogRow): string {
  const text =
    prev + '\n' + l.id + '\n' + l.seqAfter + '\n' + l.timeMs + '\n' + l.namespace + '\n' + l.pod + '\n' +
    l.podUid + '\n' + l.container + '\n' + l.restart + '\n' + l.stream + '\n' + l.line;
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
