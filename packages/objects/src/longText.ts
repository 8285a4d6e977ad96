/**
 * LongText: the characters of a str (or bytes) longer than the host can hold in one
 * JavaScript string (V8's limit is 536,870,888 UTF-16 units; CPython's is PY_SSIZE_T_MAX).
 *
 * `'a' * 10**9` is a legal str of one billion characters in CPython (a 1 GB block from
 * malloc). The heap simulates that block as for any str; the host keeps only how the text
 * was made: a list of pieces, each a JavaScript string repeated a number of times. That
 * covers what makes such strings in practice (repetition, concatenation, slicing) in
 * memory proportional to the pieces, not to the length.
 *
 *   operation           result
 *   repeat(t, n)        t repeated n times: a string when short enough, else a LongText
 *   concat(a, b)        a + b, the same way
 *   slice(i, j)         characters i .. j-1 (code points), a string when short enough
 *   charAt(i)           one character
 *   equals(b)           the same characters (compared chunk by chunk)
 *   chunks(n)           the text in order, as strings of at most n units (for printing)
 *
 * Anything else that needs the characters as one string (hash, repr, formatting, methods)
 * cannot be answered on the host: it throws LongTextError, which a front end reports as
 * outside what it supports. `toString` throws too, so no implicit conversion can turn one
 * into a wrong answer silently.
 */

/** V8's longest string, in UTF-16 code units. */
export const HOST_MAX_STRING = 536_870_888;

/** What chunks() yields at most by default: 16 Mi units. */
const CHUNK_UNITS = 1 << 24;

export interface LongTextPiece {
  /** Non-empty. */
  readonly text: string;
  /** At least 1. */
  readonly times: number;
}

/** A str or bytes payload: a JavaScript string, or a LongText beyond HOST_MAX_STRING. */
export type Text = string | LongText;

/** An operation that needs a long text as one host string. */
export class LongTextError extends Error {
  constructor(readonly operation: string, readonly length: number) {
    super(`${operation} on a str of ${length.toLocaleString('en-US')} characters`);
    this.name = 'LongTextError';
  }
}

interface PieceInfo {
  readonly text: string;
  readonly times: number;
  /** Code points of one repetition. */
  readonly points: number;
  /** UTF-16 units of one repetition. */
  readonly units: number;
}

const pointCount = (t: string): number => {
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < t.length) {
      const d = t.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
};

/** The code points [start, end) of `t` (UTF-16 slicing when it has no surrogate pairs). */
function slicePoints(t: string, points: number, start: number, end: number): string {
  if (points === t.length) return t.slice(start, end);
  return Array.from(t).slice(start, end).join('');
}

export class LongText {
  private readonly info: readonly PieceInfo[];
  /** Code points (Python's len()). */
  readonly length: number;
  /** UTF-16 code units. */
  readonly units: number;

  private constructor(info: readonly PieceInfo[]) {
    this.info = info;
    let length = 0, units = 0;
    for (const p of info) { length += p.points * p.times; units += p.units * p.times; }
    this.length = length;
    this.units = units;
  }

  get pieces(): readonly LongTextPiece[] {
    return this.info.map(({ text, times }) => ({ text, times }));
  }

  /**
   * A text from pieces (an empty piece or a count that is not a positive integer is a
   * RangeError): a string when it has at most `hostMax` units, else a LongText. Adjacent
   * pieces with the same text merge. (A smaller `hostMax` lets tests make long texts of a
   * few characters.)
   */
  static of(pieces: readonly LongTextPiece[], hostMax = HOST_MAX_STRING): Text {
    const out: PieceInfo[] = [];
    let units = 0;
    for (const { text, times } of pieces) {
      if (typeof text !== 'string' || text === '') throw new RangeError('a long text piece is a non-empty string');
      if (!Number.isSafeInteger(times) || times < 1) throw new RangeError(`a long text piece repeats a positive number of times, not ${times}`);
      units += text.length * times;
      const last = out[out.length - 1];
      if (last !== undefined && last.text === text) out[out.length - 1] = { ...last, times: last.times + times };
      else out.push({ text, times, points: pointCount(text), units: text.length });
    }
    if (!Number.isSafeInteger(units)) throw new RangeError('a long text of more than 2^53 units');
    if (units <= hostMax) return out.map((p) => p.text.repeat(p.times)).join('');
    return new LongText(out);
  }

  /** `text * times` (unicode_repeat). */
  static repeat(text: Text, times: number): Text {
    if (times <= 0 || (typeof text === 'string' ? text === '' : text.units === 0)) return '';
    if (typeof text === 'string') {
      if (text.length * times <= HOST_MAX_STRING) return text.repeat(times);
      // one piece: chunks() writes it out in large strings when printed
      return LongText.of([{ text, times }]);
    }
    const pieces: LongTextPiece[] = [];
    for (let i = 0; i < times; i++) {
      pieces.push(...text.info);
      if (pieces.length > 1_000_000) throw new LongTextError('repeating a text made of many pieces', text.length);
    }
    return LongText.of(pieces);
  }

  /** `a + b` (PyUnicode_Concat). */
  static concat(a: Text, b: Text): Text {
    const parts = (t: Text): readonly LongTextPiece[] => (typeof t === 'string' ? (t === '' ? [] : [{ text: t, times: 1 }]) : t.info);
    if (typeof a === 'string' && typeof b === 'string' && a.length + b.length <= HOST_MAX_STRING) return a + b;
    return LongText.of([...parts(a), ...parts(b)]);
  }

  /** The units of a text (`length` of a string). */
  static unitsOf(t: Text): number {
    return typeof t === 'string' ? t.length : t.units;
  }

  /** The widest code point (for PEP 393's 1, 2 or 4 bytes per character). */
  maxCodePoint(): number {
    let max = 0;
    for (const { text } of this.info) for (const ch of text) { const c = ch.codePointAt(0)!; if (c > max) max = c; }
    return max;
  }

  /** Code points [start, end) (0 <= start <= end <= length): a string when it fits in one. */
  slice(start: number, end: number): Text {
    const out: LongTextPiece[] = [];
    let at = 0;
    for (const p of this.info) {
      const size = p.points * p.times;
      const lo = Math.max(start, at), hi = Math.min(end, at + size);
      if (lo < hi) {
        // whole repetitions in the middle, partial ones at either end
        const first = Math.floor((lo - at) / p.points), last = Math.ceil((hi - at) / p.points);
        const headFrom = lo - at - first * p.points;
        const tailTo = hi - at - (last - 1) * p.points;
        if (first === last - 1) out.push({ text: slicePoints(p.text, p.points, headFrom, tailTo), times: 1 });
        else {
          out.push({ text: slicePoints(p.text, p.points, headFrom, p.points), times: 1 });
          if (last - first - 2 > 0) out.push({ text: p.text, times: last - first - 2 });
          out.push({ text: slicePoints(p.text, p.points, 0, tailTo), times: 1 });
        }
      }
      at += size;
      if (at >= end) break;
    }
    return LongText.of(out.filter((p) => p.text !== ''));
  }

  /** The code point at i (0 <= i < length). */
  charAt(i: number): string {
    return this.slice(i, i + 1) as string;
  }

  /** The text in order, as strings of at most `maxUnits` units (at least the longest piece's one repetition when that is longer). */
  *chunks(maxUnits = CHUNK_UNITS): Generator<string> {
    for (const p of this.info) {
      const per = Math.max(1, Math.floor(maxUnits / p.units));
      let left = p.times;
      while (left > 0) {
        const n = Math.min(per, left);
        yield p.text.repeat(n);
        left -= n;
      }
    }
  }

  /** The same characters as `other`. */
  equals(other: Text): boolean {
    if (LongText.unitsOf(other) !== this.units) return false;
    if (other instanceof LongText && other.info.length === this.info.length && other.info.every((p, i) => p.text === this.info[i]!.text && p.times === this.info[i]!.times)) return true;
    const a = this.chunks(1 << 20);
    const b = typeof other === 'string' ? stringChunks(other, 1 << 20) : other.chunks(1 << 20);
    let x = '', y = '';
    for (;;) {
      if (x === '') { const n = a.next(); x = n.done ? '' : n.value; }
      if (y === '') { const n = b.next(); y = n.done ? '' : n.value; }
      if (x === '' || y === '') return x === y;
      const k = Math.min(x.length, y.length);
      if (x.slice(0, k) !== y.slice(0, k)) return false;
      x = x.slice(k);
      y = y.slice(k);
    }
  }

  /** How it is kept: { longText: [[text, times], ...] } (what fromJSON reads). */
  toJSON(): { longText: [string, number][] } {
    return { longText: this.info.map((p) => [p.text, p.times]) };
  }

  /** A long text from toJSON's form (anything else, or a text of at most `hostMax` units, is a RangeError). */
  static fromJSON(x: unknown, hostMax = HOST_MAX_STRING): LongText {
    const pieces = (x as { longText?: unknown } | null)?.longText;
    if (!Array.isArray(pieces) || !pieces.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'number')) {
      throw new RangeError('a long text is { "longText": [[text, times], ...] }');
    }
    const t = LongText.of(pieces.map(([text, times]) => ({ text: text as string, times: times as number })), hostMax);
    if (typeof t === 'string') throw new RangeError(`a text of ${t.length} characters is written as a string (a long text is longer than ${hostMax.toLocaleString('en-US')})`);
    return t;
  }

  toString(): string {
    throw new LongTextError('converting to one string', this.length);
  }

  /** A short description for messages and debuggers: 'aaaa…' (1,000,000,000 characters). */
  preview(maxPoints = 40): string {
    return `${JSON.stringify((this.slice(0, maxPoints) as string) + '…')} (${this.length.toLocaleString('en-US')} characters)`;
  }
}

function* stringChunks(s: string, n: number): Generator<string> {
  for (let i = 0; i < s.length; i += n) yield s.slice(i, i + n);
}
