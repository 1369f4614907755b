import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { UsageError } from '../cli/exit.js';

export const FFMPEG = process.env.KUBELAPSE_FFMPEG ?? 'ffmpeg';

/** The containers the video formats write, chosen by the output's extension. */
export type Container = 'mp4' | 'webm' | 'gif' | 'lossless';

export function checkFfmpeg(): void {
  const r = spawnSync(FFMPEG, ['-hide_banner', '-version'], { stdio: 'ignore' });
  if (r.error !== undefined || r.status !== 0) throw new UsageError(`video export needs ffmpeg (${FFMPEG}): apt-get install ffmpeg`);
}

/**
 * ffmpeg's output options per container, for PNG frames at `fps` on stdin.
 * - mp4: H.264 in yuv420p (what every browser and phone plays), moov atom first
 *   (faststart) so a browser starts playing before the whole file has loaded; -tune
 *   stillimage because the viewer's frames are mostly flat areas and text.
 * - webm: VP9 at constant quality (crf 32, -b:v 0), -deadline good -cpu-used 4 with
 *   row threads: pod-loss-recovery 0:30-0:50 at 4x took 57 s against the MP4's 27 s on a
 *   busy 2-core machine, at about the same size (234 kB against 216 kB).
 * - lossless: PNG frames in Matroska, the GIF's intermediate (gif-format.ts makes its
 *   palette from the whole video first).
 * -map_chapters takes the chapters from the ffmetadata input (mp4 and webm keep them).
 */
function outputArgs(container: Exclude<Container, 'gif'>): string[] {
  switch (container) {
    case 'mp4':
      return ['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'stillimage', '-crf', '23', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-f', 'mp4'];
    case 'webm':
      return ['-c:v', 'libvpx-vp9', '-b:v', '0', '-crf', '32', '-deadline', 'good', '-cpu-used', '4', '-row-mt', '1', '-pix_fmt', 'yuv420p', '-f', 'webm'];
    case 'lossless':
      return ['-c:v', 'copy', '-f', 'matroska'];
  }
}

/** A running ffmpeg that takes PNG frames on stdin (image2pipe at a fixed rate) and writes `out`. */
export class FrameEncoder {
  private readonly child: ChildProcess;
  private readonly done: Promise<void>;
  private stderr = '';

  constructor(out: string, container: Exclude<Container, 'gif'>, fps: number, metadataFile?: string) {
    const meta = metadataFile === undefined ? [] : ['-f', 'ffmetadata', '-i', metadataFile, '-map_metadata', '1', '-map_chapters', '1'];
    const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'image2pipe', '-framerate', String(fps), '-c:v', 'png', '-i', 'pipe:0', ...meta, '-map', '0:v', ...outputArgs(container), '-r', String(fps), out];
    this.child = spawn(FFMPEG, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    this.done = new Promise((resolve, reject) => {
      this.child.once('error', (err) => reject(new Error(`cannot run ffmpeg (${FFMPEG}): ${err.message}`)));
      this.child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg failed (exit ${code}): ${this.stderr.trim().split('\n').slice(-3).join(' / ')}`))));
    });
    // A write after ffmpeg died surfaces through `done`, not as an unhandled stream error.
    this.child.stdin!.on('error', () => undefined);
  }

  /** Writes one frame; waits while ffmpeg's pipe is full (a long video never piles up in memory). */
  async frame(png: Buffer): Promise<void> {
    const stdin = this.child.stdin!;
    if (stdin.write(png)) return;
    await Promise.race([new Promise<void>((resolve) => stdin.once('drain', resolve)), this.done]);
  }

  async finish(): Promise<void> {
    this.child.stdin!.end();
    await this.done;
  }

  /** Stops ffmpeg after a failure elsewhere (the browser); its partial output is the caller's to remove. */
  abort(): void {
    this.child.kill('SIGKILL');
    this.done.catch(() => undefined);
  }
}

/** Runs ffmpeg once to its end (the GIF's palette passes). */
export function runFfmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.once('error', (err) => reject(new Error(`cannot run ffmpeg (${FFMPEG}): ${err.message}`)));
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' / ')}`))));
  });
}
