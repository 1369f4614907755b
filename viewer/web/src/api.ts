import type { CompareModel } from '../../shared/compare-model.js';
import type { AnnotationModel, ChainModel, ChangeModel, EventDetail, EventSummary, PodLogsModel, PodsAnswer, ProxyModel, RecordingSummary, StoryModel } from '../../shared/model.js';

/** A failed API call, with the server's message ("recording \"x\" not found in recordings"). */
export class ApiError extends Error {}

/**
 * Where every request of the viewer goes: the server (fetch, the default) or, in an html
 * export opened from disk, the recording embedded in the page (offline/offline-main.ts
 * installs one before the viewer boots). Paths and JSON shapes are the server's.
 */
export interface Transport {
  get(path: string): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
}

let transport: Transport | undefined;

export function useTransport(t: Transport): void {
  transport = t;
}

/** True in an html export: no server behind the page (permalinks go in the #fragment, compare and notes are off). */
export function isOffline(): boolean {
  return transport !== undefined;
}

/** An answer whose body is already parsed: what index.html's inline script makes of the model's. */
interface Parsed {
  ok: boolean;
  status: number;
  statusText: string;
  body: unknown;
}

async function get<T>(path: string, early?: Promise<Response>, parsed?: Promise<Parsed>): Promise<T> {
  if (transport !== undefined) return (await transport.get(path)) as T;
  const answer = parsed ?? (early ?? fetch(path)).then(async (res) => ({ ok: res.ok, status: res.status, statusText: res.statusText, body: await res.json().catch(() => ({})) }));
  const { ok, status, statusText, body } = await answer;
  if (!ok) throw new ApiError((body as { error?: { message?: string } }).error?.message ?? `${status} ${statusText}`);
  return body as T;
}

const rec = (name: string): string => `/api/recordings/${encodeURIComponent(name)}`;

interface Early {
  list?: Promise<Response>;
  model?: { rec: string; res: Promise<Parsed> };
}

/** The list request index.html's inline script sent before the bundle loaded, taken once. */
function earlyList(): Promise<Response> | undefined {
  const early = (globalThis as unknown as { __kubelapseEarly?: Early }).__kubelapseEarly;
  const res = early?.list;
  if (early !== undefined) delete early.list;
  return res;
}

/** The model index.html's inline script asked for (and parsed) before the bundle loaded, taken once by the first ask for that recording's model. */
function earlyModel(name: string): Promise<Parsed> | undefined {
  const early = (globalThis as unknown as { __kubelapseEarly?: Early }).__kubelapseEarly;
  if (early?.model === undefined || early.model.rec !== name) return undefined;
  const res = early.model.res;
  delete early.model;
  return res;
}

export const api = {
  list: () => get<{ dir: string; recordings: RecordingSummary[] }>('/api/recordings', earlyList()),
  model: (name: string) => get<StoryModel>(`${rec(name)}/model`, undefined, earlyModel(name)),
  /** The story lens's noise runs and the kube-proxy lane: not in the model, asked for once the first frame is up. */
  noise: (name: string) => get<{ runs: Array<[number, number]> }>(`${rec(name)}/noise`),
  proxy: (name: string) => get<{ proxy: ProxyModel | null }>(`${rec(name)}/proxy`),
  events: (name: string, q: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
    return get<{ events: EventSummary[]; nextOffset: number | null }>(`${rec(name)}/events?${p}`);
  },
  event: (name: string, seq: number) => get<EventDetail>(`${rec(name)}/events/${seq}`),
  diff: (name: string, from: number, to: number) => get<{ from: number | null; to: number; changes: ChangeModel[] }>(`${rec(name)}/diff?from=${from}&to=${to}`),
  search: (name: string, q: Record<string, string | number>) =>
    get<{ q: string; events: EventSummary[]; nextOffset: number | null; hiddenByLens: number }>(`${rec(name)}/search?${new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)]))}`),
  chain: (name: string, seq: number) => get<ChainModel>(`${rec(name)}/chain/${seq}`),
  actors: (name: string) => get<{ actors: string[] }>(`${rec(name)}/actors`),
  verify: (name: string) => get<{ name: string; chainVerified: boolean | null }>(`${rec(name)}/verify`),
  logs: (name: string, seq: number) => get<PodLogsModel>(`${rec(name)}/logs?seq=${seq}`),
  /** One node's or one owner's pods at a seq, with their tracks: an aggregated recording's model has none (aggregate-model.ts). */
  pods: (name: string, by: { node: string } | { owner: string }, at: number) =>
    get<PodsAnswer>(`${rec(name)}/pods?${new URLSearchParams({ ...by, at: String(at) })}`),
  compare: (a: string, b: string) => get<CompareModel>(`${rec(a)}/compare/${encodeURIComponent(b)}`),
  annotations: (name: string) => get<{ annotations: AnnotationModel[] }>(`${rec(name)}/annotations`),
  async annotate(name: string, note: { seq: number; text: string; author?: string }): Promise<AnnotationModel> {
    if (transport !== undefined) return (await transport.post(`${rec(name)}/annotations`, note)) as AnnotationModel;
    const res = await fetch(`${rec(name)}/annotations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(note) });
    const body = (await res.json().catch(() => ({}))) as AnnotationModel & { error?: { message?: string } };
    if (!res.ok) throw new ApiError(body.error?.message ?? `${res.status} ${res.statusText}`);
    return body;
  },
};
