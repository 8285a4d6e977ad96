/**
 * Text to numbers as int() and float() read a str: PyLong_FromString (Objects/longobject.c)
 * and float_from_string (Objects/floatobject.c), both after
 * _PyUnicode_TransformDecimalAndSpaceToASCII (Unicode decimal digits become ASCII digits,
 * Unicode whitespace a space, anything else non-ASCII ends the text with '?').
 */
import { raise } from './exceptions.js';
import type { PyState } from './pystate.js';
import { decimalValue, isDecimal, isSpace } from './unicodectype.js';

const ASCII_SPACE = ' \t\n\v\f\r';

/** _PyUnicode_TransformDecimalAndSpaceToASCII (with CPython 3.11's Unicode 14 data: unicodectype.ts). */
export function transformDecimalAndSpaceToAscii(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 127) out += ch;
    else if (isSpace(cp)) out += ' ';
    else if (isDecimal(cp)) out += String(decimalValue(cp));
    else return out + '?';
  }
  return out;
}

/** A digit's value in bases up to 36 (0-9, then a/A = 10 ... z/Z = 35), or 99. */
function digitValue(c: string): number {
  const x = c.charCodeAt(0);
  if (x >= 48 && x <= 57) return x - 48;
  if (x >= 97 && x <= 122) return x - 87;
  if (x >= 65 && x <= 90) return x - 55;
  return 99;
}

/**
 * PyLong_FromString on the transformed text with `base` (0, or 2 to 36): the value, how
 * many digits it had and the base read (base 0 takes it from the prefix), or null when it is not a literal of that base (the caller words
 * the ValueError). Whitespace around, a sign, the base prefix (with base 0, 2, 8 or 16),
 * single underscores between digits (one also after a prefix); base 0 refuses a decimal
 * with leading zeros unless it is zero.
 */
export function longFromString(text: string, base: number, isBytes = false): { value: bigint; digits: number; base: number } | null {
  // bytes are read as they are (_PyLong_FromBytes), a str after the transformation
  const s = isBytes ? text : transformDecimalAndSpaceToAscii(text);
  let i = 0;
  while (i < s.length && ASCII_SPACE.includes(s[i]!)) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') { negative = s[i] === '-'; i++; }
  let errorIfNonzero = false;
  const prefixOf = (c: string | undefined): number => (c === 'x' || c === 'X' ? 16 : c === 'o' || c === 'O' ? 8 : c === 'b' || c === 'B' ? 2 : 0);
  if (base === 0) {
    if (s[i] !== '0') base = 10;
    else if (prefixOf(s[i + 1]) !== 0) base = prefixOf(s[i + 1]);
    else { errorIfNonzero = true; base = 10; }
  }
  if (s[i] === '0' && prefixOf(s[i + 1]) === base && base !== 10) {
    i += 2;
    if (s[i] === '_') i++;
  }
  if (s[i] === '_') return null;
  let value = 0n, digits = 0;
  const b = BigInt(base);
  let lastUnderscore = false;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === '_') {
      if (lastUnderscore) return null;
      lastUnderscore = true;
      continue;
    }
    const d = digitValue(c);
    if (d >= base) break;
    value = value * b + BigInt(d);
    digits++;
    lastUnderscore = false;
  }
  if (digits === 0 || lastUnderscore) return null;
  if (errorIfNonzero && value !== 0n) return null;
  while (i < s.length && ASCII_SPACE.includes(s[i]!)) i++;
  if (i !== s.length) return null;
  return { value: negative ? -value : value, digits, base };
}

const FLOAT_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const FLOAT_SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/**
 * float_from_string: the transformed text without the whitespace around it, underscores
 * only between digits, then PyOS_string_to_double's grammar (a decimal with an optional
 * exponent, or inf, infinity, nan with an optional sign, in any case). Null if not a float.
 */
export function floatFromString(text: string, isBytes = false): number | null {
  const s = isBytes ? text : transformDecimalAndSpaceToAscii(text);
  let a = 0, z = s.length;
  while (a < z && ASCII_SPACE.includes(s[a]!)) a++;
  while (z > a && ASCII_SPACE.includes(s[z - 1]!)) z--;
  let t = s.slice(a, z);
  if (t.includes('_')) {
    // _Py_string_to_number_with_underscores: each underscore between two digits
    for (let k = 0; k < t.length; k++) {
      if (t[k] === '_' && !(k > 0 && /\d/.test(t[k - 1]!) && k + 1 < t.length && /\d/.test(t[k + 1]!))) return null;
    }
    t = t.replace(/_/g, '');
  }
  const special = FLOAT_SPECIAL.exec(t);
  if (special !== null) {
    const v = special[2]!.toLowerCase() === 'nan' ? NaN : Infinity;
    return special[1] === '-' ? -v : v;
  }
  return FLOAT_TEXT.test(t) ? Number(t) : null;
}

const bitLength = (n: bigint): number => (n === 0n ? 0 : n.toString(2).length);

/**
 * The double nearest to P / Q * 2 ** s (P, Q > 0), ties to even, with subnormal results
 * rounded once at their own precision and Infinity past the largest double: how a
 * correctly rounded libm result is formed, for operations computed exactly in integers.
 */
export function roundRationalToDouble(p: bigint, q: bigint, s: number): number {
  const sh = 55 - (bitLength(p) - bitLength(q));
  const num = sh >= 0 ? p << BigInt(sh) : p, den = sh >= 0 ? q : q << BigInt(-sh);
  const quo = num / den;
  const sticky = num % den !== 0n;
  const scale = s - sh;
  const exp = bitLength(quo) - 1 + scale;
  if (exp > 1023) return Infinity;
  const keep = Math.min(53, exp + 1075);
  const drop = bitLength(quo) - keep;
  let mant = quo >> BigInt(drop);
  const rest = quo - (mant << BigInt(drop));
  const half = 1n << BigInt(drop - 1);
  if (rest > half || (rest === half && (sticky || (mant & 1n) === 1n))) mant += 1n;
  const e = drop + scale;
  // 2 ** e alone may underflow past 2 ** -1074 even when the product does not
  return e < -1000 ? Number(mant) * 2 ** -1000 * 2 ** (e + 1000) : Number(mant) * 2 ** e;
}

/** A finite nonzero double as m * 2 ** e with m a whole number. */
function decompose(x: number): [bigint, number] {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, Math.abs(x));
  const bits = v.getBigUint64(0);
  const ex = Number(bits >> 52n);
  const frac = bits & ((1n << 52n) - 1n);
  return ex === 0 ? [frac, -1074] : [frac | (1n << 52n), ex - 1075];
}

/**
 * x ** k for a finite nonzero x and a whole k (|k| up to 4096), correctly rounded from
 * the exact power, as the C library's pow rounds it (V8's pow may be a bit off).
 */
export function powWhole(x: number, k: number): number {
  const [m, e] = decompose(x);
  const n = BigInt(Math.abs(k));
  const r = k >= 0 ? roundRationalToDouble(m ** n, 1n, e * k) : roundRationalToDouble(1n, m ** n, e * k);
  return x < 0 && Math.abs(k) % 2 === 1 ? -r : r;
}

/** PyLong_AsDouble: the nearest double (ties to even), OverflowError past the largest one. */
export function intToDouble(vm: PyState, n: bigint): number {
  const d = Number(n);
  if (!Number.isFinite(d)) raise(vm, 'OverflowError', 'int too large to convert to float');
  return d;
}

/**
 * long_true_divide: a / b correctly rounded (not the quotient of two rounded doubles),
 * OverflowError when it is too large for a float. The quotient is taken with at least
 * 55 bits and a sticky bit for the remainder, then rounded once to 53.
 */
export function longTrueDivide(vm: PyState, a: bigint, b: bigint): number {
  const negative = (a < 0n) !== (b < 0n);
  const x = a < 0n ? -a : a, y = b < 0n ? -b : b;
  const exact = 2n ** 53n;
  if (x <= exact && y <= exact) return Number(a) / Number(b);
  if (bitLength(x) - bitLength(y) < -1020) {
    // a subnormal (or zero) result: rounded once, to a multiple of 2 ** -1074, half to even
    const num = x << 1074n;
    let q = num / y;
    const twice = 2n * (num % y);
    if (twice > y || (twice === y && (q & 1n) === 1n)) q += 1n;
    const d = Number(q) * 2 ** -1074;
    return negative ? -d : d;
  }
  const shift = 55 - (bitLength(x) - bitLength(y));
  const num = shift >= 0 ? x << BigInt(shift) : x, den = shift >= 0 ? y : y << BigInt(-shift);
  const q = num / den;
  const r = (q | (num % den === 0n ? 0n : 1n));
  // scaled in two steps: 2 ** -shift alone would underflow to 0 past 2 ** -1074
  const d = shift > 1000 ? Number(r) * 2 ** -1000 * 2 ** -(shift - 1000) : Number(r) * 2 ** -shift;
  if (!Number.isFinite(d)) raise(vm, 'OverflowError', 'integer division result too large for a float');
  return negative ? -d : d;
}
