import { IndexBuildError, indexRecording } from '../../record/object-index.js';
import { EXIT_OK, UsageError } from '../exit.js';
import { outputProblem } from '../output-problem.js';
import { wallNow } from '../wall-clock.js';

/**
 * `kubelapse index <recording>`: builds the object index a run makes at its seal, for a
 * recording whose run never got there (SIGKILL, the OOM killer, a Ctrl-C with no waiting
 * parent: KUBELAPSE_SEMI_SPACE=0), and folds a -wal left beside it back into the file.
 * Never a row, the chain or the seal: `verify` says the same before and after, but for
 * the index. A refusal is one line, exit 2, and leaves the file as it was.
 */
export function indexCommand(file: string, out: (line: string) => void): number {
  const started = wallNow();
  let result: ReturnType<typeof indexRecording>;
  try {
    result = indexRecording(file);
  } catch (err) {
    if (!(err instanceof IndexBuildError)) throw err;
    throw new UsageError(refusal(file, err));
  }
  const seconds = ((wallNow() - started) / 1000).toFixed(2);
  const did = result.built ? `built the object index over ${result.events} events in ${seconds} s` : 'already indexed';
  out(`${file}: ${did}${result.folded ? `; folded ${file}-wal back into the file` : ''}`);
  return EXIT_OK;
}

function refusal(file: string, err: IndexBuildError): string {
  const what = err.step === 'index' ? `cannot index recording ${file}` : `cannot fold ${file}-wal back into ${file}`;
  if (err.code.startsWith('SQLITE_BUSY') || err.code.startsWith('SQLITE_LOCKED')) {
    return `${what}: another process has it open (a run or \`live\` writing it, or a viewer reading it); try again once it has closed`;
  }
  const why = err.code === 'EACCES' || err.code === 'EPERM' ? 'the file is not writable (permission denied)' : outputProblem(err) ?? `${err.message.replace(/^.*: /, '')} (${err.code})`;
  // The index is rolled back whole; a cut-short checkpoint leaves its pages in the -wal.
  const kept = err.step === 'index' ? 'the recording is unchanged' : `the recording is whole as it is: keep ${file}-wal beside it`;
  return `${what}: ${why}; ${kept}`;
}
