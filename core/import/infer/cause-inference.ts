import type { InferredCauseRow } from '../../record/schema.js';
import { EnqueueLog, UNSURE, type Enqueuer } from './enqueue-log.js';
import { observedLate } from './event-time.js';
import { WAITING, WakeLog } from './wake-log.js';
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
  private readonly wakeLogs = new Map<string, WakeLog>();

  constructor(private readonly rules: readonly Rule[] = RULES) {}

  observe(f: WriteFacts): InferredCauseRow | undefined {
    const t = this.index.apply(f);
    let cause: InferredCauseRow | undefined;
    // A polled write's time is the poll's: it happened somewhere in the interval before
    // (k8shark polls every 5 s; a first list's objects existed long before), so it can
    // be placed neither after its cause nor before what it caused: it gets no cause and
    // enqueues nothing. The real capture's "Scaled up replica set api-5c59c454f5 from 0
    // to 1" came with the poll at 20.003 s, after the new ReplicaSet's status (20.001 s),
    // and was tied to it; a pod of the first poll (0 s) stood as the binding of the
    // kubelet's status 81 ms later. An Event seen after the second it names (a poll, a
    // relist) is the same case told by the Event itself (event-time.ts).
    const unplaced = f.polled || (f.kind === 'Event' && observedLate(f.object, f.at));
    for (const rule of unplaced ? [] : this.rules) {
      const key = rule.syncKey(f, t, this.index);
      if (key === undefined) continue;
      const same = rule.sameInstant?.(f) ?? false;
      const picked: Enqueuer[] = [];
      for (const k of typeof key === 'string' ? [key] : key) {
        const c = this.log.pick(rule.queue, k, f.timeMs, rule.windowMs, same);
        if (c !== undefined) picked.push(c);
      }
      let e = picked.reduce<Enqueuer | undefined>((a, c) => (a === undefined || c.seq > a.seq ? c : a), undefined);
      if (e?.rule === WAITING) e = this.wakeLogs.get(rule.queue)?.firstAfter(e, f.timeMs);
      // Two keys of one sync woken in the same millisecond by different rules is a tie
      // the log cannot break: the bootstrap DaemonSet's create and the nodes' creates
      // all at 0 ms, where the simulator records the last node and the newest seq is the
      // DaemonSet (ds-spec was right 16 times of 202 over the shipped scenarios).
      const tied = e !== undefined && picked.some((c) => c.timeMs === e.timeMs && c.rule !== e.rule);
      if (e !== undefined && !tied && e.rule !== UNSURE) cause = { seq: f.seq, causeSeq: e.seq, rule: rule.rename?.(f, e) ?? e.rule, delayMs: f.timeMs - e.timeMs };
      break;
    }
    for (const rule of f.polled ? [] : this.rules) {
      for (const [key, name] of rule.enqueues(f, t, this.index)) this.log.push(rule.queue, key, { seq: f.seq, timeMs: f.timeMs, rule: name });
      const wake = rule.wakes?.(f, t);
      if (wake !== undefined) {
        let w = this.wakeLogs.get(rule.queue);
        if (w === undefined) this.wakeLogs.set(rule.queue, (w = new WakeLog(rule.wakeKeepMs ?? rule.windowMs)));
        w.push({ seq: f.seq, timeMs: f.timeMs, rule: wake });
      }
    }
    if (t.after.gone) {
      for (const rule of this.rules) this.log.forget(rule.queue, keyOf(f.kind, f.namespace, f.name));
    }
    return cause;
  }
}
