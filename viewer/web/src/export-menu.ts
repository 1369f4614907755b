import { $ } from './dom.js';
import { escapeHtml } from './format.js';

interface ExportFormatInfo {
  name: string;
  extension: string;
  description: string;
}

/**
 * The header's Export menu: one entry per format `kubelapse export` knows (the server's
 * registry, so a format added there shows here), each downloading
 * /api/recordings/<rec>/export?format=<name>. The file is fetched, not navigated to, so
 * the menu can say what is happening: a video takes seconds to render, and the seconds
 * count up beside its name until the download starts.
 */
export function mountExportMenu(rec: string): void {
  const button = $<HTMLButtonElement>('#export-button');
  const menu = $('#export-menu');
  let loaded = false;
  const close = (): void => {
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  };
  button.addEventListener('click', async (ev) => {
    ev.stopPropagation();
    if (!menu.hidden) return close();
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    if (loaded) return;
    loaded = true;
    const res = await fetch('/api/export-formats');
    const { formats } = (await res.json()) as { formats: ExportFormatInfo[] };
    menu.innerHTML = formats
      .map((f) => `<button role="menuitem" data-format="${escapeHtml(f.name)}" title="${escapeHtml(f.description)}"><b>${escapeHtml(f.name)}</b> <span class="muted">${escapeHtml(f.extension)}</span><span class="export-status"></span><small class="muted">${escapeHtml(f.description)}</small></button>`)
      .join('');
  });
  document.addEventListener('click', (ev) => {
    if (!menu.contains(ev.target as Node)) close();
  });
  menu.addEventListener('click', (ev) => {
    const item = (ev.target as HTMLElement).closest<HTMLButtonElement>('button[data-format]');
    if (item === null || item.disabled) return;
    ev.stopPropagation();
    void download(rec, item);
  });
}

async function download(rec: string, item: HTMLButtonElement): Promise<void> {
  const status = item.querySelector('.export-status') as HTMLElement;
  const format = item.dataset.format as string;
  item.disabled = true;
  const started = performance.now();
  const tick = window.setInterval(() => (status.textContent = ` exporting… ${Math.round((performance.now() - started) / 1000)} s`), 1000);
  status.textContent = ' exporting…';
  try {
    const res = await fetch(`/api/recordings/${encodeURIComponent(rec)}/export?format=${encodeURIComponent(format)}`);
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      throw new Error(body.error?.message ?? `HTTP ${res.status}`);
    }
    const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? `${rec}.${format}`;
    const blob = await res.blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    status.textContent = ` saved ${name}`;
  } catch (err) {
    status.textContent = ` failed: ${(err as Error).message}`;
  } finally {
    window.clearInterval(tick);
    item.disabled = false;
  }
}
