/**
 * An archive that cannot be read at all (not a ZIP, not a k8shark capture, a format
 * version from the future, encrypted): one line naming the file and what is wrong.
 * Records that cannot be read inside a good archive are not errors: they are skipped
 * and counted (SkippedInput), so one bad record never costs the rest.
 */
export class K8sharkError extends Error {
  override name = 'K8sharkError';
}
