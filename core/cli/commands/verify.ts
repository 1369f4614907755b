import { Recording } from '../../record/recording.js';
import { verifyRecording } from '../../record/verify.js';
import { EXIT_FAILED, EXIT_OK } from '../exit.js';

export function verifyCommand(file: string, opts: { json?: boolean }, out: (line: string) => void): number {
  const rec = Recording.open(file, { readonly: true });
  try {
    const meta = rec.meta();
    const result = verifyRecording(rec);
    const complete = meta.complete === '1';
    if (opts.json) {
      out(JSON.stringify({ file, ...result, complete, ...(meta.error ? { error: meta.error } : {}) }));
    } else if (result.ok) {
      const state = complete ? 'complete' : `INCOMPLETE: the run did not end cleanly${meta.error ? ` (${meta.error})` : ''}`;
      out(`${file}: ok: ${result.events} events, hash chain intact, head ${result.head}; ${state}`);
    } else {
      const bad = result.firstBad as { seq: number; problem: string };
      out(`${file}: FAILED at seq ${bad.seq}: ${bad.problem}; the ${result.events} events before it verify`);
    }
    return result.ok ? EXIT_OK : EXIT_FAILED;
  } finally {
    rec.close();
  }
}
