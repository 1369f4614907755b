import fs from 'node:fs';
import type { Recording } from '../record/recording.js';
import { WEB_DIR } from '../../viewer/server/app.js';
import type { ExportFormat, ExportOptions, ExportSummary } from './export-format.js';
import { gzipBundle } from './html-bundle.js';
import { viewerPage } from './html-page.js';

/**
 * `--format html`: the viewer and the recording in one file that opens from disk with no
 * server and no network (chapters, narration, notes, cluster view, lifecycles, event log,
 * diffs, causal chains, the keyboard; permalinks as `#seq=..`). The whole recording goes
 * in: --from / --to do not cut it (the model, chapters and chains span it all).
 * rolling-update (878 events) makes a file of about 0.6 MB: ~0.45 MB of viewer code and
 * the recording's 2.1 MB of objects as ~0.15 MB of gzip in base64.
 */
export const htmlFormat: ExportFormat = {
  name: 'html',
  extension: '.html',
  description: 'one self-contained page: the viewer with the recording inside, opens from disk offline',
  async write(recording: Recording, outPath: string, options: ExportOptions): Promise<ExportSummary> {
    const { gz, events } = await gzipBundle(recording, options.name, options.progress);
    const title = recording.meta().title ?? options.name;
    const page = viewerPage(WEB_DIR, title, gz.toString('base64'));
    fs.writeFileSync(outPath, page);
    const bytes = Buffer.byteLength(page);
    return { bytes, detail: `${events.toLocaleString('en-US')} events in one page (${megabytes(bytes)}; recording ${megabytes(gz.length)} gzip'd)` };
  },
};

function megabytes(n: number): string {
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 2 : 1)} MB`;
}
