import { formatDuration } from '../scenario/duration.js';
import { wallNow } from './wall-clock.js';

/**
 * A one-line progress bar on stderr, redrawn at most 10 times a second, only when
 * stderr is a terminal: piped or CI output stays clean.
 */
export class ProgressBar {
  private last = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = Boolean(process.stderr.isTTY),
  ) {}

  /** `show` renders done and total: durations of virtual time by default, counts for an export. */
  update(label: string, done: number, total: number, extra = '', show: (n: number) => string = formatDuration): void {
    if (!this.enabled) return;
    const now = wallNow();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    const width = 28;
    const frac = total <= 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(frac * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const text = `${label} ${bar} ${String(Math.round(frac * 100)).padStart(3)}% ${show(done)}/${show(total)}${extra ? '  ' + extra : ''}`;
    this.stream.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
