import { describe, type ParseContext } from './parse-context.js';
import type { PathPart } from './source.js';
import { suggest } from './suggest.js';
import { FAULT_TYPES, type FaultSpec, type StepAction } from './types.js';

/** A fault step: its type, what it needs (node, pod, probe, duration), and nothing else. */
export function parseFault(ctx: ParseContext, value: unknown, at: PathPart[]): StepAction | undefined {
  const m = ctx.map(value, at, 'a mapping {type, node | pod, ...}');
  if (m === undefined) return undefined;
  ctx.keys(m, at, ['type', 'node', 'pod', 'namespace', 'container', 'probe', 'duration']);
  const type = m.type as FaultSpec['type'];
  if (!FAULT_TYPES.includes(type)) {
    const hint = typeof m.type === 'string' ? suggest(m.type, FAULT_TYPES) : undefined;
    ctx.problem([...at, 'type'], `unknown fault type ${describe(m.type)}${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of: ${FAULT_TYPES.join(', ')}`);
    return undefined;
  }
  const needs: Record<FaultSpec['type'], string[]> = {
    'node-down': ['node'],
    'node-up': ['node'],
    'add-node': ['node'],
    'remove-node': ['node'],
    'pod-kill': ['pod'],
    'container-crash': ['pod'],
    'probe-fail': ['pod', 'probe', 'duration'],
  };
  let ok = true;
  for (const key of needs[type]) {
    if (m[key] === undefined) {
      ctx.problem(at, `${key}: required for a ${type} fault`);
      ok = false;
    }
  }
  if (m.probe !== undefined && !['liveness', 'readiness', 'startup'].includes(String(m.probe))) {
    ctx.problem([...at, 'probe'], `unknown probe ${describe(m.probe)}: liveness, readiness or startup`);
    ok = false;
  }
  const durationMs = m.duration === undefined ? undefined : ctx.duration(m.duration, [...at, 'duration']);
  if (!ok) return undefined;
  const fault: FaultSpec = { type, namespace: typeof m.namespace === 'string' ? m.namespace : 'default' };
  if (m.node !== undefined) fault.node = String(m.node);
  if (m.pod !== undefined) fault.pod = String(m.pod);
  if (m.container !== undefined) fault.container = String(m.container);
  if (m.probe !== undefined) fault.probe = m.probe as FaultSpec['probe'];
  if (durationMs !== undefined) fault.durationMs = durationMs;
  return { type: 'fault', fault };
}
