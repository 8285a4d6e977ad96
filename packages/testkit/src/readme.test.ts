import { readFileSync, rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { contractSeed } from '@pymm/eventlog/testing';

let dir: string | null = null;
afterAll(() => {
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
});

it('the README example is the file the test runs, and does what the README says', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme.example.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
  const { result, counterexampleDir } = await import('./readme.example.js');
  dir = counterexampleDir;
  const file = `no-pool-ever-becomes-full.seed${contractSeed()}.pymmlog`;
  const expected = {
    shrunkTo: ['Malloc', 'Malloc', 'Malloc'],
    logFile: file,
    lastLine: `counterexample log: DIR/${file} (open it with: pymm show DIR/${file} --at 8, pymm verify DIR/${file})`,
  };
  expect(result).toEqual(expected);
  // the README states the result for the default seed
  const atDefaultSeed = JSON.stringify(expected).replaceAll(`seed${contractSeed()}`, 'seed20261127');
  const stated = JSON.parse(atDefaultSeed) as typeof expected;
  expect(readme).toContain(
    `\`result\` is \`{ shrunkTo: ['Malloc', 'Malloc', 'Malloc'], logFile: '${stated.logFile}', lastLine: '${stated.lastLine}' }\``,
  );
});
