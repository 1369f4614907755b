/**
 * Child process of the audit-import benchmark: reads one audit log through
 * readAuditInputs with a counting sink and reports wall time and peak RSS, alone so that
 * the RSS is the reader's own. (The pipeline, ImportWriter, is not on this branch yet:
 * the figure is the reader's.)
 */
import { readAuditInputs } from '../../core/import/audit/read-audit.js';

const [file = 'audit.log'] = process.argv.slice(2);
const started = process.hrtime.bigint();
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
  },
  failure: () => undefined,
  skipped: () => undefined,
});
const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
console.log(JSON.stringify({ lines: summary.lines, writes, partial, reads: summary.reads, outOfOrder, skipped: summary.skipped, wallMs, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
