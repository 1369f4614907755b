import { auditFormat } from './audit-format.js';
import { htmlFormat } from './html-format.js';
import { markdownFormat } from './markdown-format.js';
import type { ExportFormat } from './export-format.js';
import { otelFormat } from './otel-format.js';
import { perfettoFormat } from './perfetto-format.js';
import { videoFormat } from './video-format.js';
import { gifFormat } from './gif-format.js';

/**
 * Every export format, in the order --help and the viewer's Export menu list them.
 * A new format is one file core/export/<name>-format.ts and one line appended here.
 */
export const FORMATS: readonly ExportFormat[] = [
  auditFormat,
  perfettoFormat,
  otelFormat,
  htmlFormat,
  markdownFormat,
  videoFormat,
  gifFormat,
];

/** The format called `name`, or undefined. */
export function findFormat(name: string): ExportFormat | undefined {
  return FORMATS.find((f) => f.name === name);
}
