import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ObservedWrite, SkippedInput } from '../../core/import/observed-write.js';
import { readK8sharkArchive, type K8sharkReadSummary } from '../../core/import/k8shark/read-archive.js';
import { K8sharkError } from '../../core/import/k8shark/k8shark-error.js';
import { ROOT, tmpDir } from '../helpers.js';

/** k8shark's example capture: a 3-replica Deployment rolled from nginx:1.25-alpine to 1.26-alpine on kind (v1.36.1). */
const CAPTURE = path.join(ROOT, '..', 'shared', 'real', 'watch', 'k8shark-rolling-update-capture.kshrk');

async function read(file: string): Promise<{ writes: ObservedWrite[]; skipped: SkippedInput[]; summary: K8sharkReadSummary }> {
  const writes: ObservedWrite[] = [];
  const skipped: SkippedInput[] = [];
  const summary = await readK8sharkArchive(file, { write: (w) => writes.push(w), failure: () => undefined, skipped: (s) => skipped.push(s) });
  return { writes, skipped, summary };
}

const spec = (w: ObservedWrite): Record<string, any> => (w.object as any).spec;
const image = (w: ObservedWrite): string => spec(w).containers?.[0]?.image ?? spec(w).template?.spec?.containers?.[0]?.image;

describe('k8shark archive: the rolling-update capture', () => {
  let writes: ObservedWrite[];
  let summary: K8sharkReadSummary;
  let skipped: SkippedInput[];
  beforeAll(async () => {
    ({ writes, summary, skipped } = await read(CAPTURE));
  });
  const of = (kind: string, name?: string): ObservedWrite[] => writes.filter((w) => w.kind === kind && (name === undefined || w.name === name));

  it('reads every poll and watch record, none skipped, writes in time order', () => {
    expect(summary).toMatchObject({ formatVersion: 1, kubernetesVersion: 'v1.36.1', capturedAt: '2026-07-22T21:18:55.76374Z', skipped: 0 });
    expect(skipped).toEqual([]);
    // 33 pod + 15 deployment + 24 replicaset watch events; 3 paths x 18 polls (Table responses left out).
    expect(summary.records).toBe(72 + 4 * 18);
    expect(summary.watchWrites).toBe(72);
    for (let i = 1; i < writes.length; i++) {
      const a = writes[i - 1] as ObservedWrite;
      const b = writes[i] as ObservedWrite;
      expect(a.at * 1000 + a.atMicros, `write ${i}`).toBeLessThanOrEqual(b.at * 1000 + b.atMicros);
    }
  });

  it('the three old pods exist at the capture start, the three new ones are created, bound and the old deleted', () => {
    const start = writes[0]?.at;
    const created = of('Pod').filter((w) => w.verb === 'create');
    expect(created.filter((w) => w.at === start && w.level === 'poll').map((w) => w.name).sort()).toEqual(['api-58dd68c5db-r5smx', 'api-58dd68c5db-rhrsb', 'api-58dd68c5db-slwpm']);
    const fresh = created.filter((w) => w.level === 'watch');
    expect(fresh.map((w) => w.name)).toEqual(['api-5c59c454f5-g5b8z', 'api-5c59c454f5-bkzc4', 'api-5c59c454f5-2wffn']);
    expect(created.filter((w) => w.level === 'poll').every((w) => image(w) === 'nginx:1.25-alpine')).toBe(true);
    expect(fresh.every((w) => image(w) === 'nginx:1.26-alpine' && spec(w).nodeName === undefined)).toBe(true);
    // The scheduler's binding: the one write that sets spec.nodeName on an existing pod.
    const bound = of('Pod').filter((w) => w.subresource === 'binding');
    expect(bound.map((w) => [w.name, spec(w).nodeName])).toEqual(fresh.map((w) => [w.name, 'k8shark-dev-control-plane']));
    expect(of('Pod').filter((w) => w.verb === 'delete').map((w) => w.name)).toEqual(['api-58dd68c5db-slwpm', 'api-58dd68c5db-r5smx', 'api-58dd68c5db-rhrsb']);
    // Kubelet's status writes are told apart from spec/metadata updates (graceful deletion sets deletionTimestamp: not status).
    const slwpm = of('Pod', 'api-58dd68c5db-slwpm').map((w) => `${w.verb}${w.subresource ? '/' + w.subresource : ''}`);
    expect(slwpm).toEqual(['create', 'update/status', 'update', 'update/status', 'update/status', 'update', 'delete']);
    expect(of('Pod').filter((w) => w.verb === 'create').every((w) => w.user === null && w.resourceVersion !== null)).toBe(true);
  });

  it('two ReplicaSets: the old one scaled 3 -> 2 -> 1 -> 0, the new one created at 1 and scaled to 3', () => {
    const replicas = (name: string): number[] =>
      of('ReplicaSet', name).filter((w) => w.subresource === null).map((w) => spec(w).replicas as number).filter((n, i, a) => i === 0 || n !== a[i - 1]);
    expect(replicas('api-58dd68c5db')).toEqual([3, 2, 1, 0]);
    expect(replicas('api-5c59c454f5')).toEqual([1, 2, 3]);
    expect(of('ReplicaSet', 'api-5c59c454f5')[0]).toMatchObject({ verb: 'create', level: 'watch' });
    expect(of('ReplicaSet').some((w) => w.verb === 'delete')).toBe(false);
  });

  it("the Deployment: kubectl set image changes the template, the controller moves the revision annotation 1 -> 2", () => {
    const dep = of('Deployment', 'api');
    const revision = dep.map((w) => (w.object as any).metadata.annotations['deployment.kubernetes.io/revision']);
    expect(revision[0]).toBe('1');
    expect(revision.at(-1)).toBe('2');
    const setImage = dep.find((w) => image(w) === 'nginx:1.26-alpine');
    expect(setImage).toMatchObject({ verb: 'update', subresource: null, level: 'watch', resourceVersion: '1172018' });
    expect(image(dep[0] as ObservedWrite)).toBe('nginx:1.25-alpine');
  });

  it('managedFields name the writers: kubectl-set, kube-controller-manager, kubelet through status', () => {
    const newest = (w: ObservedWrite): string => {
      const mf = ((w.object as any).metadata.managedFields as Array<{ manager: string; subresource?: string; time: string }>).slice().sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
      const e = mf.at(-1) as { manager: string; subresource?: string };
      return e.subresource ? `${e.manager}/${e.subresource}` : e.manager;
    };
    const managers = new Set(writes.filter((w) => w.level === 'watch' && w.verb !== 'delete').map(newest));
    expect([...managers].sort()).toEqual(['kube-controller-manager', 'kube-controller-manager/status', 'kubectl-set', 'kubelet/status']);
  });

  it('Events are polled, not watched: their creates say so', () => {
    const events = of('Event').filter((w) => w.at !== writes[0]?.at);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((w) => w.level === 'poll' && w.note === 'not watched: first seen in a poll')).toBe(true);
  });
});

/** A ZIP built from entries by Python's zipfile (the test's own fixture maker). */
function zip(file: string, entries: Record<string, string>, fromArchive?: { path: string; replace: Record<string, string> }): void {
  const script = `
import json, sys, zipfile
spec = json.loads(sys.argv[2])
with zipfile.ZipFile(sys.argv[1], 'w') as out:
    src = spec.get('from')
    if src:
        with zipfile.ZipFile(src['path']) as z:
            for n in z.namelist():
                out.writestr(n, src['replace'][n].encode() if n in src['replace'] else z.read(n))
    for n, text in spec['entries'].items():
        out.writestr(n, text)
`;
  execFileSync('/usr/bin/python3', ['-c', script, file, JSON.stringify({ entries, from: fromArchive ?? null })]);
}

describe('k8shark archive: bad input', () => {
  const dir = tmpDir('kubelapse-kshrk-');
  const fails = async (file: string): Promise<string> => {
    const err = await read(file).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(K8sharkError);
    return (err as Error).message;
  };

  it('a truncated archive: not a ZIP, or a truncated one, naming the file', async () => {
    const cut = path.join(dir, 'cut.kshrk');
    fs.writeFileSync(cut, fs.readFileSync(CAPTURE).subarray(0, 700_000));
    expect(await fails(cut)).toBe(`${cut}: not a ZIP archive, or a truncated one (no end of central directory record)`);
  });

  it('a ZIP that is not a capture, an encrypted capture, a missing file', async () => {
    const other = path.join(dir, 'other.zip');
    zip(other, { 'readme.txt': 'hello' });
    expect(await fails(other)).toBe(`${other}: not a k8shark archive (no k8shark-capture/metadata.json in the ZIP)`);
    const age = path.join(dir, 'secret.kshrk');
    fs.writeFileSync(age, 'age-encryption.org/v1\n-> scrypt abc 18\n');
    expect(await fails(age)).toMatch(/secret\.kshrk: an age-encrypted k8shark archive; decrypt it first/);
    expect(await fails(path.join(dir, 'nope.kshrk'))).toMatch(/nope\.kshrk: no such file$/);
  });

  it('a format_version from the future is refused with the versions read', async () => {
    const future = path.join(dir, 'future.kshrk');
    zip(future, { 'k8shark-capture/metadata.json': JSON.stringify({ format_version: 3, captured_at: '2026-07-22T21:18:55Z' }) });
    expect(await fails(future)).toBe(`${future}: k8shark format_version 3 is newer than this kubelapse reads (1 to 2); upgrade kubelapse`);
  });

  it('a corrupt record is skipped and counted; the rest of the capture is read', async () => {
    const damaged = path.join(dir, 'damaged.kshrk');
    // The pod watch event that creates api-5c59c454f5-g5b8z (seq 6 of the pods path).
    const member = 'k8shark-capture/records/a7651f0554118350/6.json.zst';
    zip(damaged, {}, { path: CAPTURE, replace: { [member]: 'not zstd' } });
    const { writes, skipped, summary } = await read(damaged);
    expect(summary.skipped).toBe(1);
    expect(skipped[0]?.why).toMatch(new RegExp(`^${member}: not readable zstd JSON`));
    expect(skipped[0]?.source.file).toBe(damaged);
    // Its binding event then finds the pod unknown: recorded as first seen, not lost.
    expect(writes.filter((w) => w.name === 'api-5c59c454f5-g5b8z')[0]).toMatchObject({ verb: 'update', note: 'first seen modified: created before the capture began' });
    expect(summary.watchWrites).toBe(71);
  });
});
