import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('the README example is the file the test runs, and does what the README says', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme.example.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
  const { result, stats } = await import('./readme.example.js');
  expect(result).toEqual({
    reusedFreedBlock: true,
    nextBlockBytes: 48,
    events: ['ArenaAllocated', 'PoolInitialized', 'BlockAllocated', 'BlockAllocated', 'BlockFreed', 'BlockAllocated'],
  });
  expect(stats).toMatch(/^Small block threshold = 512, in 32 size classes\.\n/);
  expect(stats).toMatch(/\n    2     48           1               2           338\n/);
});
