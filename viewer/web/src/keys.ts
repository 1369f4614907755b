import type { Navigator } from './navigator.js';
import type { Player } from './player.js';
import { zoomKey } from './timeline-zoom.js';

export const KEYS: Array<[string, string]> = [
  ['Space', 'play / pause'],
  ['← / →', 'previous / next event'],
  ['Shift + ← / →', 'previous / next marker (chapter or action)'],
  ['Home / End', 'start / end of the recording'],
  ['+ / −', 'zoom the timeline in / out around the playhead'],
  ['p', 'presentation: hide the controls for a clean capture (again: show them)'],
  ['W / S', 'zoom in / out around the mouse on the timeline (else the playhead)'],
  ['A / D', 'pan the timeline back / forward'],
  ['Ctrl + wheel', 'zoom around the mouse on the timeline (Shift + wheel pans)'],
  ['?', 'this list'],
  ['Esc', 'close this list'],
];

/** Keyboard shortcuts; ignored while typing in a field. */
export function bindKeys(nav: Navigator, player: Player, help: HTMLElement, signal: AbortSignal): void {
  help.innerHTML = `<div class="help-box"><h2>Keyboard</h2><table>${KEYS.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table><p class="muted">Press Esc or ? to close.</p></div>`;
  help.addEventListener('click', () => (help.hidden = true), { signal });
  document.addEventListener('keydown', (ev) => {
    const t = ev.target as HTMLElement;
    if (t.closest('input, textarea, select')) return;
    let handled = true;
    if (ev.key === ' ') player.toggle();
    else if (ev.key === 'ArrowLeft') ev.shiftKey ? nav.marker(-1) : nav.step(-1);
    else if (ev.key === 'ArrowRight') ev.shiftKey ? nav.marker(1) : nav.step(1);
    else if (ev.key === 'Home') nav.start();
    else if (ev.key === 'End') nav.end();
    else if (ev.key === '+' || ev.key === '=') nav.zoom(0.5);
    else if (ev.key === '-' || ev.key === '_') nav.zoom(2);
    else if (/^[wasd]$/i.test(ev.key) && !ev.ctrlKey && !ev.metaKey && !ev.altKey) zoomKey(ev.key);
    else if (ev.key === '?') help.hidden = !help.hidden;
    else if (ev.key === 'Escape') help.hidden = true;
    else handled = false;
    if (handled) ev.preventDefault();
  }, { signal });
}
