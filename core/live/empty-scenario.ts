import { defaultNodes } from '../scenario/parse.js';
import type { Scenario } from '../scenario/types.js';

/**
 * A scenario with nodes and nothing else: what `kubelapse live` runs without a
 * scenario file (three 4-CPU nodes), and what the live tests and benchmark start from.
 */
export function emptyScenario(o: { dir: string; name: string; title: string; description?: string; nodes?: number }): Scenario {
  return {
    file: '',
    dir: o.dir,
    name: o.name,
    title: o.title,
    description: o.description ?? '',
    seed: 1,
    durationMs: 0,
    epoch: '',
    nodes: defaultNodes(o.nodes ?? 3),
    cluster: { missingImages: [], nodeGroups: [] },
    steps: [],
    expectations: [],
    inputs: [],
  };
}
