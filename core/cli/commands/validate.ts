import { loadScenario } from '../../scenario/parse.js';
import { formatDuration } from '../../scenario/duration.js';
import { describeEstimate, estimateRun } from '../../scenario/estimate.js';
import { EXIT_OK } from '../exit.js';

/** Parses scenarios without running them: every problem, with file:line:col and path; the size of a big run. */
export function validateCommand(files: string[], out: (line: string) => void): number {
  for (const file of files) {
    const s = loadScenario(file);
    const estimate = describeEstimate(estimateRun(s));
    out(
      `${file}: ok: ${s.name}, ${s.nodes.length} nodes, ${s.steps.length} steps, ${s.expectations.length} expectations, ${formatDuration(s.durationMs)}` +
        (estimate === undefined ? '' : ` (${estimate})`),
    );
  }
  return EXIT_OK;
}
