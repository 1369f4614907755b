import type { ExportFormat } from './export-format.js';

/** Placeholder while the format is written; replaced by its real writer. */
export const otelFormat: ExportFormat = {
  name: 'otel',
  extension: '.otel.json',
  description: 'otel (not written yet)',
  write() {
    return Promise.reject(new Error('the otel export is not written yet'));
  },
};
