/** Debian's chromium, as CI installs it (.ci/run). */
export const CHROMIUM = process.env.KUBELAPSE_CHROMIUM ?? '/usr/bin/chromium';

/** How every test launches it: headless, no sandbox (root in CI), no GPU, no network of its own. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'];

/** Where test/shared-browser.ts leaves the shared chromium's websocket for the test files. */
export const SHARED_BROWSER_ENV = 'KUBELAPSE_TEST_BROWSER_WS';
