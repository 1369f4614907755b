/**
 * The cluster's colour key is three lines at 1280 wide: on a short window (below 900 px,
 * where every line is taken from the cluster itself) it folds behind a "key" button and
 * opens over the top of the panel; on a taller one it is shown inline and the button hidden
 * (style.css, "layout").
 */
export function foldLegend(section: HTMLElement): void {
  const button = section.querySelector('button.legend-toggle') as HTMLButtonElement;
  const set = (open: boolean): void => {
    section.classList.toggle('legend-open', open);
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? 'key ▴' : 'key ▾';
  };
  set(false);
  button.addEventListener('click', (ev) => {
    ev.stopPropagation();
    set(!section.classList.contains('legend-open'));
    button.blur();
  });
  // A click on the opened key closes it: it covers the lane and the first row of nodes.
  section.querySelector('.legend')?.addEventListener('click', () => set(false));
}
