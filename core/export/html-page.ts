import fs from 'node:fs';
import path from 'node:path';
import { OFFLINE_BUNDLE_ID } from '../../viewer/shared/offline-bundle.js';

/**
 * The html export's page: the built viewer's index.html with its stylesheets and the
 * offline bundle of the front end (dist/viewer/web/offline.js, built by viewer/build.ts)
 * written inline, and the recording (base64 of gzip'd JSON) in a data <script> before
 * the code. Nothing is loaded from anywhere: the page works from file:// with no network.
 */
export function viewerPage(webDir: string, title: string, bundleBase64: string): string {
  const read = (f: string): string => {
    const file = path.join(webDir, f);
    if (!fs.existsSync(file)) throw new Error(`the viewer is not built (${file} is missing): run npm run build`);
    return fs.readFileSync(file, 'utf8');
  };
  const index = read('index.html');
  // "</script" or "<!--" inside the code would end or confuse the inline element; "<\/" means the same to JS.
  const code = read('offline.js').replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  let page = index.replace(/<link rel="stylesheet" href="([^"]+\.css)">/g, (_all, css: string) => `<style>\n${read(css).replace(/<\/(style)/gi, '<\\/$1')}\n</style>`);
  page = page.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)} · kubelapse</title>\n  <meta name="generator" content="kubelapse export --format html">`);
  const scripts = `<script type="application/octet-stream" id="${OFFLINE_BUNDLE_ID}">\n${wrap(bundleBase64)}\n</script>\n  <script type="module">\n${code}\n</script>`;
  const tag = '<script type="module" src="app.js"></script>';
  if (!page.includes(tag)) throw new Error(`${path.join(webDir, 'index.html')} has no ${tag}: the html export does not know this page`);
  // A function, not a string: "$&" or "$'" in the code must not be read as replacement patterns.
  return page.replace(tag, () => scripts);
}

/** Base64 in lines of 4,096: an editor or `less` can still open the file. */
function wrap(b64: string): string {
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 4096) lines.push(b64.slice(i, i + 4096));
  return lines.join('\n');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}
