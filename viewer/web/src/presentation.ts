import { $ } from './dom.js';
import { pageQuery, replaceQuery } from './page-url.js';

/**
 * Presentation: the viewer without its controls, for a clean screen capture. The
 * filters, transport buttons, zoom-strip handles, note form and hints are hidden by one
 * class on <body> (style.css, "presentation"); the views, narration, playhead readout and
 * every keyboard shortcut stay, so a walkthrough is driven from the keyboard. `p` or the
 * header's "present" button toggles it; `&present=1` in a link opens in it.
 */
let presenting = false;

export function readPresent(search: string): boolean {
  return new URLSearchParams(search).get('present') === '1';
}

/** The permalink with the presentation flag added when it is on. */
export function withPresent(query: string): string {
  return presenting ? `${query}${query.includes('?') ? '&' : '?'}present=1` : query;
}

function apply(on: boolean): void {
  presenting = on;
  document.body.classList.toggle('presenting', on);
  const button = $('#present-button');
  button.setAttribute('aria-pressed', String(on));
  button.textContent = on ? 'controls' : 'present';
  button.title = on ? 'Show the controls again (p)' : 'Presentation: hide the controls for a clean capture (p)';
  if (on === readPresent(pageQuery())) return;
  const p = new URLSearchParams(pageQuery());
  if (on) p.set('present', '1');
  else p.delete('present');
  replaceQuery(`?${p}`);
}

/** Once per page (a live recording remounts its views, not this): the button and the `p` key. */
export function mountPresentation(initial: boolean): void {
  apply(initial);
  const toggle = (): void => {
    apply(!presenting);
    // Panels change height without the window changing size: the views re-measure as on a resize.
    window.dispatchEvent(new Event('resize'));
  };
  $('#present-button').addEventListener('click', (ev) => {
    (ev.currentTarget as HTMLElement).blur();
    toggle();
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.key !== 'p' || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if ((ev.target as HTMLElement).closest('input, textarea, select')) return;
    ev.preventDefault();
    toggle();
  });
}
