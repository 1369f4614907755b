/**
 * Builds the viewer's front end: bundles viewer/web/src (TypeScript + d3 + yaml) into
 * dist/viewer/web/app.js with esbuild and copies index.html and style.css beside it.
 * Run by `npm run build` after tsc; the bundle is what the Express server serves.
 * offline.js is the same viewer answering from a recording embedded in the page: what
 * `kubelapse export --format html` inlines (core/export/html-format.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/viewer
const root = path.resolve(here, '../..');
const src = path.join(root, 'viewer/web');
const out = path.join(here, 'web');

fs.mkdirSync(out, { recursive: true });
const options = { bundle: true, format: 'esm', target: 'es2022', minify: true, logLevel: 'warning' } as const;
// What the first frame never runs is a file of its own, imported dynamically when first
// needed: the event detail's yaml printer (yaml-print.ts). app.js leaves that import as it
// is (resolved beside app.js at run time); the export's offline.js bundles it inline.
const lazy = ['yaml-print'];
const leaveLazy: Plugin = {
  name: 'leave-lazy',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^\\./(${lazy.join('|')})\\.js$`) }, (args) => ({ path: args.path, external: true }));
  },
};
await build({ ...options, entryPoints: [path.join(src, 'src/main.ts')], sourcemap: true, outfile: path.join(out, 'app.js'), plugins: [leaveLazy] });
for (const name of lazy) await build({ ...options, entryPoints: [path.join(src, `src/${name}.ts`)], sourcemap: true, outfile: path.join(out, `${name}.js`) });
// No source map: the export is one file, and a map beside it would be a second. esbuild
// bundles its dynamic imports inline, so that one file holds everything.
await build({ ...options, entryPoints: [path.join(src, 'src/offline/offline-entry.ts')], outfile: path.join(out, 'offline.js') });
// Every stylesheet beside index.html (style.css, and the parts' own, e.g. step.css).
for (const f of fs.readdirSync(src).filter((n) => n === 'index.html' || n.endsWith('.css'))) fs.copyFileSync(path.join(src, f), path.join(out, f));
