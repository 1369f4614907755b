import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, sqlite } from '../helpers.js';
import { recordingsDir } from '../viewer/fixtures.js';

/**
 * The README's one sentence on what a row's hash covers must say what `verify` checks
 * (docs/recording-format.md, "Hash chain"): it said "the row", and a user who edited a
 * message and saw verify pass took the chain for broken. Checked on a real recording with
 * its rows edited, not on the sentence alone.
 */
describe("the README's hash sentence", () => {
  const sentence = /`hash` = SHA-256 over ([^.]*\([^)]*\)[^.]*)/.exec(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' '))?.[1] ?? '';
  const edited = (sql: string): { code: number; stdout: string } => {
    const db = path.join(recordingsDir(['api-basics']), 'api-basics.db');
    sqlite(db, `DROP TRIGGER events_immutable_update; ${sql}`);
    return cli(['verify', db]);
  };

  it('says reason and message are left out, and verify passes a recording whose message was edited', () => {
    expect(sentence).toMatch(/nor its reason or message/);
    const r = edited("UPDATE events SET message = 'tampered', reason = 'Edited' WHERE seq = 20");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/hash chain intact/);
  });

  it('says the uid is covered through the object, and verify fails when the object or the actor is edited', () => {
    expect(sentence).toMatch(/uid and apiVersion columns \(both are inside the hashed object\)/);
    expect(sentence).toMatch(/actor/);
    const uid = edited("UPDATE events SET object = json_set(object, '$.metadata.uid', 'edited') WHERE seq = 20");
    expect(uid.code).toBe(1);
    expect(uid.stdout).toMatch(/FAILED at seq 20/);
    const actor = edited("UPDATE events SET actor = 'someone' WHERE seq = 20");
    expect(actor.code).toBe(1);
    expect(actor.stdout).toMatch(/FAILED at seq 20/);
  });
});
