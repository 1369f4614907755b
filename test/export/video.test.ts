import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { cli, cliAsync, tmpDir, type CliResult } from '../helpers.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { ARTIFACTS, launch } from '../browser/browser.js';
import { Recording } from '../../core/record/recording.js';

/*
 * `kubelapse export --format video|gif`, the real CLI on the shipped pod-loss-recovery
 * (2:00, three chapters), read back by Debian's ffprobe and ffmpeg: the frame count and
 * duration follow from the recording's span and --speed, the file's chapters are the
 * recording's, the frame at a chapter's start is the viewer at that moment with that
 * chapter's title card (compared by ffmpeg's SSIM with a screenshot this test takes of
 * the viewer, against the same with another chapter's title), and two exports of the
 * same range decode to the same frames (framemd5).
 */

let dir: string;
let db: string;
let out: string;
const SPEED = 120;
/** cluster ms between frames: SPEED x 1000 / 10 fps */
const STEP = SPEED * 100;

interface Probe {
  streams: Array<{ codec_name: string; codec_type: string; width?: number; height?: number; pix_fmt?: string; r_frame_rate: string; nb_read_frames?: string }>;
  format: { duration: string; format_name: string };
  chapters: Array<{ start_time: string; end_time: string; tags: { title: string } }>;
}

const probe = (file: string): Probe =>
  JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-show_streams', '-show_format', '-show_chapters', '-of', 'json', file], { encoding: 'utf8' })) as Probe;

/** One md5 per decoded frame (ffmpeg's framemd5 muxer). */
const frameHashes = (file: string): string[] =>
  execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v', '-f', 'framemd5', '-'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split(',').at(-1)!.trim());

/** Frame `n` of a video as a PNG file. */
function extract(file: string, n: number, png: string): string {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', file, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', png]);
  return png;
}

/** ffmpeg's SSIM (1 = the same picture) of two images, inside a box of both. */
function ssim(a: string, b: string, box: { x: number; y: number; width: number; height: number }): number {
  const crop = `crop=${Math.round(box.width)}:${Math.round(box.height)}:${Math.round(box.x)}:${Math.round(box.y)}`;
  const r = spawnSync('ffmpeg', ['-v', 'info', '-i', a, '-i', b, '-lavfi', `[0:v]${crop}[a];[1:v]${crop}[b];[a][b]ssim`, '-f', 'null', '-'], { encoding: 'utf8' });
  const m = /SSIM .* All:([\d.]+)/.exec(r.stderr);
  if (m === null) throw new Error(`no SSIM from ffmpeg: ${r.stderr.slice(-300)}`);
  return Number(m[1]);
}

function exportVideo(args: string[]): Promise<CliResult> {
  return cliAsync(['export', db, ...args], undefined, 240_000);
}

/**
 * The file's four exports, started together when the file starts and awaited by the tests that
 * read them. Each is a CLI process with a chromium of its own (~10 s of CPU, ~4 s of it the
 * launch and the viewer's first boot, the 11 frames the rest): one after the other they were
 * most of this file's wall time while a 2-core machine had CPU to spare (a whole suite keeps
 * ~1.1 cores busy). Two at a time also tests the claim that frames step in cluster time:
 * the same range exported twice, side by side, decodes to the same frames.
 */
let exports: { first: Promise<CliResult>; again: Promise<CliResult>; webm: Promise<CliResult>; gif: Promise<CliResult> };
const SAME = ['--format', 'video', '--speed', String(SPEED)];

beforeAll(() => {
  dir = recordingsDir(['pod-loss-recovery']);
  db = path.join(dir, 'pod-loss-recovery.db');
  out = tmpDir('kubelapse-video-');
  exports = {
    first: exportVideo([...SAME, '-o', path.join(out, 'a.mp4')]),
    again: exportVideo([...SAME, '-o', path.join(out, 'b.mp4')]),
    // 0:40 to 1:00 at 20x: a frame every 2 s, 11 frames; chapter 2 (from 0:30) is running at 0:40.
    webm: exportVideo(['--format', 'video', '--from', '40s', '--to', '60s', '--speed', '20', '-o', path.join(out, 'range.webm')]),
    gif: exportVideo(['--format', 'gif', '--from', '60s', '--to', '80s', '--speed', '20', '-o', path.join(out, 'range.gif')]),
  };
}, 60_000);

afterAll(async () => {
  // Every export ended before the folder goes: a test that failed early left its export running.
  await Promise.all(Object.values(exports ?? {}));

  fs.rmSync(out, { recursive: true, force: true });
}, 240_000);

describe('kubelapse export --format video', () => {
  let first: string;
  let chapters: Array<{ title: string; body: string; timeMs: number }>;
  let spanMs: number;

  beforeAll(async () => {
    const rec = Recording.open(db);
    spanMs = Number(rec.meta().end_time_ms);
    chapters = rec.markers().filter((m) => m.kind === 'chapter').map((m) => ({ title: m.title, body: m.body ?? '', timeMs: m.timeMs }));
    rec.close();
    first = path.join(out, 'a.mp4');
    const r = await exports.first;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*a\.mp4: [\d.]+ kB, 11 frames, 1\.1 s of video at 10 fps/);
  }, 240_000);

  it('H.264 yuv420p at 1280x720 and 10 fps: frames = span / (speed x 100 ms) + 1, duration = frames / fps, chapters as recorded', () => {
    // 2:00 at 120x, 10 fps: a frame every 12 s of cluster time, 0 to 120 s = 11 frames = 1.1 s.
    const frames = Math.ceil(spanMs / STEP) + 1;
    expect(frames).toBe(11);
    const p = probe(first);
    const v = p.streams.find((s) => s.codec_type === 'video')!;
    expect([v.codec_name, v.width, v.height, v.pix_fmt, v.r_frame_rate]).toEqual(['h264', 1280, 720, 'yuv420p', '10/1']);
    expect(Number(v.nb_read_frames)).toBe(frames);
    expect(Number(p.format.duration)).toBeCloseTo(frames / 10, 2);
    expect(p.format.format_name).toContain('mp4');
    // Each chapter starts on the first frame at or after it: 0 s, 30 s (frame 3 = 36 s), 70 s (frame 6 = 72 s).
    expect(p.chapters.map((c) => c.tags.title)).toEqual(chapters.map((c) => c.title));
    expect(p.chapters.map((c) => Number(c.start_time))).toEqual(chapters.map((c) => Math.ceil(c.timeMs / STEP) / 10));
  });

  it('the frame at a chapter start is the viewer at that time with that chapter\'s title card, and differs from the frame before', async () => {
    const at = Math.ceil(chapters[1]!.timeMs / STEP);
    const hashes = frameHashes(first);
    expect(hashes[at]).not.toBe(hashes[at - 1]);
    const frame = extract(first, at, path.join(out, 'chapter-frame.png'));
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.copyFileSync(frame, path.join(ARTIFACTS, 'video-chapter-frame.png'));
    // The same moment in the viewer, photographed here with the right card and with a wrong one.
    const viewer: RunningViewer = await startViewer({ dir, port: 0 });
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${viewer.url}?rec=pod-loss-recovery&present=1&time=0&t0=0&t1=${spanMs}`);
      await page.waitForFunction(() => (globalThis as any).kubelapse !== undefined && (globalThis as any).__kubelapse?.ready === true);
      const shootWith = async (i: number, png: string): Promise<string> => {
        const card = { title: chapters[i]!.title, body: chapters[1]!.body, index: 2, count: chapters.length };
        await page.evaluate(([t, c]) => (globalThis as any).kubelapse.seekTime(t, c), [at * STEP, card] as const);
        await page.screenshot({ path: png });
        return png;
      };
      // The wrong card differs in its title only: same place, same note.
      const right = await shootWith(1, path.join(ARTIFACTS, 'video-chapter-viewer.png'));
      const title = (await page.locator('#export-title-card .card-title').boundingBox())!;
      const wrong = await shootWith(2, path.join(out, 'wrong.png'));
      const whole = { x: 0, y: 0, width: 1280, height: 720 };
      const sRight = ssim(frame, right, title);
      const sWrong = ssim(frame, wrong, title);
      expect(sRight).toBeGreaterThan(0.9);
      expect(sRight - sWrong).toBeGreaterThan(0.1);
      expect(ssim(frame, right, whole)).toBeGreaterThan(0.9);
    } finally {
      await browser.close();
      await viewer.close();
    }
  }, 60_000);

  it('two exports of the same range decode to the same frames (stepped in cluster time, not the wall clock)', async () => {
    const again = path.join(out, 'b.mp4');
    expect((await exports.again).code).toBe(0);
    const a = frameHashes(first);
    expect(a).toHaveLength(11);
    expect(frameHashes(again)).toEqual(a);
  }, 240_000);
});

describe('kubelapse export: webm, gif and bad input', () => {
  it('--from/--to with -o x.webm: VP9 in WebM, the range\'s frames, opening on the running chapter', async () => {
    const file = path.join(out, 'range.webm');
    const r = await exports.webm;
    expect(r.code).toBe(0);
    const p = probe(file);
    const v = p.streams.find((s) => s.codec_type === 'video')!;
    expect([v.codec_name, v.width, v.height]).toEqual(['vp9', 1280, 720]);
    expect(Number(v.nb_read_frames)).toBe(11);
    expect(Number(p.format.duration)).toBeCloseTo(1.1, 1);
    expect(p.chapters.map((c) => c.tags.title)).toEqual(['Someone deletes a pod']);
  }, 240_000);

  it('--format gif: an animated GIF of the same frames at 10 fps', async () => {
    const file = path.join(out, 'range.gif');
    const r = await exports.gif;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/11 frames, 1\.1 s of video/);
    const p = probe(file);
    const v = p.streams[0]!;
    expect([v.codec_name, v.width, v.height, v.r_frame_rate]).toEqual(['gif', 1280, 720, '10/1']);
    expect(Number(v.nb_read_frames)).toBe(11);
  }, 240_000);

  it('a video that is neither .mp4 nor .webm, or no ffmpeg: one line, exit 2, no file left', async () => {
    await Promise.all(Object.values(exports)); // no export of the file's still writing into the folder this reads
    const mov = path.join(out, 'x.mov');
    const r = cli(['export', db, '--format', 'video', '-o', mov]);
    expect([r.code, r.stderr.trim()]).toEqual([2, 'kubelapse: -o: a video is written as .mp4 or .webm, not .mov']);
    const env = { ...process.env, KUBELAPSE_FFMPEG: path.join(out, 'no-ffmpeg') };
    const n = spawnSync(process.execPath, [path.resolve('bin/kubelapse.js'), 'export', db, '--format', 'video', '-o', path.join(out, 'n.mp4')], { encoding: 'utf8', env });
    expect(n.status).toBe(2);
    expect(n.stderr.trim()).toBe(`kubelapse: video export needs ffmpeg (${env.KUBELAPSE_FFMPEG}): apt-get install ffmpeg`);
    expect(fs.readdirSync(out).filter((f) => f.startsWith('x.') || f.startsWith('n.') || f.includes('partial'))).toEqual([]);
  });
});
