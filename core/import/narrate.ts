import type { ObservedWrite } from './observed-write.js';

/**
 * reason and message of an imported row. A Kubernetes Event object's row carries that
 * Event's reason and message (as simulated rows do); any other write says what the
 * request was, with the user as the source named it: "patch pods/status web-1 by
 * system:node:node-1" (what was typed at kubectl is not in an audit line). `reason` is
 * left NULL: the simulator's reasons (Scale, SuccessfulCreate) would be guesses.
 */
export function narrate(w: ObservedWrite, object: Record<string, unknown>, actor: string): { reason: string | null; message: string | null } {
  if (w.kind === 'Event') {
    const reason = typeof object.reason === 'string' ? object.reason : null;
    const message = typeof object.message === 'string' ? object.message : typeof object.note === 'string' ? object.note : null;
    return { reason, message };
  }
  const resource = pluralOf(w.kind) + (w.subresource !== null ? `/${w.subresource}` : '');
  const by = w.user ?? actor;
  return { reason: null, message: `${w.verb} ${resource} ${w.namespace !== null ? `${w.namespace}/` : ''}${w.name} by ${by}` };
}

/** The resource name of a kind, as the API names most: Pod -> pods, NetworkPolicy -> networkpolicies, Ingress -> ingresses, Endpoints -> endpoints. */
function pluralOf(kind: string): string {
  const k = kind.toLowerCase();
  if (k.endsWith('ss') || k.endsWith('ch') || k.endsWith('sh') || k.endsWith('x')) return k + 'es';
  if (k.endsWith('s')) return k;
  if (k.endsWith('y') && !/[aeiou]y$/.test(k)) return k.slice(0, -1) + 'ies';
  return k + 's';
}
