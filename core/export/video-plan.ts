/**
 * Which cluster time each video frame shows. Frames are stepped in virtual time, never
 * timed by the wall clock, so the same range and speed give the same frames:
 * frame i shows fromMs + i * stepMs, where stepMs = speed * 1000 / fps cluster ms.
 * pod-loss-recovery (0 to 2:00) at speed 40 and 10 fps: stepMs = 4,000, frames at
 * 0, 4 s, ..., 120 s = 31 frames, 3.1 s of video. The last frame is always `toMs`
 * (ceil, then clamped), so the video ends on the range's end state.
 */
export const VIDEO_FPS = 10;
/** How long a chapter's title card stays up, in seconds of video. */
export const CARD_SECONDS = 1.5;
/** The longest a shipped story's video should run at the default speed (see defaultSpeed). */
const TARGET_MAX_SECONDS = 90;

export interface VideoChapter {
  title: string;
  body: string;
  timeMs: number;
}

export interface PlannedFrame {
  /** cluster ms the viewer is moved to for this frame */
  timeMs: number;
  /** index into FramePlan.chapters of the title card shown, or -1 */
  card: number;
  /** true when the frame before shows exactly the same (same time, same card): reuse its image */
  repeat: boolean;
}

export interface FramePlan {
  fps: number;
  speed: number;
  stepMs: number;
  fromMs: number;
  toMs: number;
  frames: PlannedFrame[];
  /** every chapter of the recording (the card says "Chapter 2 of 3") */
  chapters: VideoChapter[];
  /** the chapters in the video: where each starts (frame index) and its title */
  starts: Array<{ chapter: number; frame: number }>;
}

/**
 * Virtual seconds per video second when --speed is not given: the smallest power of two
 * that keeps the video at or under 90 s. The shipped stories run 50 s to 22 min, so their
 * videos last 45-90 s: 2 min at 2x = 60 s, 4 min at 4x = 60 s, 22 min at 16x = 82.5 s;
 * a story of 90 s or less plays at 1x.
 */
export function defaultSpeed(spanMs: number): number {
  let speed = 1;
  while (spanMs / 1000 / speed > TARGET_MAX_SECONDS) speed *= 2;
  return speed;
}

/**
 * The viewer's readout shows tenths of a second (0:35.0) and the narration "2.6 s after":
 * a frame time is rounded to 100 ms, so below 1x at 10 fps (25 ms per frame at 0.25x)
 * neighbouring frames show the same and are rendered once.
 */
const SHOWN_MS = 100;

export function planFrames(o: { fromMs: number; toMs: number; speed: number; fps?: number; chapters: VideoChapter[] }): FramePlan {
  const fps = o.fps ?? VIDEO_FPS;
  const stepMs = (o.speed * 1000) / fps;
  const span = o.toMs - o.fromMs;
  const count = Math.ceil(span / stepMs - 1e-9) + 1;
  const timeAt = (i: number): number => Math.min(o.toMs, Math.round((o.fromMs + i * stepMs) / SHOWN_MS) * SHOWN_MS);

  // A chapter's card starts on the first frame at or after its start; the chapter already
  // running at fromMs gets its card on frame 0, so a video cut from the middle says where it is.
  const starts: FramePlan['starts'] = [];
  o.chapters.forEach((c, chapter) => {
    // The first frame whose (rounded) time has reached the chapter, so card and narration agree.
    let frame = c.timeMs <= o.fromMs ? 0 : Math.max(0, Math.floor((c.timeMs - o.fromMs) / stepMs) - 1);
    while (frame < count && timeAt(frame) < c.timeMs) frame++;
    if (frame >= count) return;
    if (starts.length > 0 && starts[starts.length - 1]!.frame === frame) starts.pop();
    starts.push({ chapter, frame });
  });
  const cardFrames = Math.max(1, Math.round(CARD_SECONDS * fps));
  const frames: PlannedFrame[] = [];
  let s = -1;
  for (let i = 0; i < count; i++) {
    while (s + 1 < starts.length && starts[s + 1]!.frame <= i) s++;
    const card = s >= 0 && i - starts[s]!.frame < cardFrames ? starts[s]!.chapter : -1;
    const timeMs = timeAt(i);
    const prev = frames[i - 1];
    frames.push({ timeMs, card, repeat: prev !== undefined && prev.timeMs === timeMs && prev.card === card });
  }
  return { fps, speed: o.speed, stepMs, fromMs: o.fromMs, toMs: o.toMs, frames, chapters: o.chapters, starts };
}

/** The chapters as an ffmetadata file (ffmpeg's -map_chapters): each from its first frame to the next one's, in ms. */
export function ffmetadata(plan: FramePlan, title: string): string {
  const esc = (s: string): string => s.replace(/[=;#\\\n]/g, (c) => (c === '\n' ? ' ' : `\\${c}`));
  const ms = (frame: number): number => Math.round((frame * 1000) / plan.fps);
  const end = ms(plan.frames.length);
  const lines = [';FFMETADATA1', `title=${esc(title)}`];
  plan.starts.forEach((s, i) => {
    const next = plan.starts[i + 1];
    lines.push('[CHAPTER]', 'TIMEBASE=1/1000', `START=${ms(s.frame)}`, `END=${next === undefined ? end : ms(next.frame)}`, `title=${esc(plan.chapters[s.chapter]!.title)}`);
  });
  return lines.join('\n') + '\n';
}
