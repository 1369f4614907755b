import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

/** The fields the chain covers, in the order DESIGN.md fixes. */
export interface HashInput {
  seq: number;
  timeMs: number;
  verb: string;
  subresource: string | null;
  kind: string;
  namespace: string | null;
  name: string;
  resourceVersion: number;
  actor: string;
  causeSeq: number | null;
  object: string;
}

/**
 * hash(seq) = sha256_hex(prev \n seq \n time_ms \n verb \n subresource \n kind \n
 * namespace \n name \n resource_version \n actor \n cause_seq \n object), NULLs as "".
 * Changing one character of one row changes every hash after it.
 */
export function chainHash(prev: string, e: HashInput): string {
  const head =
    prev + '\n' + e.seq + '\n' + e.timeMs + '\n' + e.verb + '\n' + (e.subresource ?? '') + '\n' + e.kind + '\n' +
    (e.namespace ?? '') + '\n' + e.name + '\n' + e.resourceVersion + '\n' + e.actor + '\n' + (e.causeSeq ?? '') + '\n';
  // The same bytes in two updates: the object's JSON (a pod's is ~5 kB) is hashed as it
  // is rather than first copied into one joined string.
  return createHash('sha256').update(head, 'utf8').update(e.object, 'utf8').digest('hex');
}
