/**
 * The html export's entry (bundled to dist/viewer/web/offline.js by viewer/build.ts): the
 * viewer of main.ts over the recording embedded in the page instead of a server. Imported
 * before main.ts, so the transport is in place when the viewer asks for its first data.
 */
import { OFFLINE_BUNDLE_ID, type OfflineBundle } from '../../../shared/offline-bundle.js';
import { useTransport } from '../api.js';
import { offlineTransport } from './offline-transport.js';

/** The bundle: base64 text of gzip'd JSON in a <script> element, unpacked with the browser's own DecompressionStream (no network, no library). */
async function readBundle(): Promise<OfflineBundle> {
  const el = document.getElementById(OFFLINE_BUNDLE_ID);
  if (el === null) throw new Error(`this page has no embedded recording (no #${OFFLINE_BUNDLE_ID} element)`);
  const bin = atob((el.textContent ?? '').trim());
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const text = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  const bundle = JSON.parse(text) as OfflineBundle;
  if (bundle.version !== 1) throw new Error(`this export holds a bundle of version ${String(bundle.version)}; this page reads version 1`);
  return bundle;
}

useTransport(offlineTransport(readBundle()));
document.body.classList.add('offline');
// What needs a server is hidden: comparing with another recording, adding notes (the file cannot be written), the Export menu (the server writes exports).
const style = document.createElement('style');
style.textContent = 'body.offline label:has(#compare-select), body.offline .note-form, body.offline #export-button, body.offline #export-menu { display: none !important; }';
document.head.append(style);
// A permalink pasted into the address bar changes only the #fragment: open the page again on it.
window.addEventListener('hashchange', () => location.reload());
