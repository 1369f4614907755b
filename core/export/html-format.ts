import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Recording } from '../record/recording.js';
import type { ExportFormat, ExportOptions, ExportSummary } from './export-format.js';
import { gzipBundle } from './html-bundle.js';
import { viewerPage } from './html-page.js';

/**
 * `--format html`: the viewer and the recording in one file that opens from disk with no
 * server and no network (chapters, narration, notes, cluster view, lifecycles, event log,
 * diffs, causal chains, the keyboard; permalinks as `#seq=..`). The whole recording goes
 * in: --from / --to do not cut it (the model, chapters and chains span it all).
 * rolling-update (878 events) makes a file of 0.60 MB: ~0.39 MB of viewer code and the
 * recording's 2.1 MB of objects as 155 kB of gzip, 207 kB in base64. docs/export.md has
 * the figures for the largest recordings (113,907 events: 20.6 MB).
 */
/**
 * The built front end (offline.js, index.html, the stylesheets): dist/viewer/web beside
 * dist/core, or from the sources (the tests) the dist/ copy `npm run build` made. Found
 * here rather than taken from viewer/server/app.ts, so the viewer's own Export menu can
 * list this format without an import cycle.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const WEB_DIR = [path.resolve(here, '../../viewer/web'), path.resolve(here, '../../dist/viewer/web')].find((d) => fs.existsSync(path.join(d, 'offline.js'))) ?? path.resolve(here, '../../viewer/web');

export const htmlFormat: ExportFormat = {
  name: 'html',
  extension: '.html',
  description: 'one self-contained page: the viewer with the recording inside, opens from disk offline',
  async write(recording: Recording, outPath: string, options: ExportOptions): Promise<ExportSummary> {
    const { gz, events } = await gzipBundle(recording, options.name, options.progress);
    const title = recording.meta().title ?? options.name;
    const data = gz.toString('base64');
    const page = viewerPage(WEB_DIR, title, data);
    fs.writeFileSync(outPath, page);
    const bytes = Buffer.byteLength(page);
    return { bytes, detail: `${events.toLocaleString('en-US')} events in one page: the recording ${kB(data.length)} of it (${kB(gz.length)} of gzip, as base64), the viewer the rest` };
  },
};

function kB(n: number): string {
  return `${Math.round(n / 1000).toLocaleString('en-US')} kB`;
}
