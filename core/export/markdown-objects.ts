import { kindInfo } from '../api/kinds.js';
import type { Replay } from '../replay/replay.js';
import { toTable } from '../printers/tables.js';
import { clusterClock, type EpochMs } from '../sim/time.js';
import { markdownTable } from './markdown-table.js';

/**
 * Kinds a report leaves out of its object tables: bookkeeping every cluster writes all
 * the time (heartbeats, Events, endpoint lists, revision history) that would bury the
 * workloads. They still appear in the timeline and the chains.
 */
const BOOKKEEPING = new Set(['Event', 'Lease', 'EndpointSlice', 'Endpoints', 'ControllerRevision', 'ConfigMap', 'Secret', 'ServiceAccount', 'Namespace', 'PriorityClass', 'StorageClass']);

/** The kinds a chapter wrote to (seqs fromSeq..toSeq) in namespace default or cluster-wide (what the tables show), bookkeeping left out, in first-written order. */
export function kindsWritten(replay: Replay, fromSeq: number, toSeq: number): string[] {
  const kinds = new Set<string>();
  for (let s = Math.max(1, fromSeq); s <= Math.min(replay.lastSeq, toSeq); s++) {
    const { kind, namespace } = replay.index.parseKey(replay.index.keyOf(s));
    if (!BOOKKEEPING.has(kind) && kindInfo(kind) !== undefined && (namespace === null || namespace === 'default')) kinds.add(kind);
  }
  return [...kinds];
}

/**
 * `kubelapse get <kind> --seq <seq>` as markdown tables, one a kind: the columns of
 * core/printers (upstream's kubectl printers), namespaced kinds in `default` as kubectl
 * shows them without -n, ages against the cluster clock at that seq.
 */
export function objectTables(replay: Replay, seq: number, kinds: readonly string[], epoch: EpochMs | undefined): string {
  const nowMs = seq === 0 ? 0 : replay.index.timeOf(seq);
  const clock = clusterClock(epoch, () => nowMs);
  const parts: string[] = [];
  for (const kind of kinds) {
    const info = kindInfo(kind);
    if (info === undefined) continue;
    const objects = replay.stateAt(seq, { kinds: [kind], namespace: info.namespaced ? 'default' : null });
    const title = `**${info.resource}**${info.namespaced ? ' (namespace default)' : ''}`;
    if (objects.length === 0) {
      parts.push(`${title}: none`);
      continue;
    }
    const table = toTable(kind, objects, clock);
    parts.push(`${title}\n\n${markdownTable(table.columns, table.rows)}`);
  }
  return parts.join('\n\n');
}
