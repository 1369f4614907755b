import { EXIT_OK } from './exit.js';

/**
 * stdout written with backpressure: the promise settles once the reader took the text
 * (undefined: nothing to wait for). main.ts's outPaced; `get` and `events` write through it.
 */
export type PacedOut = (text: string) => Promise<void> | undefined;

/**
 * Writes `lines` one after another, each waiting until the reader took the one before
 * (`| jq` on 955 MB queued in this process failed with ENOBUFS), then `close` (the
 * command's recording, which the lines are read from as they go).
 */
export async function writePaced(lines: Iterable<string>, paced: PacedOut, close: () => void): Promise<number> {
  try {
    for (const line of lines) {
      const wait = paced(`${line}\n`);
      if (wait !== undefined) await wait;
    }
    return EXIT_OK;
  } finally {
    close();
  }
}
