import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Recording } from '../record/recording.js';
import { recordingEndMs } from '../replay/end-time.js';
import { formatDuration } from '../scenario/duration.js';
import { UsageError } from '../cli/exit.js';
import type { ExportOptions } from './export-format.js';
import { ViewerCamera } from './video-camera.js';
import { checkFfmpeg, FrameEncoder, type Container } from './video-encode.js';
import { defaultSpeed, ffmetadata, planFrames, type FramePlan } from './video-plan.js';

export interface RenderedVideo {
  plan: FramePlan;
  /** frames photographed (the rest repeat the one before) */
  shot: number;
}

/** The range and speed asked for, checked against the recording: one line naming the bad value. */
export function videoPlan(recording: Recording, options: ExportOptions): FramePlan {
  const end = recordingEndMs(recording);
  const fromMs = options.fromMs ?? 0;
  const toMs = options.toMs ?? end;
  if (!Number.isFinite(fromMs) || fromMs < 0) throw new UsageError(`--from: ${fromMs} is not a cluster time in the recording`);
  if (fromMs > end) throw new UsageError(`--from ${formatDuration(fromMs)} is after the recording's end (${formatDuration(end)})`);
  if (!Number.isFinite(toMs) || toMs <= fromMs) throw new UsageError(`--to ${formatDuration(toMs)} is not after --from ${formatDuration(fromMs)}`);
  const speed = options.speed ?? defaultSpeed(toMs - fromMs);
  if (!Number.isFinite(speed) || speed <= 0) throw new UsageError(`--speed: ${speed} is not a positive number of cluster seconds per video second`);
  const chapters = recording
    .markers()
    .filter((m) => m.kind === 'chapter')
    .map((m) => ({ title: m.title, body: m.body ?? '', timeMs: m.timeMs }));
  return planFrames({ fromMs, toMs: Math.min(toMs, end), speed, chapters });
}

/**
 * Plays the recording in the viewer frame by frame and encodes the frames: the viewer at
 * each planned cluster time (video-plan.ts), a chapter's title card over its first 1.5 s,
 * PNG screenshots piped into ffmpeg. A failure leaves no partial file at `out`.
 */
export async function renderVideo(recording: Recording, out: string, container: Exclude<Container, 'gif'>, options: ExportOptions): Promise<RenderedVideo> {
  const plan = videoPlan(recording, options);
  checkFfmpeg();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-encode-'));
  const metaFile = path.join(scratch, 'chapters.txt');
  fs.writeFileSync(metaFile, ffmetadata(plan, recording.meta().title || options.name));
  let camera: ViewerCamera | undefined;
  let encoder: FrameEncoder | undefined;
  try {
    camera = await ViewerCamera.open(recording.path, options.name, { t0: plan.fromMs, t1: plan.toMs, timeMs: plan.fromMs });
    encoder = new FrameEncoder(out, container, plan.fps, container === 'lossless' ? undefined : metaFile);
    let shot = 0;
    let last: Buffer | undefined;
    const total = plan.frames.length;
    for (const [i, f] of plan.frames.entries()) {
      if (!f.repeat || last === undefined) {
        const c = f.card < 0 ? null : { title: plan.chapters[f.card]!.title, body: plan.chapters[f.card]!.body, index: f.card + 1, count: plan.chapters.length };
        last = await camera.shoot(f.timeMs, c);
        shot++;
      }
      await encoder.frame(last);
      options.progress?.(i + 1, total);
    }
    await encoder.finish();
    return { plan, shot };
  } catch (err) {
    encoder?.abort();
    fs.rmSync(out, { force: true });
    throw err;
  } finally {
    await camera?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** "31 frames, 3.1 s of video at 10 fps, 40x, 3 chapters": the summary's detail. */
export function describeVideo(v: RenderedVideo): string {
  const p = v.plan;
  const seconds = p.frames.length / p.fps;
  return `${p.frames.length} frames, ${seconds.toFixed(1)} s of video at ${p.fps} fps, ${formatDuration(p.fromMs)}-${formatDuration(p.toMs)} at ${p.speed}x, ${p.starts.length} chapter${p.starts.length === 1 ? '' : 's'}`;
}
