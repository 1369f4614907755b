#!/usr/bin/env node
// The `kubelapse` command: runs the compiled CLI from dist/ (built by `npm install`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
// The commands that simulate into a recording run in a child node with a larger young
// generation (core/cli/young-generation.ts: V8 sizes it only at start); this process waits.
const args = process.argv.slice(2);
if (args[0] === 'run') {
  const young = await import(new URL('../dist/core/cli/young-generation.js', import.meta.url).href);
  // A signal that ended the child left its recording unsealed: index what it kept (core/cli/interrupted-run.ts).
  const { interruptedRunIndexer } = await import(new URL('../dist/core/cli/interrupted-run.js', import.meta.url).href);
  const afterSignal = interruptedRunIndexer(args, (line) => process.stderr.write(line));
  await young.inYoungGeneration(fileURLToPath(import.meta.url), args, `kubelapse ${args[0]}`, afterSignal);
}
const { main } = await import(entry.href);
process.exitCode = await main(args);
