import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chainHash } from '../../core/record/hash.js';
import { ROOT } from '../helpers.js';

/**
 * The README's one sentence on what a row's hash covers must say what chainHash hashes
 * (docs/recording-format.md, "Hash chain"): it said "the row", and a user who edited a
 * message and saw verify pass took the chain for broken.
 */
describe("the README's hash sentence", () => {
  const row = { seq: 1, timeMs: 0, verb: 'create', subresource: null, kind: 'Pod', namespace: 'default', name: 'p', resourceVersion: 1, actor: 'kubectl', causeSeq: null, object: '{}' };
  const sentence = /`hash` = SHA-256 over ([^.]*)/.exec(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' '))?.[1] ?? '';

  it('names what the chain leaves out, as the code does', () => {
    const base = chainHash('0'.repeat(64), row);
    // reason and message are not inputs of chainHash at all: a row differing only there hashes the same
    expect(chainHash('0'.repeat(64), { ...row, reason: 'Edited', message: 'edited' } as typeof row)).toBe(base);
    expect(sentence).toMatch(/not its uid, apiVersion, reason or message/);
    // and what it covers changes the hash
    expect(chainHash('0'.repeat(64), { ...row, actor: 'someone' })).not.toBe(base);
    expect(sentence).toMatch(/actor/);
  });
});
