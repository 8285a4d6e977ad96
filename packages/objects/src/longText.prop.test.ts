/**
 * LongText against the string it stands for: made of a few short pieces (hostMax 0 makes
 * any text long), every operation must give what the same operation gives on the whole
 * string, counted in code points as Python counts a str.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LongText, type LongTextPiece, type Text } from './longText.js';

const SEED = 20261203;
const piece = fc.record({
  text: fc.string({ unit: fc.constantFrom('a', 'b', 'é', '€', '\u{1F600}'), minLength: 1, maxLength: 4 }),
  times: fc.integer({ min: 1, max: 6 }),
});
const pieces = fc.array(piece, { minLength: 1, maxLength: 5 });
const whole = (ps: readonly LongTextPiece[]) => ps.map((p) => p.text.repeat(p.times)).join('');
const asString = (t: Text) => (typeof t === 'string' ? t : [...t.chunks()].join(''));
const long = (ps: readonly LongTextPiece[]) => LongText.of(ps, 0) as LongText;

describe('LongText', () => {
  it('has the length, characters, slices and widest code point of the string it stands for', () => {
    fc.assert(
      fc.property(pieces, fc.nat(), fc.nat(), (ps, a, b) => {
        const t = long(ps);
        const points = Array.from(whole(ps));
        expect([t.length, t.units]).toEqual([points.length, whole(ps).length]);
        const [lo, hi] = [a % (points.length + 1), b % (points.length + 1)].sort((x, y) => x - y) as [number, number];
        expect(asString(t.slice(lo, hi))).toBe(points.slice(lo, hi).join(''));
        if (lo < points.length) expect(t.charAt(lo)).toBe(points[lo]);
        expect(t.maxCodePoint()).toBe(Math.max(...points.map((c) => c.codePointAt(0)!)));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('is equal to exactly the texts with the same characters, however they are split', () => {
    fc.assert(
      fc.property(pieces, pieces, fc.nat(), (ps, other, cut) => {
        const t = long(ps);
        const s = whole(ps);
        // the same characters as other pieces: the string cut in two
        const at = Array.from(s).slice(0, cut % (Array.from(s).length + 1)).join('');
        const resplit = LongText.of([at, s.slice(at.length)].filter((x) => x !== '').map((text) => ({ text, times: 1 })), 0);
        expect(t.equals(s)).toBe(true);
        expect(t.equals(resplit)).toBe(true);
        expect(t.equals(long(other))).toBe(s === whole(other));
        expect(t.equals(s + 'a')).toBe(false);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('is written out in chunks of at most the size asked (a repetition longer than that whole), and read back from its JSON form', () => {
    fc.assert(
      fc.property(pieces, fc.integer({ min: 1, max: 10 }), (ps, max) => {
        const t = long(ps);
        const chunks = [...t.chunks(max)];
        expect(chunks.join('')).toBe(whole(ps));
        for (const c of chunks) expect(c.length <= max || ps.some((p) => p.text === c)).toBe(true);
        const back = LongText.fromJSON(JSON.parse(JSON.stringify(t)), 0);
        expect(back.equals(t) && asString(back) === whole(ps)).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('repeats and concatenates as str * n and str + str do', () => {
    fc.assert(
      fc.property(pieces, pieces, fc.integer({ min: 0, max: 4 }), (a, b, n) => {
        expect(asString(LongText.repeat(long(a), n))).toBe(whole(a).repeat(n));
        expect(asString(LongText.concat(long(a), long(b)))).toBe(whole(a) + whole(b));
        expect(asString(LongText.concat(whole(a), long(b)))).toBe(whole(a) + whole(b));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("stays a string up to the host's limit, and a LongText past it without holding the characters", () => {
    expect(LongText.repeat('ab', 3)).toBe('ababab');
    const billion = LongText.repeat('a', 10 ** 9);
    expect(billion).toBeInstanceOf(LongText);
    expect((billion as LongText).pieces).toEqual([{ text: 'a', times: 10 ** 9 }]);
    expect((billion as LongText).slice(10, 14)).toBe('aaaa');
    // no implicit conversion: a template or concatenation cannot make a wrong string of it
    expect(() => `${billion as LongText}`).toThrow(/converting to one string on a str of 1,000,000,000 characters/);
    expect(() => LongText.of([{ text: '', times: 2 }])).toThrow(RangeError);
    expect(() => LongText.of([{ text: 'a', times: 0.5 }])).toThrow(RangeError);
    expect(() => LongText.fromJSON({ longText: [['a', 5]] })).toThrow(/written as a string/);
  });
});
