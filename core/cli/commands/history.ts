import { resolveKind } from '../../api/kinds.js';
import { inferredLabel } from '../../import/infer/rule-labels.js';
import { eventVerb } from '../../printers/event-row.js';
import { Recording } from '../../record/recording.js';
import { diffObjects } from '../../replay/diff.js';
import { objectHistory } from '../../replay/history.js';
import { formatClock } from '../../scenario/duration.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../exit.js';
import { objectName } from './kind-name.js';
import { provenanceText } from './why.js';

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? 'unset' : s.length > 80 ? s.slice(0, 77) + '...' : s;
}

/** Every recorded version of one object, each with what changed since the one before. */
export function historyCommand(file: string, typeArg: string, nameArg: string | undefined, opts: { namespace?: string; json?: boolean }, out: (line: string) => void): number {
  // kubectl's two forms: `pod agent-k54v9` and `pod/agent-k54v9`.
  const [kindWord, name] = objectName('history', typeArg, nameArg);
  const info = resolveKind(kindWord);
  if (info === undefined) throw new UsageError(`the recording has no resource type "${kindWord}"`);
  const rec = Recording.open(file, { readonly: true });
  try {
    const versions = objectHistory(rec, info.kind, info.namespaced ? (opts.namespace ?? 'default') : null, name);
    if (versions.length === 0) {
      process.stderr.write(`no ${info.resource} "${name}" in ${file}\n`);
      return EXIT_FAILED;
    }
    let prev: unknown;
    for (const v of versions) {
      // A create after a delete starts a new life of the name: diff it against nothing.
      const changes = diffObjects(v.verb === 'create' ? undefined : prev, v.object);
      prev = v.object;
      if (opts.json) {
        const c = rec.inferredCause(v.seq);
        const p = rec.provenance(v.seq);
        out(JSON.stringify({ seq: v.seq, timeMs: v.timeMs, verb: v.verb, subresource: v.subresource, actor: v.actor, reason: v.reason, changes, ...(c !== undefined ? { inferredCause: c } : {}), ...(p !== undefined ? { provenance: p } : {}) }));
        continue;
      }
      out(`#${v.seq} ${formatClock(v.timeMs)} ${v.actor} ${eventVerb(v)}${v.reason ? ` (${v.reason})` : ''}`);
      // Imported writes: where each version was read and, when found, its inferred cause.
      const p = rec.provenance(v.seq);
      if (p !== undefined) out(`    ${provenanceText(p)}`);
      const c = rec.inferredCause(v.seq);
      if (c !== undefined) out(`    ${inferredLabel(c.rule, c.delayMs)}: #${c.causeSeq}`);
      if (v.verb === 'create') out(`    created, uid ${v.object.metadata.uid ?? 'unknown'}`);
      else if (v.verb === 'delete') out('    deleted');
      else for (const c of changes) out(`    ${c.path}: ${c.type === 'added' ? `+ ${show(c.to)}` : c.type === 'removed' ? `- ${show(c.from)}` : `${show(c.from)} -> ${show(c.to)}`}`);
    }
    return EXIT_OK;
  } finally {
    rec.close();
  }
}
