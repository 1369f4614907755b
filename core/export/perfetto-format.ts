import type { ExportFormat } from './export-format.js';

/** Placeholder while the format is written; replaced by its real writer. */
export const perfettoFormat: ExportFormat = {
  name: 'perfetto',
  extension: '.perfetto.json',
  description: 'perfetto (not written yet)',
  write() {
    return Promise.reject(new Error('the perfetto export is not written yet'));
  },
};
