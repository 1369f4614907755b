import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import PlainSummaryReporter from './test/plain-summary-reporter.js';

export default defineConfig({
  test: {
    pool: 'forks',
    // Vitest's default in run mode is one worker fewer than the cores: on the 2-core CI machine that is one
    // file at a time. Many files wait on other processes (chromium, the CLI, kubectl, ffmpeg, real time in
    // live mode): with two workers a 2-core run kept only 1.25 cores busy (12m22s of CPU in 9m55s), so
    // three workers shared the two cores. Three still kept only 1.16 cores busy on a quiet machine (826 s of
    // CPU in 710 s); four: 759 s of CPU in 673 s, the same 2,266 tests passing.
    maxWorkers: Math.max(4, os.availableParallelism() + 2),
    testTimeout: 60_000,
    // The viewer's model cache goes to a scratch folder, not the user's ~/.cache.
    // Shipped scenarios simulated once per run for the viewer and browser tests (test/viewer/fixtures.ts).
    env: { KUBELAPSE_CACHE_DIR: path.join(os.tmpdir(), `kubelapse-test-cache-${process.pid}`), KUBELAPSE_TEST_RECORDINGS: path.join(os.tmpdir(), `kubelapse-test-recordings-${process.pid}`) },
    hookTimeout: 60_000,
    // expect.poll waits for what a user would see next (a scroll, a redraw, a request answered). Its default
    // of 1 s was too short on a loaded 2-core machine: a wheel's smooth-scroll animation in chromium can take
    // longer than that to start (rows.e2e saw scrollTop still at 115 px after 1 s in one CI run). A condition
    // that never comes still fails, later.
    expect: { poll: { timeout: 10_000 } },
    reporters: ['default', new PlainSummaryReporter()],
    // One chromium for the run's browser tests (each file connects to it): see test/shared-browser.ts.
    globalSetup: ['test/shared-browser.ts'],
    // Every file shares its worker's module cache instead of a fresh process and a fresh import of core,
    // express and better-sqlite3 each (`isolate: false`). Measured in one sitting on test/scenario (24 files):
    // 95.8 s of CPU isolated, 66.2 s not; the 143 in-process files earlier: 200 s and 80 s. The files keep no
    // state between them that another reads: each makes its own folders, servers (port 0) and browser pages,
    // and none mocks modules, stubs the environment or changes directory.
    isolate: false,
    // Only the sources: `npm test`'s tsc also emits the tests into dist/.
    include: ['test/**/*.test.ts'],
  },
});
