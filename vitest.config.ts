import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import PlainSummaryReporter from './test/plain-summary-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Vitest's default in run mode is one worker fewer than the cores: on the 2-core CI machine that is one
    // file at a time. Many files wait on other processes (chromium, the CLI, kubectl, ffmpeg, real time in
    // live mode): with two workers a 2-core run kept only 1.25 cores busy (12m22s of CPU in 9m55s), so
    // three workers share the two cores.
    maxWorkers: Math.max(3, os.availableParallelism()),
    testTimeout: 60_000,
    // The viewer's model cache goes to a scratch folder, not the user's ~/.cache.
    // Shipped scenarios simulated once per run for the viewer and browser tests (test/viewer/fixtures.ts).
    env: { KUBELAPSE_CACHE_DIR: path.join(os.tmpdir(), `kubelapse-test-cache-${process.pid}`), KUBELAPSE_TEST_RECORDINGS: path.join(os.tmpdir(), `kubelapse-test-recordings-${process.pid}`) },
    hookTimeout: 60_000,
    reporters: ['default', new PlainSummaryReporter()],
  },
});
