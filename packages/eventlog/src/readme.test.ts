import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('the README example is the file the test runs, and does what the README says', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme.example.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
  const { result, afterCrash } = await import('./readme.example.js');
  expect(result).toEqual({ frames: 4, records: 1000, frameOfSeq700: 2, roundTrips: true, verified: true });
  expect(afterCrash).toEqual({ frames: 3, records: 768, recovered: 'FRAME_TRUNCATED' });
  expect(readme).toContain('`result` is `{ frames: 4, records: 1000, frameOfSeq700: 2, roundTrips: true, verified: true }`');
  expect(readme).toContain("`afterCrash` is `{ frames: 3, records: 768, recovered: 'FRAME_TRUNCATED' }`");
});
