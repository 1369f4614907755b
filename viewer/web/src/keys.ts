import type { Navigator } from './navigator.js';
import type { Player } from './player.js';
import { zoomKey } from './timeline-zoom.js';

/**
 * Every key the viewer answers, the one list the `?` help and docs/viewer.md show. A part
 * that adds a key adds its line here and its case in bindKeys.
 */
export const KEYS: Array<[string, string]> = [
  ['Space', 'play / pause'],
  ['← / →', 'previous / next event (with the story lens: the next one that tells something)'],
  ['Shift + ← / →', 'previous / next marker (chapter, action, expectation)'],
  ['Home / End', 'start / end of the recording'],
  ['+ / −', 'zoom the timeline in / out around the playhead'],
  ['p', 'presentation: hide the controls for a clean capture (again: show them)'],
  ['W / S', 'zoom in / out around the mouse on the timeline (else the playhead)'],
  ['A / D', 'pan the timeline back / forward'],
  ['Ctrl + wheel', 'zoom around the mouse on the timeline (Shift + wheel pans)'],
  ['L', 'story lens on / off: stepping, the event log and search skip lease renewals and Event echoes'],
  ['C', 'follow the selected event\'s causal chain with ← / → (on / off)'],
  ['Ctrl + K or /', 'search object names, reasons, messages and actors'],
  ['↑ / ↓, Enter', 'in search: pick a result, jump the playhead to it'],
  ['?', 'this list'],
  ['Esc', 'close this list or the search'],
];

/** What keys do beyond moving the playhead; each part's toggles come in here. */
export interface KeyActions {
  lens(): void;
  follow(): void;
  search(): void;
}

/** Keyboard shortcuts; ignored while typing in a field. */
export function bindKeys(nav: Navigator, player: Player, help: HTMLElement, signal: AbortSignal, actions: KeyActions): void {
  help.innerHTML = `<div class="help-box"><h2>Keyboard</h2><table>${KEYS.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table><p class="muted">Press Esc or ? to close.</p></div>`;
  help.addEventListener('click', () => (help.hidden = true), { signal });
  document.addEventListener('keydown', (ev) => {
    const t = ev.target as HTMLElement;
    if (t.closest('input, textarea, select')) return;
    const plain = !ev.ctrlKey && !ev.metaKey && !ev.altKey;
    let handled = true;
    if (ev.key === ' ') player.toggle();
    else if (ev.key === 'ArrowLeft') ev.shiftKey ? nav.marker(-1) : nav.step(-1);
    else if (ev.key === 'ArrowRight') ev.shiftKey ? nav.marker(1) : nav.step(1);
    else if (ev.key === 'Home') nav.start();
    else if (ev.key === 'End') nav.end();
    else if (ev.key === '+' || ev.key === '=') nav.zoom(0.5);
    else if (ev.key === '-' || ev.key === '_') nav.zoom(2);
    else if (/^[wasd]$/i.test(ev.key) && !ev.ctrlKey && !ev.metaKey && !ev.altKey) zoomKey(ev.key);
    else if ((ev.key === 'l' || ev.key === 'L') && plain) actions.lens();
    else if ((ev.key === 'c' || ev.key === 'C') && plain) actions.follow();
    else if ((ev.key === 'k' || ev.key === 'K') && (ev.ctrlKey || ev.metaKey)) actions.search();
    else if (ev.key === '/' && plain) actions.search();
    else if (ev.key === '?') help.hidden = !help.hidden;
    else if (ev.key === 'Escape') help.hidden = true;
    else handled = false;
    if (handled) ev.preventDefault();
  }, { signal });
}
