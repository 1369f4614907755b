import type { Store } from './store.js';
import type { KeyActions } from './keys.js';

/**
 * The story lens, follow-the-chain and search as buttons beside the transport controls,
 * so what the keys L, C and Ctrl+K do is visible (and shows in a screen recording).
 */
export function mountLensControls(el: HTMLElement, store: Store, actions: KeyActions): () => void {
  const box = document.createElement('span');
  box.className = 'lens-controls';
  box.innerHTML = `
    <button data-act="lens" title="Story lens: skip lease renewals and Event echoes (L)"></button>
    <button data-act="follow" title="Follow the selected event's causal chain with ← / → (C)"></button>
    <button data-act="search" title="Search (Ctrl+K or /)">search</button>`;
  el.append(box);
  box.addEventListener('click', (ev) => {
    const act = (ev.target as HTMLElement).closest('button')?.dataset.act as keyof KeyActions | undefined;
    if (act !== undefined) actions[act]();
  });
  const lens = box.querySelector('[data-act="lens"]') as HTMLButtonElement;
  const follow = box.querySelector('[data-act="follow"]') as HTMLButtonElement;
  return () => {
    const s = store.state;
    lens.textContent = `story lens: ${s.lens ? 'on' : 'off'}`;
    lens.setAttribute('aria-pressed', String(s.lens));
    follow.textContent = s.follow ? (s.sel > 0 ? `following chain of seq ${s.sel}` : 'follow chain: select an event') : 'follow chain: off';
    follow.setAttribute('aria-pressed', String(s.follow));
  };
}
