/** Exit codes, documented in the README. */
export const EXIT_OK = 0;
/** An expectation failed, a chain did not verify, an object was not found. */
export const EXIT_FAILED = 1;
/** Bad input: a malformed scenario, a missing file, a bad flag. */
export const EXIT_BAD_INPUT = 2;
/** kubelapse itself went wrong (a runaway simulation, a bug). */
export const EXIT_INTERNAL = 3;

/** Bad input found by a command, reported as `kubelapse <cmd>: <message>` with exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
