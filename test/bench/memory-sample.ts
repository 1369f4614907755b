/**
 * Where the process's resident memory is, at one moment: the scale bench's (kwok-scale.ts)
 * breakdown of its peak RSS. All figures in MiB (2^20 bytes, as `maxRssMB`).
 *
 * - the simulation thread's V8 heap: committed (`heapTotal`) and used, and by space (the
 *   young generation is `new_space`; `old_space` and `large_object_space` hold what
 *   survived);
 * - `external`: memory V8 knows is held outside its heap (Buffers, ArrayBuffers: the
 *   recorder's batch being filled);
 * - the recorder worker's own heap and external memory (append-worker.ts publishes them
 *   after each batch), and the batches handed to it and not yet committed;
 * - `rest`: the RSS less all of the above (the batch buffers counted once). It is malloc (SQLite's page caches, V8's own
 *   off-heap work lists and compiler zones, libuv) and the mapped binary; `rssFileMB`
 *   (file-backed pages: node's binary and shared libraries) is the part of it that is not
 *   allocated memory.
 * Reading /proc/self/status costs ~50 us: fine every 5 virtual s.
 */
import fs from 'node:fs';
import v8 from 'node:v8';

export interface MemorySample {
  phase: string;
  tS: number;
  rssMB: number;
  rssAnonMB: number;
  rssFileMB: number;
  heapTotalMB: number;
  heapUsedMB: number;
  /** space name -> [committed, used] MiB */
  spaces: Record<string, [number, number]>;
  externalMB: number;
  arrayBuffersMB: number;
  workerHeapTotalMB: number;
  workerHeapUsedMB: number;
  workerExternalMB: number;
  inFlightBatches: number;
  inFlightMB: number;
  fillingMB: number;
  /** every batch buffer not yet freed, counted once (see memorySample) */
  buffersMB: number;
  restMB: number;
}

export interface RecorderMemory {
  inFlightBatches: number;
  inFlightBytes: number;
  spareBytes: number;
  workerHeapTotal: number;
  workerHeapUsed: number;
  workerExternal: number;
  fillingBytes: number;
}

const mib = (n: number): number => Math.round(n / 1048576);

/** kB figures of /proc/self/status (Linux); zero elsewhere. */
function procStatus(): { anon: number; file: number } {
  try {
    const text = fs.readFileSync('/proc/self/status', 'latin1');
    const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
    return { anon: kb('RssAnon'), file: kb('RssFile') + kb('RssShmem') };
  } catch {
    return { anon: 0, file: 0 };
  }
}

export function memorySample(phase: string, tMs: number, rec: RecorderMemory | undefined): MemorySample {
  const m = process.memoryUsage();
  const st = procStatus();
  const spaces: Record<string, [number, number]> = {};
  for (const s of v8.getHeapSpaceStatistics()) {
    if (s.space_size > 0) spaces[s.space_name.replace(/_space$/, '')] = [mib(s.space_size), mib(s.space_used_size)];
  }
  // The main thread's allocator counts every batch buffer it made (`arrayBuffers`) until
  // the thread holding it collects it: the one being filled, those in flight, and those
  // the worker has committed but not yet collected (its `external`). Counted once: the
  // larger of the main's figure and the parts'.
  const buffers = Math.max(m.arrayBuffers, (rec?.fillingBytes ?? 0) + (rec?.spareBytes ?? 0) + Math.max(rec?.inFlightBytes ?? 0, rec?.workerExternal ?? 0));
  const otherExternal = Math.max(0, m.external - m.arrayBuffers);
  return {
    phase,
    tS: tMs / 1000,
    rssMB: mib(m.rss),
    rssAnonMB: Math.round(st.anon / 1024),
    rssFileMB: Math.round(st.file / 1024),
    heapTotalMB: mib(m.heapTotal),
    heapUsedMB: mib(m.heapUsed),
    spaces,
    externalMB: mib(m.external),
    arrayBuffersMB: mib(m.arrayBuffers),
    workerHeapTotalMB: mib(rec?.workerHeapTotal ?? 0),
    workerHeapUsedMB: mib(rec?.workerHeapUsed ?? 0),
    workerExternalMB: mib(rec?.workerExternal ?? 0),
    inFlightBatches: rec?.inFlightBatches ?? 0,
    inFlightMB: mib(rec?.inFlightBytes ?? 0),
    fillingMB: mib(rec?.fillingBytes ?? 0),
    buffersMB: mib(buffers),
    restMB: mib(m.rss - m.heapTotal - (rec?.workerHeapTotal ?? 0) - buffers - otherExternal),
  };
}
