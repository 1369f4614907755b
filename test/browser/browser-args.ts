/** Debian's chromium and how every test launches it: the flags the video export uses too. */
export { CHROMIUM, CHROMIUM_ARGS } from '../../core/export/chromium.js';

/** Where test/shared-browser.ts leaves the shared chromium's websocket for the test files. */
export const SHARED_BROWSER_ENV = 'KUBELAPSE_TEST_BROWSER_WS';
