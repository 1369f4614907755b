import { loadScenario } from '../../scenario/parse.js';
import { formatDuration } from '../../scenario/duration.js';
import { EXIT_OK } from '../exit.js';

/** Parses scenarios without running them: every problem, with file:line:col and path. */
export function validateCommand(files: string[], out: (line: string) => void): number {
  for (const file of files) {
    const s = loadScenario(file);
    const warnings = s.steps.filter((st) => st.action.type === 'traffic' || st.action.type === 'fault').length;
    out(
      `${file}: ok: ${s.name}, ${s.nodes.length} nodes, ${s.steps.length} steps, ${s.expectations.length} expectations, ${formatDuration(s.durationMs)}` +
        (warnings > 0 ? ` (${warnings} traffic/fault steps are parsed but not simulated yet)` : ''),
    );
  }
  return EXIT_OK;
}
