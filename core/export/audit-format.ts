import type { ExportFormat } from './export-format.js';

/** Placeholder while the format is written; replaced by its real writer. */
export const auditFormat: ExportFormat = {
  name: 'audit',
  extension: '.audit.jsonl',
  description: 'audit (not written yet)',
  write() {
    return Promise.reject(new Error('the audit export is not written yet'));
  },
};
