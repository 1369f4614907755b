import { describe, expect, it } from 'vitest';
import { EventCorrelator, type Correlation } from '../../core/client/event-correlator.js';

/** client-go's EventCorrelator as `kubectl get events` shows it: counts, combined messages, dropped bursts. */
describe('event correlator', () => {
  const pod = 'Pod/default/web-1/uid-1';
  const createAndKeep = (c: EventCorrelator, at: number, object: string, reason: string, message: string, name: string): Correlation => {
    const d = c.correlate(at, object, 'Normal', reason, message);
    if (d.kind === 'create') c.created(d.key, name, at);
    return d;
  };

  it('the same event again within 10 minutes bumps the first one; after 10 minutes it is a new Event', () => {
    const c = new EventCorrelator();
    expect(createAndKeep(c, 0, pod, 'Pulled', 'pulled nginx', 'e1').kind).toBe('create');
    expect(createAndKeep(c, 60_000, pod, 'Pulled', 'pulled nginx', 'x')).toMatchObject({ kind: 'bump', name: 'e1', count: 2 });
    expect(createAndKeep(c, 120_000, pod, 'Pulled', 'pulled nginx', 'x')).toMatchObject({ kind: 'bump', name: 'e1', count: 3 });
    expect(createAndKeep(c, 721_000, pod, 'Pulled', 'pulled nginx', 'e2').kind).toBe('create');
    // Another object with the same message is its own Event.
    expect(createAndKeep(c, 721_000, 'Pod/default/web-2/uid-2', 'Pulled', 'pulled nginx', 'e3').kind).toBe('create');
  });

  it('the 10th distinct message of one reason within 10 minutes is combined, and the combined event counts on', () => {
    const c = new EventCorrelator();
    const out = Array.from({ length: 12 }, (_, i) => createAndKeep(c, i * 1000, pod, 'Unhealthy', `probe failed: ${i}`, `e${i}`));
    expect(out.slice(0, 9).map((d) => d.kind)).toEqual(Array(9).fill('create'));
    expect(out[9]).toMatchObject({ kind: 'create', message: '(combined from similar events): probe failed: 9' });
    expect(out[10]).toMatchObject({ kind: 'bump', name: 'e9', count: 2, message: '(combined from similar events): probe failed: 10' });
    // A message seen before (the first) still counts on its own Event.
    expect(createAndKeep(c, 12_000, pod, 'Unhealthy', 'probe failed: 0', 'x')).toMatchObject({ kind: 'bump', name: 'e0', count: 2 });
    // Another reason is another group.
    expect(createAndKeep(c, 12_000, pod, 'Killing', 'stopping', 'k').kind).toBe('create');
  });

  it('drops events about one object past a burst of 25, and lets one through per 5 minutes after', () => {
    const c = new EventCorrelator();
    const kinds = Array.from({ length: 30 }, (_, i) => createAndKeep(c, 0, pod, `R${i}`, 'm', `e${i}`).kind);
    expect(kinds.filter((k) => k === 'create')).toHaveLength(25);
    expect(kinds.slice(25)).toEqual(Array(5).fill('drop'));
    expect(createAndKeep(c, 300_000, pod, 'Late', 'm', 'l1').kind).toBe('create');
    expect(createAndKeep(c, 300_000, pod, 'Later', 'm', 'l2').kind).toBe('drop');
  });
});

/** The three caches are LRU caches of 4096 entries, as client-go's (groupcache lru, maxLruCacheEntries). */
describe('event correlator bounds', () => {
  const createAndKeep = (c: EventCorrelator, at: number, object: string, reason: string, message: string, name: string): Correlation => {
    const d = c.correlate(at, object, 'Normal', reason, message);
    if (d.kind === 'create') c.created(d.key, name, at);
    return d;
  };
  const others = (c: EventCorrelator, from: number, n: number, at: number): void => {
    for (let i = from; i < from + n; i++) createAndKeep(c, at, `uid-other-${i}`, 'Pulled', 'pulled nginx', `o${i}`);
  };

  it('after 4,096 other objects an old event is a new Event again, not a bump', () => {
    const c = new EventCorrelator();
    expect(createAndKeep(c, 0, 'uid-a', 'Pulled', 'pulled nginx', 'a1').kind).toBe('create');
    others(c, 0, 4095, 1000);
    // 4,095 others: the first event is still the 4,096th most recent, so this bumps it.
    expect(createAndKeep(c, 2000, 'uid-a', 'Pulled', 'pulled nginx', 'x')).toMatchObject({ kind: 'bump', name: 'a1', count: 2 });
    others(c, 4095, 4096, 3000);
    expect(createAndKeep(c, 4000, 'uid-a', 'Pulled', 'pulled nginx', 'a2')).toMatchObject({ kind: 'create' });
    expect(c.sizes()).toEqual({ objects: 4096, spam: 4096, aggregates: 4096, logged: 4096 });
  });

  it('a bump keeps an event among the recent ones: least recently used goes first, not oldest written', () => {
    const c = new EventCorrelator();
    createAndKeep(c, 0, 'uid-a', 'Pulled', 'pulled nginx', 'a1');
    others(c, 0, 4000, 1000);
    expect(createAndKeep(c, 2000, 'uid-a', 'Pulled', 'pulled nginx', 'x')).toMatchObject({ kind: 'bump', count: 2 });
    // 4,500 events after the first was written, but only 500 after it was last used.
    others(c, 4000, 500, 3000);
    expect(createAndKeep(c, 4000, 'uid-a', 'Pulled', 'pulled nginx', 'x')).toMatchObject({ kind: 'bump', name: 'a1', count: 3 });
  });

  it('an object whose burst was spent gets a full burst again once 4,096 other objects pushed it out', () => {
    const c = new EventCorrelator();
    const burst = Array.from({ length: 26 }, (_, i) => createAndKeep(c, 0, 'uid-a', `R${i}`, 'm', `a${i}`).kind);
    expect(burst[25]).toBe('drop');
    others(c, 0, 4096, 1000);
    expect(createAndKeep(c, 2000, 'uid-a', 'Late', 'm', 'l').kind).toBe('create');
  });

  it('thousands of objects keep at most 4,096 entries in each cache', () => {
    const c = new EventCorrelator();
    for (let i = 0; i < 20_000; i++) {
      createAndKeep(c, i, `uid-${i}`, 'Created', 'Created container: web', `c${i}`);
      createAndKeep(c, i, `uid-${i}`, 'Started', 'Started container web', `s${i}`);
    }
    const s = c.sizes();
    expect(s.spam).toBe(4096);
    expect(s.aggregates).toBe(4096);
    expect(s.logged).toBe(4096);
    // The last 4,096 objects by their buckets; of them the last 2,048 also by their two groups and two events.
    expect(s.objects).toBe(4096);
  });
});
