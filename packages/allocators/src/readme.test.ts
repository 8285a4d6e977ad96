import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('the README example is the file the test runs, and does what the README says', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme.example.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
  const { result } = await import('./readme.example.js');
  // buddy: one region mapped, split down to the block, handed out; freed, merged back, unmapped
  expect(result.events[0]).toBe('RegionMapped');
  expect(result.events.slice(1, result.events.indexOf('BlockHandedOut')).every((e: string) => e === 'BlockSplit')).toBe(true);
  expect(result.events.slice(result.events.indexOf('BlockHandedOut') + 1)).toEqual([
    'BlockReturned', ...result.events.filter((e: string) => e === 'BlocksCoalesced'), 'RegionUnmapped',
  ]);
  expect(result.events.filter((e: string) => e === 'BlocksCoalesced').length).toBe(result.events.filter((e: string) => e === 'BlockSplit').length);
  // the trace keeps blocks k = 1, 3, ..., 999 of 16 + (k % 20) * 8 bytes
  const kept = Array.from({ length: 500 }, (_, i) => 16 + ((2 * i + 1) % 20) * 8);
  expect(result.requestedBytes).toBe(kept.reduce((a, n) => a + n, 0));
  expect(result.liveBlocks).toEqual([500, 500, 500]);
  // simple segregated storage has no header: each block is its request rounded up to 16 bytes
  expect(result.blockBytes[1]).toBe(kept.reduce((a, n) => a + Math.ceil(n / 16) * 16, 0));
  for (const b of result.blockBytes) expect(b).toBeGreaterThanOrEqual(result.requestedBytes);
});
