/**
 * Child process of the benchmark (section 8): every export format on a ~100,000-event
 * recording (a 1,000-replica Deployment on 40 nodes rolled until 100,000 events, the
 * viewer benchmark's recording), against reading the recording's events alone in the
 * same run. Prints one JSON line: { events, readMs, formats: [{ name, ms, bytes, detail }] }.
 * Usage: node dist/test/bench/export.js [recording.db] (made when missing).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMATS } from '../../core/export/formats.js';
import { Recording } from '../../core/record/recording.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-export-bench-'));
const db = process.argv[2] ?? path.join(dir, 'export-bench.db');
if (!fs.existsSync(db)) {
  execFileSync(process.execPath, [path.join(here, 'viewer-recording.js'), db, '1000', '40', '100000'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
/** Formats whose cost is not the recording's (video renders frames for minutes): skipped unless named in KUBELAPSE_BENCH_EXPORT. */
const only = process.env.KUBELAPSE_BENCH_EXPORT?.split(',');
const rec = Recording.open(db);
try {
  // The baseline: every row read and its object parsed, which every export does at least.
  let t = performance.now();
  let events = 0;
  for (const e of rec.events()) {
    JSON.parse(e.object);
    events++;
  }
  const readMs = performance.now() - t;
  const formats: Array<{ name: string; ms: number; bytes: number; detail: string }> = [];
  for (const f of FORMATS) {
    if (only !== undefined ? !only.includes(f.name) : ['video', 'gif'].includes(f.name)) continue;
    const out = path.join(dir, `bench${f.extension}`);
    t = performance.now();
    const s = await f.write(rec, out, { name: 'export-bench' });
    formats.push({ name: f.name, ms: performance.now() - t, bytes: s.bytes, detail: s.detail });
    fs.rmSync(out, { force: true });
  }
  process.stdout.write(JSON.stringify({ events, readMs, formats }) + '\n');
} finally {
  rec.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
