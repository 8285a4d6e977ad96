import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('the README example is the file the test runs, and does what the README says', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme.example.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
  const { result } = await import('./readme.example.js');
  expect(result.liveAtEnd).toBe(50);
  expect(result.liveBeforeFrees).toBe(100);
  expect(result.firstBlockHistory).toEqual(['allocated@0', 'freed@202']);
  expect(result.stepBack).toBe(300); // 302 records: 4 + 99 * 2 for the mallocs, 50 * 2 for the frees
});
