import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Recording } from '../../core/record/recording.js';
import type { AnnotationRow } from '../../core/record/schema.js';
import { checkLogs, checkSeal, verifyRecording, verifySteps } from '../../core/record/verify.js';
import { Replay } from '../../core/replay/replay.js';
import { recordingEndMs } from '../../core/replay/end-time.js';
import type { PodTrack, ProxyModel, RecordingSummary, StoryModel } from '../shared/model.js';
import { badRequest, notFound } from './http-error.js';
import { podHeadersOf, storyModelBody, type ModelBody } from './model/model-cache.js';
import type { PodHeaders } from './model/pod-census.js';
import { proxyModel } from './model/proxy-model.js';

/**
 * Recordings up to this size are hash-checked for the list (~0.1 s); bigger ones on
 * request: a 113,000-event check takes ~0.7 s, a 1M-event one seconds.
 */
const VERIFY_IN_LIST_MAX_EVENTS = 20_000;

/** A recording name is a file name in the folder, without `.db`: no path parts, nothing hidden. */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

export function checkName(name: string): string {
  const bare = name.endsWith('.db') ? name.slice(0, -3) : name;
  if (!NAME.test(bare) || bare.includes('..')) throw badRequest(`invalid recording name ${JSON.stringify(name)}: use the file name without folders`);
  return bare;
}

/** What an open recording has built so far; everything is built on first use. */
export class OpenRecording {
  private replayBuilt: Replay | undefined;
  private modelBuilt: ModelBody | undefined;
  private proxyBuilt: { proxy: ProxyModel | null } | undefined;
  private headersBuilt: PodHeaders | undefined;

  constructor(
    readonly name: string,
    readonly rec: Recording,
    public stamp: string,
    readonly file: string,
  ) {}

  get replay(): Replay {
    return (this.replayBuilt ??= Replay.open(this.rec));
  }

  /** The story model, as the gzipped JSON sent to the browser (from the cache folder when current). */
  get model(): ModelBody {
    return (this.modelBuilt ??= storyModelBody(this.rec, this.name, this.file));
  }

  /** Every pod's node, owner and life span (the pods endpoint's look-up; pod-census.ts). */
  get podHeaders(): PodHeaders {
    return (this.headersBuilt ??= podHeadersOf(this.rec, this.name, this.file));
  }

  /**
   * The kube-proxy lane (model/proxy-model.ts), asked for by the page only for a recording
   * with traffic. Its "process stopped listening" times start from each pod's exit in the
   * story model, so that is read back (~50 ms for 8,000 pods) rather than built again.
   */
  get proxy(): { proxy: ProxyModel | null } {
    if (this.proxyBuilt !== undefined) return this.proxyBuilt;
    const pods = (JSON.parse(gunzipSync(this.model.gzip).toString('utf8')) as StoryModel).pods as readonly PodTrack[];
    return (this.proxyBuilt = { proxy: proxyModel(this.rec, pods) });
  }

  /** Responses streaming from this recording (sendState, sendKeys): it stays open until they end. */
  private streams = 0;
  private retired = false;

  /**
   * Keeps the recording open for a response written over several turns of the event loop:
   * the state route waits for the socket between 4.7 MB chunks, and a request meanwhile may
   * find the file changed (a `record` or `live` recording growing) and reopen it. Returns
   * the release; the connection closes at the last release once `retire` was called.
   */
  pin(): () => void {
    this.streams++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.streams === 0 && this.retired) this.rec.close();
    };
  }

  /** Replaced by a newer open of the file: closed now, or when its last stream ends. */
  retire(): void {
    this.retired = true;
    if (this.streams === 0) this.rec.close();
  }

  close(): void {
    this.rec.close();
  }
}

/**
 * The folder of recordings the viewer serves. Recordings are opened read-only and kept
 * open; one that changed on disk (re-recorded, or growing in live mode) is reopened and
 * its model rebuilt on the next request.
 */
export class RecordingLibrary {
  private readonly open = new Map<string, OpenRecording>();
  private readonly verified = new Map<string, { stamp: string; ok: boolean }>();
  private readonly verifying = new Map<string, Promise<boolean | null>>();

  constructor(readonly dir: string) {}

  fileOf(name: string): string {
    return path.join(this.dir, `${checkName(name)}.db`);
  }

  get(name: string): OpenRecording {
    const bare = checkName(name);
    const file = this.fileOf(bare);
    if (!fs.existsSync(file)) throw notFound(`recording ${JSON.stringify(bare)} not found in ${this.dir}`);
    const stamp = stampOf(file);
    const cached = this.open.get(bare);
    if (cached !== undefined && cached.stamp === stamp) return cached;
    cached?.retire();
    let rec: Recording;
    try {
      rec = Recording.open(file, { readonly: true });
    } catch (err) {
      throw badRequest((err as Error).message);
    }
    const opened = new OpenRecording(bare, rec, stamp, file);
    this.open.set(bare, opened);
    return opened;
  }

  /** Every *.db in the folder that is a recording; files that are not say why instead of vanishing. */
  list(): RecordingSummary[] {
    if (!fs.existsSync(this.dir)) return [];
    const names = fs.readdirSync(this.dir).filter((f) => f.endsWith('.db')).map((f) => f.slice(0, -3)).filter((n) => NAME.test(n)).sort();
    return names.map((name) => this.summary(name));
  }

  summary(name: string): RecordingSummary {
    try {
      const o = this.get(name);
      const meta = o.rec.meta();
      // MAX(seq) is one b-tree lookup where COUNT(*) reads an index (~150 ms cold on 100,000 events); seqs are 1..n in a recording that verifies.
      const events = o.rec.lastSeq();
      return {
        name: o.name,
        title: meta.title ?? o.name,
        source: meta.source ?? 'unknown',
        durationMs: recordingEndMs(o.rec, meta),
        events,
        complete: meta.complete === '1',
        chainVerified: events <= VERIFY_IN_LIST_MAX_EVENTS ? this.verify(o) : (this.verified.get(o.name)?.ok ?? null),
        ...(meta.source === 'import' || meta.source === 'record' ? { imported: importedOf(meta) } : {}),
      };
    } catch (err) {
      return { name, title: '', source: 'unknown', durationMs: null, events: 0, complete: false, chainVerified: null, error: (err as Error).message };
    }
  }

  /**
   * The hash check of a big recording, 2,000 rows (~12 ms) per tick: other requests (the page
   * scrubbing it) are answered in between. Concurrent asks share one run.
   */
  verifyAsync(name: string): Promise<boolean | null> {
    const o = this.get(name);
    const known = this.verified.get(o.name);
    if (known !== undefined && known.stamp === o.stamp) return Promise.resolve(known.ok);
    const running = this.verifying.get(o.name);
    if (running !== undefined) return running;
    const run = (async (): Promise<boolean | null> => {
      try {
        const steps = verifySteps(o.rec, 2000);
        for (;;) {
          const r = steps.next();
          if (r.done === true) {
            const ok = checkLogs(o.rec, checkSeal(o.rec.meta(), r.value)).ok;
            this.verified.set(o.name, { stamp: o.stamp, ok });
            return ok;
          }
          await new Promise((resolve) => setImmediate(resolve));
        }
      } catch {
        return null; // the recording was reopened or closed meanwhile: unknown
      } finally {
        this.verifying.delete(o.name);
      }
    })();
    this.verifying.set(o.name, run);
    return run;
  }

  private verify(o: OpenRecording): boolean {
    const known = this.verified.get(o.name);
    if (known !== undefined && known.stamp === o.stamp) return known.ok;
    const ok = verifyRecording(o.rec).ok;
    this.verified.set(o.name, { stamp: o.stamp, ok });
    return ok;
  }

  /** Adds a note; the open recording stays as it is (notes never change events, so nothing needs rebuilding). */
  annotate(name: string, a: AnnotationRow): number {
    const o = this.get(name);
    const id = Recording.annotate(this.fileOf(o.name), a);
    o.stamp = stampOf(this.fileOf(o.name));
    return id;
  }

  close(): void {
    for (const o of this.open.values()) o.close();
    this.open.clear();
  }
}

/** Size and modification time of the file and its WAL: changes whenever a write lands. */
function stampOf(file: string): string {
  const parts = [file, `${file}-wal`].map((f) => {
    const st = fs.statSync(f, { throwIfNoEntry: false });
    return st === undefined ? '-' : `${st.size}:${st.mtimeMs}`;
  });
  return parts.join('|');
}

/**
 * The header's "imported from 3 files, start 2024-01-01 01:00:00 UTC": the count of
 * meta.import_sources and meta.start_time as text (RFC 3339 rewritten, not parsed).
 */
function importedOf(meta: Record<string, string>): { sources: number; start: string } {
  let sources = 0;
  try {
    const list = JSON.parse(meta.import_sources ?? '[]') as unknown;
    sources = Array.isArray(list) ? list.length : 0;
  } catch {
    sources = 0;
  }
  const start = (meta.start_time ?? '').replace('T', ' ').replace(/\.\d+Z$|Z$/, '') + (meta.start_time ? ' UTC' : '');
  return { sources, start };
}
