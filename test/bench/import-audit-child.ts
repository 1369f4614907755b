/**
 * Child process of the audit-import benchmark: reads one audit log through
 * readAuditInputs and reports wall time, CPU time and peak RSS, alone so that the RSS is
 * the import's own. `reader` counts the writes; `pipeline` hands them to the
 * ImportWriter (actors, inferred causes, provenance, hash chain, SQLite), as
 * `kubelapse import` does.
 */
import fs from 'node:fs';
import { readAuditInputs } from '../../core/import/audit/read-audit.js';
import { ImportWriter } from '../../core/import/import-writer.js';

const [file = 'audit.log', mode = 'reader'] = process.argv.slice(2);
const db = `${file}.db`;
for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true });
const started = process.hrtime.bigint();
const writer = mode === 'pipeline' ? ImportWriter.create(db, { sources: [file], kind: 'audit', keepSecrets: false }) : null;
let writes = 0;
let partial = 0;
let last = 0;
let outOfOrder = 0;
const summary = await readAuditInputs([file], {
  write: (w) => {
    writes++;
    if (w.partial) partial++;
    const key = w.at * 1000 + w.atMicros;
    if (key < last) outOfOrder++;
    last = key;
    writer?.add(w);
  },
  failure: (f) => writer?.addFailure(f),
  skipped: (s) => writer?.skipped(s),
});
const inferred = writer?.close({ complete: true }).inferred ?? 0;
const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
const cpu = process.cpuUsage();
for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true });
console.log(JSON.stringify({ lines: summary.lines, writes, partial, inferred, reads: summary.reads, outOfOrder, skipped: summary.skipped, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
