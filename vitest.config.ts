import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import PlainSummaryReporter from './test/plain-summary-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    // The viewer's model cache goes to a scratch folder, not the user's ~/.cache.
    env: { KUBELAPSE_CACHE_DIR: path.join(os.tmpdir(), `kubelapse-test-cache-${process.pid}`) },
    hookTimeout: 60_000,
    reporters: ['default', new PlainSummaryReporter()],
  },
});
