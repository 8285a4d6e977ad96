/**
 * Reading JSON Lines for `pymm log import`: lines as written, whatever the read size cuts
 * (a character whose UTF-8 bytes straddle two reads of a MiB stays whole).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { linesOf } from './logio.js';

const dir = mkdtempSync(join(tmpdir(), 'pymm-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MIB = 1 << 20;

describe('linesOf', () => {
  it('gives back the lines of any text, with a multi-byte character across the 1 MiB read boundary', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', '{', '"', 'é', '€', '\u{1F600}'), maxLength: 40 }), { maxLength: 8 }), fc.integer({ min: -4, max: 4 }), (lines, shift) => {
        // a long first line puts a 4-byte character right at the boundary (shift moves it)
        const pad = 'x'.repeat(MIB - 2 + shift);
        const all = [`${pad}\u{1F600}é`, ...lines];
        const file = join(dir, `${n++}.jsonl`);
        writeFileSync(file, all.join('\n'));
        // a last empty line is the file's final newline, not a line
        const expected = all.length > 1 && all[all.length - 1] === '' ? all.slice(0, -1) : all;
        expect([...linesOf(file)]).toEqual(expected);
      }),
      { seed: 20261202, numRuns: 12 },
    );
  });

  it('a final newline ends the last line (no empty line after it)', () => {
    const file = join(dir, 'nl.jsonl');
    writeFileSync(file, 'a\nb\n');
    expect([...linesOf(file)]).toEqual(['a', 'b']);
  });
});
