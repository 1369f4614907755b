/** Debian's chromium, as CI installs it (.ci/run), or KUBELAPSE_CHROMIUM. */
export const CHROMIUM = process.env.KUBELAPSE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * How kubelapse starts it, for the video export and the tests alike: headless, no sandbox
 * (root in CI), no GPU, no network of its own, and none of a fresh profile's first-run,
 * component-update and sync work.
 */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'];
