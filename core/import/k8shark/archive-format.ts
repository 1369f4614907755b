import { createHash } from 'node:crypto';
import { decompress } from 'fzstd';
import { K8sharkError } from './k8shark-error.js';
import type { ZipReader } from './zip-reader.js';

/**
 * The parts of k8shark's archive format (docs/archive-format.md, format_version 1 and 2)
 * this reader relies on: the `k8shark-capture/` tree, metadata.json in plain JSON, the
 * zstd JSON index and watch index (a bare path map in version 1, wrapped under
 * `entries` in version 2), and records at records/<sha256(apiPath)[:16]>/<seq>.json.zst.
 * Unknown fields and members are ignored, as the format's evolution rules ask.
 */
export const ROOT = 'k8shark-capture/';
/** The newest format_version read here; a newer archive is refused, not mis-read. */
export const MAX_FORMAT_VERSION = 2;

export interface CaptureMetadata {
  formatVersion: number;
  captureId: string | null;
  capturedAt: string;
  capturedUntil: string | null;
  kubernetesVersion: string | null;
  serverAddress: string | null;
  recordCount: number | null;
}

/** One path's poll responses (index.json) or watch events (watch-index.json): parallel arrays. */
export interface PathIndex {
  apiPath: string;
  seqs: number[];
  times: string[];
  /** watch index only: ADDED | MODIFIED | DELETED per seq */
  eventTypes: string[] | null;
}

/** A record file as k8shark writes it. */
export interface CaptureRecord {
  id?: string;
  captured_at?: string;
  api_path?: string;
  event_type?: string;
  http_method?: string;
  response_code?: number;
  response_body?: unknown;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export async function readMetadata(zip: ZipReader, file: string): Promise<CaptureMetadata> {
  if (!zip.has(`${ROOT}metadata.json`)) throw new K8sharkError(`${file}: not a k8shark archive (no ${ROOT}metadata.json in the ZIP)`);
  let m: Record<string, unknown>;
  try {
    m = JSON.parse((await zip.read(`${ROOT}metadata.json`)).toString('utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new K8sharkError(`${file}: ${ROOT}metadata.json is not readable JSON (${(err as Error).message})`);
  }
  if (m === null || typeof m !== 'object') throw new K8sharkError(`${file}: ${ROOT}metadata.json is not an object`);
  // Archives from before the field existed are version 1 (structurally identical).
  const version = m.format_version === undefined ? 1 : m.format_version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new K8sharkError(`${file}: invalid k8shark format_version ${JSON.stringify(version)} in metadata.json`);
  }
  if (version > MAX_FORMAT_VERSION) {
    throw new K8sharkError(`${file}: k8shark format_version ${version} is newer than this kubelapse reads (1 to ${MAX_FORMAT_VERSION}); upgrade kubelapse`);
  }
  const capturedAt = str(m.captured_at);
  if (capturedAt === null) throw new K8sharkError(`${file}: metadata.json has no captured_at: the capture's start is unknown`);
  return {
    formatVersion: version,
    captureId: str(m.capture_id),
    capturedAt,
    capturedUntil: str(m.captured_until),
    kubernetesVersion: str(m.kubernetes_version),
    serverAddress: str(m.server_address),
    recordCount: typeof m.record_count === 'number' ? m.record_count : null,
  };
}

/** A zstd-compressed JSON member. */
export async function readZstdJson(zip: ZipReader, name: string): Promise<unknown> {
  const packed = await zip.read(name);
  const text = Buffer.from(decompress(new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength))).toString('utf8');
  return JSON.parse(text) as unknown;
}

/** index.json.zst or watch-index.json.zst: both shapes (bare map, or under `entries`). */
export async function readPathIndex(zip: ZipReader, file: string, member: 'index.json.zst' | 'watch-index.json.zst'): Promise<PathIndex[]> {
  if (!zip.has(ROOT + member)) {
    if (member === 'index.json.zst') throw new K8sharkError(`${file}: not a k8shark archive (no ${ROOT}index.json.zst)`);
    return []; // no watch index: captured without watch: true
  }
  let raw: unknown;
  try {
    raw = await readZstdJson(zip, ROOT + member);
  } catch (err) {
    throw new K8sharkError(`${file}: ${ROOT}${member} is not readable zstd JSON (${(err as Error).message})`);
  }
  const obj = raw as Record<string, unknown> | null;
  const map = (obj !== null && typeof obj === 'object' && typeof obj.entries === 'object' && obj.entries !== null ? obj.entries : obj) as Record<string, unknown> | null;
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw new K8sharkError(`${file}: ${ROOT}${member} is not a map of API paths`);
  const out: PathIndex[] = [];
  for (const [key, value] of Object.entries(map)) {
    const v = value as Record<string, unknown> | null;
    if (v === null || typeof v !== 'object' || !Array.isArray(v.seqs) || !Array.isArray(v.times)) {
      throw new K8sharkError(`${file}: ${ROOT}${member}: entry ${JSON.stringify(key)} has no seqs/times arrays`);
    }
    out.push({
      apiPath: typeof v.api_path === 'string' ? v.api_path : key,
      seqs: v.seqs as number[],
      times: v.times as string[],
      eventTypes: Array.isArray(v.event_types) ? (v.event_types as string[]) : null,
    });
  }
  return out;
}

/** records/<first 16 hex of SHA-256(apiPath)>/<seq>.json.zst */
export function recordMember(apiPath: string, seq: number): string {
  return `${ROOT}records/${createHash('sha256').update(apiPath).digest('hex').slice(0, 16)}/${seq}.json.zst`;
}
