import { clock } from './format.js';
import type { Navigator } from './navigator.js';
import type { Player } from './player.js';
import { SPEEDS, type Store } from './store.js';

/** Transport buttons, speed and the position readout above the timeline. */
export function mountControls(el: HTMLElement, store: Store, nav: Navigator, player: Player, lastSeq: number, showHelp: () => void): () => void {
  el.innerHTML = `
    <button data-act="start" title="Start (Home)">start</button>
    <button data-act="prev-marker" title="Previous marker (Shift+←)">◀ marker</button>
    <button data-act="prev" title="Previous event (←)">◀ event</button>
    <button data-act="play" class="play" title="Play / pause (Space)">▶ play</button>
    <button data-act="next" title="Next event (→)">event ▶</button>
    <button data-act="next-marker" title="Next marker (Shift+→)">marker ▶</button>
    <button data-act="end" title="End (End)">end</button>
    <label class="speed">speed <select aria-label="speed">${SPEEDS.map((s) => `<option value="${s}">${s}x</option>`).join('')}</select></label>
    <button data-act="zoom-in" title="Zoom in (+)">+</button>
    <button data-act="zoom-out" title="Zoom out (−)">−</button>
    <span class="position" id="position"></span>
    <button data-act="help" title="Keyboard shortcuts (?)">keys</button>`;
  const acts: Record<string, () => void> = {
    start: () => nav.start(),
    'prev-marker': () => nav.marker(-1),
    prev: () => nav.step(-1),
    play: () => player.toggle(),
    next: () => nav.step(1),
    'next-marker': () => nav.marker(1),
    end: () => nav.end(),
    'zoom-in': () => nav.zoom(0.5),
    'zoom-out': () => nav.zoom(2),
    help: showHelp,
  };
  el.addEventListener('click', (ev) => {
    const act = (ev.target as HTMLElement).closest('button')?.dataset.act;
    if (act !== undefined) acts[act]?.();
  });
  const speed = el.querySelector('select') as HTMLSelectElement;
  speed.addEventListener('change', () => {
    store.set({ speed: Number(speed.value) });
    speed.blur(); // give the keys back to the shortcuts
  });
  const play = el.querySelector('button.play') as HTMLButtonElement;
  const pos = el.querySelector('#position') as HTMLElement;
  return () => {
    const s = store.state;
    speed.value = String(s.speed);
    play.textContent = s.playing ? 'pause' : '▶ play';
    play.setAttribute('aria-label', s.playing ? 'pause' : 'play');
    pos.textContent = `${clock(s.timeMs)} · seq ${s.seq} / ${lastSeq}`;
  };
}
