#!/usr/bin/env node
// The pymm command. Runs the compiled CLI (apps/cli/dist); `pnpm build` makes it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('pymm: the CLI is not built yet; run `pnpm install && pnpm build` in the checkout first\n');
  process.exit(2);
}
// `pymm ... | head`: a closed pipe ends the output quietly, as it does for other tools
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); throw e; });
}
const { main } = await import(entry.href);
const code = await main(process.argv.slice(2));
// Exit as soon as what was written is out, rather than letting the event loop run dry:
// Node 20 can deadlock in the platform's task drain at the end of a run
// (nodejs/node#54918; seen here in a test that hung for minutes). A write's callback runs
// once it and every write before it reached the pipe, file or terminal.
let pending = 2;
const done = () => { if (--pending === 0) process.exit(code); };
process.stdout.write('', done);
process.stderr.write('', done);
