#!/usr/bin/env node
// The `kubelapse` command: runs the compiled CLI from dist/ (built by `npm install`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/core/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('kubelapse: not built yet: run `npm install` (or `npm run build`) in the kubelapse checkout\n');
  process.exit(2);
}
process.stdout.on('error', (err) => {
  // `kubelapse events big.db | head` closes the pipe early: that is not an error.
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
