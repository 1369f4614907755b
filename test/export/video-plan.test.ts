import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultSpeed, ffmetadata, planFrames, type VideoChapter } from '../../core/export/video-plan.js';
import { parseDuration } from '../../core/scenario/duration.js';
import { ROOT } from '../helpers.js';

/*
 * Which cluster time each frame of a video export shows (video-plan.ts): stepped in
 * virtual time, chapter cards on the first frame that reached the chapter, repeats only
 * where the viewer would draw the same.
 */

const CHAPTERS: VideoChapter[] = [
  { title: 'Three replicas come up', body: '', timeMs: 0 },
  { title: 'Someone deletes a pod', body: '', timeMs: 30_000 },
  { title: "A pod's containers vanish", body: '', timeMs: 70_000 },
];

describe('video frame plan', () => {
  it('the default speed keeps every shipped story between 45 s and 90 s of video (50 s plays at 1x)', () => {
    const dir = path.join(ROOT, 'recordings');
    const seconds = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => (parseDuration((parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { spec: { duration: string } }).spec.duration) ?? 0) / 1000);
    expect(seconds.length).toBeGreaterThan(20);
    for (const s of seconds) {
      const video = s / defaultSpeed(s * 1000);
      expect(video, `${s} s story`).toBeLessThanOrEqual(90);
      expect(video, `${s} s story`).toBeGreaterThanOrEqual(Math.min(45, s));
    }
    expect(defaultSpeed(120_000)).toBe(2);
    expect(defaultSpeed(22 * 60_000)).toBe(16);
    expect(defaultSpeed(50_000)).toBe(1);
  });

  it('2:00 at 40x and 10 fps: 31 frames 4 s of cluster time apart, the last on the end', () => {
    const p = planFrames({ fromMs: 0, toMs: 120_000, speed: 40, chapters: CHAPTERS });
    expect(p.stepMs).toBe(4000);
    expect(p.frames.map((f) => f.timeMs)).toEqual(Array.from({ length: 31 }, (_, i) => i * 4000));
    // 1:58.5 is not a whole number of steps: the frame past it is clamped to the end.
    const q = planFrames({ fromMs: 0, toMs: 118_500, speed: 40, chapters: CHAPTERS });
    expect(q.frames).toHaveLength(31);
    expect(q.frames.at(-1)?.timeMs).toBe(118_500);
    expect(q.frames.at(-2)?.timeMs).toBe(116_000);
  });

  it('each chapter card starts on the first frame that reached it and stays 1.5 s (15 frames), cut by the next', () => {
    const p = planFrames({ fromMs: 0, toMs: 120_000, speed: 4, chapters: CHAPTERS });
    expect(p.starts).toEqual([{ chapter: 0, frame: 0 }, { chapter: 1, frame: 75 }, { chapter: 2, frame: 175 }]);
    const cards = p.frames.map((f) => f.card);
    expect(cards.slice(0, 15)).toEqual(Array(15).fill(0));
    expect(cards[15]).toBe(-1);
    expect(cards.slice(75, 90)).toEqual(Array(15).fill(1));
    expect(cards[90]).toBe(-1);
    expect(p.frames[75]?.timeMs).toBe(30_000);
    // 40x: frames 4 s apart, chapters 30 s and 70 s land on frames 8 (0:32) and 18 (1:12).
    const fast = planFrames({ fromMs: 0, toMs: 120_000, speed: 40, chapters: CHAPTERS });
    expect(fast.starts.map((s) => [s.frame, fast.frames[s.frame]?.timeMs])).toEqual([[0, 0], [8, 32_000], [18, 72_000]]);
    // 60x: chapter 2's start (2.0 s of video from 1:10) cuts chapter 1's card (frame 5 to 11) after 7 frames.
    const faster = planFrames({ fromMs: 0, toMs: 120_000, speed: 60, chapters: CHAPTERS });
    expect(faster.frames.map((f) => f.card).slice(5, 14)).toEqual([1, 1, 1, 1, 1, 1, 1, 2, 2]);
  });

  it('a range cut from the middle opens on the running chapter\'s card; chapters after it are left out', () => {
    const p = planFrames({ fromMs: 40_000, toMs: 60_000, speed: 10, chapters: CHAPTERS });
    expect(p.starts).toEqual([{ chapter: 1, frame: 0 }]);
    expect(p.frames).toHaveLength(21);
    expect(p.frames[0]).toEqual({ timeMs: 40_000, card: 1, repeat: false });
  });

  it('below 1x neighbouring frames round to the same tenth of a second and repeat instead of rendering again', () => {
    const p = planFrames({ fromMs: 0, toMs: 2000, speed: 0.25, chapters: [] });
    expect(p.frames).toHaveLength(81);
    expect(p.frames.filter((f) => !f.repeat)).toHaveLength(21);
    expect(p.frames.slice(0, 5).map((f) => [f.timeMs, f.repeat])).toEqual([[0, false], [0, true], [100, false], [100, true], [100, true]]);
  });

  it('ffmetadata: chapters from their first frame to the next, in ms, titles escaped', () => {
    const p = planFrames({ fromMs: 0, toMs: 120_000, speed: 40, chapters: [...CHAPTERS.slice(0, 2), { title: 'a=b; #c', body: '', timeMs: 70_000 }] });
    expect(ffmetadata(p, 'pod loss')).toBe(
      [';FFMETADATA1', 'title=pod loss',
        '[CHAPTER]', 'TIMEBASE=1/1000', 'START=0', 'END=800', 'title=Three replicas come up',
        '[CHAPTER]', 'TIMEBASE=1/1000', 'START=800', 'END=1800', 'title=Someone deletes a pod',
        '[CHAPTER]', 'TIMEBASE=1/1000', 'START=1800', 'END=3100', 'title=a\\=b\\; \\#c', ''].join('\n'),
    );
  });
});
