import { parseQuantity } from '../api/quantity.js';
import { DEFAULT_EVICTION, type EvictionConfig } from '../kubelet/eviction-config.js';
import { describe, type ParseContext } from './parse-context.js';
import type { PathPart } from './source.js';

const SIGNAL = 'memory.available';

/**
 * spec.cluster.kubelet: every node's eviction settings, named as KubeletConfiguration
 * names them (only the memory.available signal is modeled):
 *   kubelet:
 *     evictionHard: {memory.available: 200Mi}          default 100Mi
 *     evictionSoft: {memory.available: 500Mi}
 *     evictionSoftGracePeriod: {memory.available: 30s} required with evictionSoft
 *     evictionPressureTransitionPeriod: 1m             default 5m
 *     evictionMaxPodGracePeriod: 10                    seconds, default 0
 * The hard threshold also sets each node's allocatable memory (capacity - evictionHard).
 */
export function parseKubeletConfig(ctx: ParseContext, value: unknown): EvictionConfig | undefined {
  if (value === undefined) return undefined;
  const at: PathPart[] = ['spec', 'cluster', 'kubelet'];
  const k = ctx.map(value, at, 'a mapping of kubelet settings');
  if (k === undefined) return undefined;
  ctx.keys(k, at, ['evictionHard', 'evictionSoft', 'evictionSoftGracePeriod', 'evictionPressureTransitionPeriod', 'evictionMaxPodGracePeriod']);
  const signal = (key: string, parse: (v: unknown, p: PathPart[]) => number | undefined): number | undefined => {
    const m = k[key];
    if (m === undefined) return undefined;
    const p = [...at, key];
    const map = ctx.map(m, p, `a mapping like {${SIGNAL}: ...}`);
    if (map === undefined) return undefined;
    ctx.keys(map, p, [SIGNAL]);
    return map[SIGNAL] === undefined ? undefined : parse(map[SIGNAL], [...p, SIGNAL]);
  };
  const quantity = (v: unknown, p: PathPart[]): number | undefined => {
    const q = parseQuantity(typeof v === 'number' ? v : String(v));
    if (q === undefined) ctx.problem(p, `invalid quantity ${JSON.stringify(v)} (e.g. 100Mi)`);
    return q;
  };
  const out: EvictionConfig = { ...DEFAULT_EVICTION };
  out.hardMemoryBytes = signal('evictionHard', quantity) ?? out.hardMemoryBytes;
  const soft = signal('evictionSoft', quantity);
  const grace = signal('evictionSoftGracePeriod', (v, p) => ctx.duration(v, p));
  if (soft !== undefined && grace === undefined) ctx.problem([...at, 'evictionSoftGracePeriod'], `evictionSoft ${SIGNAL} needs a grace period here (e.g. {${SIGNAL}: 30s})`);
  if (soft !== undefined) out.soft = { memoryBytes: soft, gracePeriodMs: grace ?? 0 };
  if (k.evictionPressureTransitionPeriod !== undefined) out.pressureTransitionMs = ctx.duration(k.evictionPressureTransitionPeriod, [...at, 'evictionPressureTransitionPeriod']) ?? out.pressureTransitionMs;
  const maxGrace = k.evictionMaxPodGracePeriod;
  if (maxGrace !== undefined) {
    if (typeof maxGrace !== 'number' || !Number.isInteger(maxGrace) || maxGrace < 0) ctx.problem([...at, 'evictionMaxPodGracePeriod'], `expected whole seconds (e.g. 30), got ${describe(maxGrace)}`);
    else out.maxPodGracePeriodSeconds = maxGrace;
  }
  return out;
}
