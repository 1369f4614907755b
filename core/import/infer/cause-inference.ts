import type { InferredCauseRow } from '../../record/schema.js';
import { EnqueueLog, type Enqueuer } from './enqueue-log.js';
import { ObjectIndex } from './object-index.js';
import type { Rule } from './rule.js';
import { RULES } from './rules/index.js';
import { keyOf, type WriteFacts } from './write-facts.js';

/**
 * Infers, for each imported write in order, the earlier write that most likely made its
 * actor act: the controller's work queue is modelled per rule (rule.ts), and the cause
 * is the newest write that enqueued the key the actor was syncing. Never stored as
 * events.cause_seq (that column holds only causes a recorder saw): see
 * docs/import.md, "Inferred causes", for the rules and how often they are right.
 */
export class CauseInference {
  private readonly index = new ObjectIndex();
  private readonly log = new EnqueueLog();

  constructor(private readonly rules: readonly Rule[] = RULES) {}

  observe(f: WriteFacts): InferredCauseRow | undefined {
    const t = this.index.apply(f);
    let cause: InferredCauseRow | undefined;
    for (const rule of this.rules) {
      const key = rule.syncKey(f, t, this.index);
      if (key === undefined) continue;
      const same = rule.sameInstant?.(f) ?? false;
      let e: Enqueuer | undefined;
      for (const k of typeof key === 'string' ? [key] : key) {
        const c = this.log.pick(rule.queue, k, f.timeMs, rule.windowMs, same);
        if (c !== undefined && (e === undefined || c.seq > e.seq)) e = c;
      }
      if (e !== undefined) cause = { seq: f.seq, causeSeq: e.seq, rule: rule.rename?.(f, e) ?? e.rule, delayMs: f.timeMs - e.timeMs };
      break;
    }
    for (const rule of this.rules) {
      for (const [key, name] of rule.enqueues(f, t, this.index)) this.log.push(rule.queue, key, { seq: f.seq, timeMs: f.timeMs, rule: name });
    }
    if (t.after.gone) {
      for (const rule of this.rules) this.log.forget(rule.queue, keyOf(f.kind, f.namespace, f.name));
    }
    return cause;
  }
}
