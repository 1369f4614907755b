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

  /** `unit`: what done/total count, virtual milliseconds (a run) or bytes (an import). */
  update(label: string, done: number, total: number, extra = '', unit: 'duration' | 'bytes' = 'duration'): void {
    if (!this.enabled) return;
    const now = wallNow();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    const width = 28;
    const frac = total <= 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(frac * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const text = `${label} ${bar} ${String(Math.round(frac * 100)).padStart(3)}% ${unit === 'bytes' ? `${formatBytes(done)}/${formatBytes(total)}` : `${formatDuration(done)}/${formatDuration(total)}`}${extra ? '  ' + extra : ''}`;
    this.stream.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}

/** 1536 -> "1.5 KB", 2_500_000_000 -> "2.3 GB": binary units, one decimal below 10. */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}
