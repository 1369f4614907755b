import { ApiError, type StatusCause } from '../status.js';
import type { ConflictMap } from './update.js';
import { parseManagerId } from './managed.js';
import { pathString } from './path-element.js';

/** printManager: `"kubectl-client-side-apply" using apps/v1`, `"kubectl" with subresource "scale" using apps/v1`. */
export function printManager(id: string): string {
  let info: { manager?: string; operation?: string; apiVersion?: string; subresource?: string };
  try {
    info = parseManagerId(id);
  } catch {
    return JSON.stringify(id);
  }
  let s = JSON.stringify(info.manager ?? '');
  if (info.subresource !== undefined && info.subresource !== '') s += ` with subresource ${JSON.stringify(info.subresource)}`;
  if (info.operation === 'Update') s += ` using ${info.apiVersion ?? ''}`;
  return s;
}

/**
 * NewConflictError: 409 Conflict, one cause per conflicting field (FieldManagerConflict),
 * and upstream's message: `Apply failed with 1 conflict: conflict with "kubectl" with
 * subresource "scale" using apps/v1: .spec.replicas`, or for several, one line per
 * manager (sorted) and `- path` per field below it.
 */
export function conflictError(conflicts: ConflictMap): ApiError {
  const list: Array<{ manager: string; path: string }> = [];
  for (const id of [...conflicts.keys()].sort()) {
    for (const p of conflicts.get(id)?.paths() ?? []) list.push({ manager: id, path: pathString(p) });
  }
  let message: string;
  if (list.length === 1) {
    const c = list[0] as { manager: string; path: string };
    message = `Apply failed with 1 conflict: conflict with ${printManager(c.manager)}: ${c.path}`;
  } else {
    const lines: string[] = [];
    let last = '';
    for (const c of list) {
      if (c.manager !== last) lines.push(`conflicts with ${printManager(c.manager)}:`);
      last = c.manager;
      lines.push(`- ${c.path}`);
    }
    message = `Apply failed with ${list.length} conflicts: ${lines.join('\n')}`;
  }
  const causes: StatusCause[] = list.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.manager)}`, field: c.path }));
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Conflict', details: { causes }, code: 409 });
}
