import type { Recording } from '../record/recording.js';

/**
 * One way a recording leaves kubelapse (`kubelapse export <db> --format <name>`, and the
 * viewer's Export menu). Each format is its own file under core/export/ registering one of
 * these in formats.ts. Writers stream to `out` where the format allows, so a 100,000-event
 * recording never sits in memory as one string.
 */
export interface ExportOptions {
  /** the recording file's name without .db: titles, default output names */
  name: string;
  /** virtual ms bounds (--from / --to); undefined: the whole recording */
  fromMs?: number;
  toMs?: number;
  /** playback speed for formats that play (video) */
  speed?: number;
  /** progress for long exports: done out of total, in the format's own unit */
  progress?: (done: number, total: number) => void;
}

export interface ExportFormat {
  /** the --format value: audit, perfetto, otel, html, markdown, video, gif ... */
  name: string;
  /** default output file extension, with the dot: .jsonl, .json, .html, .md, .mp4 */
  extension: string;
  /** one line for --help and the viewer's menu */
  description: string;
  /** writes the export to the file `outPath` (formats that need a file, e.g. video, get its path) */
  write(recording: Recording, outPath: string, options: ExportOptions): Promise<ExportSummary>;
}

export interface ExportSummary {
  /** bytes written */
  bytes: number;
  /** what was written, in the format's own unit: "4,211 audit events", "38 s of video" */
  detail: string;
}
