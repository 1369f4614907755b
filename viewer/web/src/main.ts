import { mountExportMenu } from './export-menu.js';
import type { RecordingSummary } from '../../shared/model.js';
import { api } from './api.js';
import { mountControls } from './controls.js';
import { clock, escapeHtml, grouped } from './format.js';
import { bindKeys } from './keys.js';
import { ModelIndex } from './model-index.js';
import { Navigator } from './navigator.js';
import { Player } from './player.js';
import { Store, type ViewState } from './store.js';
import { Timeline } from './timeline.js';
import { readUrl, writeUrl } from './url-state.js';
import { pageQuery, replaceQuery } from './page-url.js';
import { invalidateWidths, readWantedWidths } from './widths.js';
import { compareLayout } from './layout-compare.js';
import { CompareClock } from './compare-clock.js';
import { singleLayout } from './layout-single.js';
import { aggregateLayout } from './layout-aggregate.js';
import { $ } from './dom.js';
import { followLive } from './live-follow.js';
import { mountPresentation, readPresent, withPresent } from './presentation.js';
import { bindNarrationToggle } from './narration.js';
import { NO_FILTERS } from './log-filters.js';
import { mountPrestopStory } from './prestop-story.js';
import { ChainFollow } from './chain-follow.js';
import { mountLensControls } from './lens-controls.js';
import { SearchBox } from './search.js';
import { installExportHook } from './export-hook.js';

/** What tests and the benchmark read: frame render times and readiness. */
interface Probe {
  ready: boolean;
  /** performance.now() at each step of opening: where the first second goes. */
  timings: Record<string, number>;
  /** Per view, its share of each frame (ms): frame[i] of main's list. */
  parts: number[][];
  error?: string;
  frames: number[];
  store?: Store;
  nav?: Navigator;
  /** A live recording: how often the views were rebuilt, and whether the playhead followed. */
  live?: { updates: number; following: boolean; lastSeq: number };
}
const probe: Probe = { ready: false, frames: [], parts: [], timings: { script: performance.now() } };
(window as unknown as { __kubelapse: Probe }).__kubelapse = probe;

function fatal(message: string): void {
  probe.error = message;
  $('#main').innerHTML = `<div class="error-box"><h2>Cannot show this</h2><p>${escapeHtml(message)}</p></div>`;
}

let toastTimer = 0;
function toast(msg: string, error = false): void {
  const el = $('#toast');
  el.textContent = msg;
  el.className = error ? 'error' : '';
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (el.hidden = true), 4000);
}

function fillPickers(list: RecordingSummary[], rec: string, cmp: string): void {
  const label = (r: RecordingSummary): string => `${r.name}${r.title && r.title !== r.name ? ` — ${r.title}` : ''}${r.error ? ' (unreadable)' : ''}`;
  const recSel = $<HTMLSelectElement>('#recording-select');
  const cmpSel = $<HTMLSelectElement>('#compare-select');
  recSel.innerHTML = list.map((r) => `<option value="${escapeHtml(r.name)}"${r.name === rec ? ' selected' : ''}>${escapeHtml(label(r))}</option>`).join('');
  cmpSel.innerHTML = '<option value="">(none)</option>' + list.filter((r) => r.name !== rec).map((r) => `<option value="${escapeHtml(r.name)}"${r.name === cmp ? ' selected' : ''}>${escapeHtml(label(r))}</option>`).join('');
  recSel.addEventListener('change', () => location.assign(`?rec=${encodeURIComponent(recSel.value)}`));
  cmpSel.addEventListener('change', () => {
    const p = new URLSearchParams(location.search);
    p.set('rec', rec);
    if (cmpSel.value === '') p.delete('cmp');
    else p.set('cmp', cmpSel.value);
    p.delete('sel');
    location.assign(`?${p}`);
  });
}

function info(r: RecordingSummary | undefined): string {
  if (r === undefined) return '';
  const verified = r.chainVerified === null ? 'chain not checked yet' : r.chainVerified ? 'chain verified' : 'CHAIN BROKEN';
  const source = r.imported !== undefined ? `imported from ${r.imported.sources === 1 ? '1 file' : `${r.imported.sources} files`}${r.imported.start ? `, start ${r.imported.start}` : ''}` : r.source;
  return `${source} · ${r.events} events · ${r.durationMs === null ? 'duration unknown' : clock(r.durationMs)} · ${r.complete ? 'complete' : 'incomplete'} · ${verified}`;
}

interface Mounted {
  store: Store;
  /** Settles when what comes after the first frame is in: the lens's noise runs, the kube-proxy lane, the views below the fold. */
  loaded: Promise<void>;
  dispose(): void;
}

/** Builds every view over one model; a live recording disposes and builds again as it grows. */
function mount(mi: ModelIndex, mi2: ModelIndex | undefined, rec: string, initial: ViewState): Mounted {
  const controller = new AbortController();
  const signal = controller.signal;
  const endTime = (): number => Math.max(mi.endTime, mi2?.endTime ?? 0, 1);
  const store = new Store(initial);
  const noise = api.noise(rec).then((r) => r.runs, (err: Error) => (toast(`story lens: ${err.message}`, true), []));
  const nav = new Navigator(store, mi, endTime, new ChainFollow((seq) => api.chain(rec, seq)), noise);
  const player = new Player(store, nav, endTime);
  probe.store = store;
  probe.nav = nav;
  installExportHook(store, nav);
  const help = $('#help');
  const showHelp = (): void => void (help.hidden = !help.hidden);
  $('#help-button').addEventListener('click', showHelp, { signal });
  // Story lens (L), follow the selected chain (C), search (Ctrl+K or /).
  const search = new SearchBox(rec, () => store.state.lens, (seq) => nav.toSeq(seq, { sel: seq }), signal);
  const actions = {
    lens: () => store.set({ lens: !store.state.lens }),
    follow: () => store.set({ follow: !store.state.follow }),
    search: () => search.open(),
  };
  bindKeys(nav, player, help, signal, actions);
  const updateControlsOnly = mountControls($('#controls'), store, nav, player, mi.lastSeq, showHelp);
  const updateLens = mountLensControls($('#controls'), store, actions);
  const updateControls = (): void => {
    updateControlsOnly();
    updateLens();
  };
  // Compare: B drawn on A's axis through the matched chapters, with a marker row of its own.
  const cmpClock = mi2 === undefined ? undefined : new CompareClock(mi, mi2);
  const timeline = new Timeline($('#timeline'), [{ label: 'A', mi }, ...(cmpClock ? [{ label: 'B', mi: cmpClock.warpedB(), marks: cmpClock.marks }] : [])], store, (t, scrubbing) => nav.toTime(t, scrubbing), (m) => nav.toMarker(m));

  // A recording past the server's aggregate line has counts, not pods (shared/aggregate-model.ts); compare draws pods, so it is not offered there.
  const aggregate = mi.aggregate;
  const layout = mi2 === undefined || cmpClock === undefined
    ? aggregate !== undefined ? aggregateLayout({ mi, rec, store, nav, timeline, toast }, aggregate) : singleLayout({ mi, rec, store, nav, timeline, toast })
    : compareLayout({ mi, other: mi2, clock: cmpClock, store, nav, timeline, toast });
  const { frame, slow, drawn } = layout;
  const prestop = mountPrestopStory(mi, mi2, (msg) => toast(msg, true));
  frame.push(...prestop.frame);

  let urlTimer = 0;
  const render = (s: ViewState, changed: ReadonlySet<keyof ViewState>): void => {
    const started = performance.now();
    frame.forEach((f, i) => {
      const t = performance.now();
      f(s);
      (probe.parts[i] ??= []).push(performance.now() - t);
    });
    timeline.render();
    updateControls();
    probe.frames.push(performance.now() - started);
    if (probe.frames.length > 2000) {
      probe.frames.splice(0, 1000);
      for (const p of probe.parts) p.splice(0, 1000);
    }
    for (const f of slow) f(s, changed);
    clearTimeout(urlTimer);
    urlTimer = window.setTimeout(() => replaceQuery(withPresent(writeUrl(store.state))), s.playing ? 500 : 150);
  };
  probe.timings.views = performance.now();
  const unsubscribe = store.subscribe(render);
  window.addEventListener('resize', () => {
    invalidateWidths();
    render(store.state, new Set());
  }, { signal });
  // Every view's width in one layout of the bare skeleton, before the first frame writes (widths.ts).
  readWantedWidths();
  render(store.state, new Set(['seq', 'sel'] as const));
  return {
    store,
    loaded: Promise.all([nav.lensLoaded, prestop.loaded, drawn]).then(() => undefined),
    dispose: () => {
      controller.abort();
      unsubscribe();
      player.dispose();
      clearTimeout(urlTimer);
      for (const id of ['#main', '#timeline', '#controls']) $(id).innerHTML = '';
    },
  };
}

async function boot(): Promise<void> {
  const url = readUrl(pageQuery());
  mountPresentation(readPresent(pageQuery()));
  bindNarrationToggle();
  // With the recording named in the URL its model loads while the list does.
  const early = url.rec === undefined ? undefined : Promise.all([api.model(url.rec).then((m) => ((probe.timings.modelParsed = performance.now()), m)), url.cmp === undefined ? Promise.resolve(undefined) : api.model(url.cmp)]);
  early?.catch(() => undefined);
  const listed = api.list().then((l) => ((probe.timings.list = performance.now()), l.recordings));
  listed.catch(() => undefined);
  // The list fills the pickers and the header. Without a recording in the URL it says which
  // to open; with one, the first frame waits only for the model(s): a model that loaded
  // names a recording that exists, and a fresh server's list (it opens every recording in
  // the folder) no longer holds up the first frame. If a model fails, the list says why
  // ("not found; pick one above"), as before.
  let list: RecordingSummary[] | undefined;
  if (early === undefined || (await early.then(() => false, () => true))) {
    try {
      list = await listed;
    } catch (err) {
      return fatal(`cannot list recordings: ${(err as Error).message}`);
    }
    if (list.length === 0) return fatal('There are no recordings in this folder yet. Run `npm start` (records the shipped scenarios) or `npx kubelapse run <scenario.yaml>`.');
  }
  const rec = url.rec ?? (list?.find((r) => r.name === 'pod-loss-recovery') ?? list?.[0])?.name ?? '';
  const cmp = url.cmp ?? '';
  const header = (all: RecordingSummary[]): RecordingSummary | undefined => {
    fillPickers(all, rec, cmp);
    mountExportMenu(rec);
    const summary = all.find((r) => r.name === rec);
    $('#recording-info').textContent = info(summary);
    document.title = `${summary?.title || rec} · kubelapse`;
    return summary;
  };
  let summary: RecordingSummary | undefined;
  if (list !== undefined) {
    summary = header(list);
    if (!list.some((r) => r.name === rec)) return fatal(`recording "${rec}" not found; pick one above`);
    if (cmp !== '' && !list.some((r) => r.name === cmp)) return fatal(`recording "${cmp}" to compare with not found; pick one above`);
  } else document.title = `${rec} · kubelapse`;
  let known = list;
  listed.then((l) => (known = l), () => undefined);
  let mi: ModelIndex;
  let mi2: ModelIndex | undefined;
  // A big recording seen for the first time takes a second or two to index on the server.
  const loading = window.setTimeout(() => {
    const events = known?.find((r) => r.name === rec)?.events;
    $('#main').innerHTML = `<p class="loading">Loading ${escapeHtml(rec)}${events !== undefined ? ` (${grouped(events)} events)` : ''}: the server is indexing it the first time, later opens are quick…</p>`;
  }, 300);
  try {
    const [a, b] = await (early ?? Promise.all([api.model(rec), cmp === '' ? Promise.resolve(undefined) : api.model(cmp)]));
    probe.timings.model = performance.now();
    // When index.html's early request had the model's bytes in and parsed them (before the bundle ran, when it did).
    Object.assign(probe.timings, (globalThis as unknown as { __kubelapseEarly?: { at?: Record<string, number> } }).__kubelapseEarly?.at);
    mi = new ModelIndex(a);
    mi2 = b === undefined ? undefined : new ModelIndex(b);
  } catch (err) {
    return fatal((err as Error).message);
  } finally {
    clearTimeout(loading);
  }
  const live = mi.m.source === 'live' && !mi.m.complete && mi2 === undefined;
  // Compare opens both sides on the same state: the first matched chapter's start (compare-clock.ts).
  const cmpOpen = mi2 === undefined ? undefined : new CompareClock(mi, mi2).opening(url.seq, url.time);
  const seq0 = cmpOpen !== undefined ? cmpOpen.seq : url.seq !== undefined && cmp === '' ? Math.min(url.seq, mi.lastSeq) : url.time !== undefined ? mi.seqAtTime(url.time) : live ? mi.lastSeq : (url.seq ?? 0);
  const end0 = Math.max(mi.endTime, mi2?.endTime ?? 0, 1);
  const initial: ViewState = {
    rec, cmp,
    seq: seq0,
    timeMs: cmpOpen?.timeMs ?? url.time ?? mi.timeOf(seq0),
    t0: url.t0 ?? 0,
    t1: url.t1 !== undefined && url.t1 > (url.t0 ?? 0) ? url.t1 : end0,
    sel: url.sel ?? 0,
    playing: false, speed: 1, scrubbing: false,
    logFilters: url.logFilters ?? NO_FILTERS,
    lens: url.lens ?? true,
    follow: url.follow ?? false,
  };
  probe.timings.index = performance.now();
  let mounted = mount(mi, mi2, rec, initial);
  // The first frame is up; `ready` (what tests wait for before pressing keys) once the lens's runs and the lane are in too.
  probe.timings.ready = performance.now();
  // The pickers and the header once the list is in (it may already be); `ready` waits for them too.
  if (list === undefined) {
    try {
      summary = header(await listed);
    } catch (err) {
      toast(`cannot list recordings: ${(err as Error).message}`, true);
    }
  }
  await mounted.loaded;
  probe.timings.loaded = performance.now();
  probe.ready = true;
  document.body.dataset.ready = '1';
  if (live) {
    followLive(rec, mi, (m) => {
      // Rebuilt views for the grown recording; the playhead follows the end unless the user went back.
      const old = mounted.store.state;
      const following = old.seq >= mi.lastSeq;
      const next = new ModelIndex(m);
      const windowAtEnd = old.t1 >= mi.endTime - 1;
      const state: ViewState = {
        ...old,
        ...(following ? { seq: next.lastSeq, timeMs: next.timeOf(next.lastSeq) } : {}),
        t1: windowAtEnd ? Math.max(next.endTime, 1) : old.t1,
        playing: false,
        scrubbing: false,
      };
      mounted.dispose();
      mi = next;
      mounted = mount(mi, undefined, rec, state);
      if (old.playing) mounted.store.set({ playing: true });
      probe.live = { updates: (probe.live?.updates ?? 0) + 1, following, lastSeq: mi.lastSeq };
      return following;
    }, () => mounted.store.state.scrubbing, (text) => ($('#recording-info').textContent = text), toast);
  }
  // Big recordings are not hash-checked for the list; check this one now, after the first frame.
  // Three seconds on, so the hashing (~0.7 s of server CPU for 100,000 events) never slows the opening itself.
  if (summary !== undefined && summary.chainVerified === null && summary.error === undefined) {
    $('#recording-info').textContent = info(summary).replace('chain not checked yet', 'checking the hash chain…');
    window.setTimeout(() => {
      api.verify(rec).then(
        (v) => ($('#recording-info').textContent = info({ ...summary, chainVerified: v.chainVerified })),
        (err: Error) => toast(err.message, true),
      );
    }, 3000);
  }
}

void boot();
