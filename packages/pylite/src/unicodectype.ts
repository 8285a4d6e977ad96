/**
 * Unicode character predicates and case mappings as CPython 3.11 has them
 * (Objects/unicodectype.c over its Unicode 14.0.0 database), and the case operations of
 * Objects/unicodeobject.c built on them (do_lower, do_upper, do_title, do_capitalize,
 * do_swapcase, handle_capital_sigma).
 *
 * Each predicate is a JavaScript rule (a `\p{...}` regex below) on the code points that
 * Unicode 14 assigns, corrected by the generated table unicodectype.data.ts: the code points
 * Unicode 14 leaves unassigned (all flags off, mapped to themselves, as in CPython's
 * database; the host's Unicode is newer), and where python3's answer differs from the rule
 * (Numeric_Type=Digit for isdigit, the whitespace set, properties changed since Unicode 14),
 * the python3 value itself. Case mappings: the host's toLowerCase / toUpperCase of the one
 * character (full mappings), corrected the same way; title case is python3's where it differs
 * from upper case. unicodeobject.test.ts compares every code point with python3.
 */
import { ADD, LOWER, REMOVE, TITLE, UNASSIGNED, UPPER } from './unicodectype.data.js';

// rules:begin (plain JavaScript: tools/cpython-oracle/lib/gen_unicodectype.py runs this block in node)
export const RULES = {
  alpha: /^\p{L}$/u, // Py_UNICODE_ISALPHA: categories Lu Ll Lt Lm Lo
  decimal: /^\p{Nd}$/u, // Py_UNICODE_ISDECIMAL
  digit: /^\p{Nd}$/u, // Py_UNICODE_ISDIGIT: Nd and Numeric_Type=Digit (from the table)
  numeric: /^\p{N}$/u, // Py_UNICODE_ISNUMERIC: any numeric value (CJK numerals from the table)
  space: /^\s$/u, // Py_UNICODE_ISSPACE: Zs and bidi WS, B, S (\x1c-\x1f, \x85 yes, \ufeff no)
  lower: /^\p{Lowercase}$/u, // Py_UNICODE_ISLOWER
  upper: /^\p{Uppercase}$/u, // Py_UNICODE_ISUPPER
  title: /^\p{Lt}$/u, // Py_UNICODE_ISTITLE
  cased: /^\p{Cased}$/u, // _PyUnicode_IsCased
  caseIgnorable: /^\p{Case_Ignorable}$/u, // _PyUnicode_IsCaseIgnorable
  printable: /^[^\p{C}\p{Z}]$/u, // Py_UNICODE_ISPRINTABLE (the space from the table)
};
// rules:end

export type Prop = keyof typeof RULES;
const PROPS = Object.keys(RULES) as Prop[];

/** A range list of the table (comma-separated base-36 "gap" or "gap.extra": start = previous end + 1 + gap, end = start + extra) as [start, end] pairs. */
function decodeRanges(text: string): Int32Array {
  if (text === '') return new Int32Array(0);
  const tokens = text.split(',');
  const out = new Int32Array(tokens.length * 2);
  let prev = -1;
  tokens.forEach((t, i) => {
    const dot = t.indexOf('.');
    const start = prev + 1 + parseInt(dot < 0 ? t : t.slice(0, dot), 36);
    prev = start + (dot < 0 ? 0 : parseInt(t.slice(dot + 1), 36));
    out[2 * i] = start;
    out[2 * i + 1] = prev;
  });
  return out;
}

function inRanges(r: Int32Array, cp: number): boolean {
  let lo = 0, hi = r.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < r[2 * mid]!) hi = mid - 1;
    else if (cp > r[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

const unassigned = decodeRanges(UNASSIGNED);
const added = Object.fromEntries(PROPS.map((p) => [p, decodeRanges(ADD[p])])) as Record<Prop, Int32Array>;
const removed = Object.fromEntries(PROPS.map((p) => [p, decodeRanges(REMOVE[p])])) as Record<Prop, Int32Array>;
const lowerMap = new Map(LOWER), upperMap = new Map(UPPER), titleMap = new Map(TITLE);

/** Whether Unicode 14 (CPython 3.11's database) assigns the code point. */
export function isAssigned(cp: number): boolean {
  return !inRanges(unassigned, cp);
}

function compute(p: Prop, cp: number): boolean {
  if (inRanges(added[p], cp)) return true;
  if (inRanges(removed[p], cp)) return false;
  return isAssigned(cp) && RULES[p].test(String.fromCodePoint(cp));
}

/** Latin-1's answers, worked out once: most text never leaves them. */
const LATIN1 = Object.fromEntries(PROPS.map((p) => [p, Uint8Array.from({ length: 256 }, (_, cp) => (compute(p, cp) ? 1 : 0))])) as Record<Prop, Uint8Array>;

export function hasProp(p: Prop, cp: number): boolean {
  return cp < 256 ? LATIN1[p][cp] === 1 : compute(p, cp);
}

export const isAlpha = (cp: number) => hasProp('alpha', cp);
export const isDecimal = (cp: number) => hasProp('decimal', cp);
export const isDigit = (cp: number) => hasProp('digit', cp);
export const isNumeric = (cp: number) => hasProp('numeric', cp);
export const isSpace = (cp: number) => hasProp('space', cp);
export const isLower = (cp: number) => hasProp('lower', cp);
export const isUpper = (cp: number) => hasProp('upper', cp);
export const isTitle = (cp: number) => hasProp('title', cp);
export const isCased = (cp: number) => hasProp('cased', cp);
export const isCaseIgnorable = (cp: number) => hasProp('caseIgnorable', cp);
export const isPrintable = (cp: number) => hasProp('printable', cp);
/** Py_UNICODE_ISALNUM. */
export const isAlnum = (cp: number) => isAlpha(cp) || isDecimal(cp) || isDigit(cp) || isNumeric(cp);

/**
 * _PyUnicode_ToDecimalDigit: the value of a decimal digit, -1 for any other character.
 * Unicode puts each script's digits 0..9 in one run of ten, so it is the place in its run.
 */
export function decimalValue(cp: number): number {
  if (!isDecimal(cp)) return -1;
  let start = cp;
  while (start > 0 && isDecimal(start - 1)) start--;
  return (cp - start) % 10;
}

/** _PyUnicode_ToLowerFull, _PyUnicode_ToUpperFull, _PyUnicode_ToTitleFull: a code point's full mapping. */
export function lowerFull(cp: number): string {
  if (cp < 128) return cp >= 65 && cp <= 90 ? String.fromCharCode(cp + 32) : String.fromCharCode(cp);
  const m = lowerMap.get(cp);
  if (m !== undefined) return m;
  const c = String.fromCodePoint(cp);
  return isAssigned(cp) ? c.toLowerCase() : c;
}

export function upperFull(cp: number): string {
  if (cp < 128) return cp >= 97 && cp <= 122 ? String.fromCharCode(cp - 32) : String.fromCharCode(cp);
  const m = upperMap.get(cp);
  if (m !== undefined) return m;
  const c = String.fromCodePoint(cp);
  return isAssigned(cp) ? c.toUpperCase() : c;
}

export function titleFull(cp: number): string {
  return titleMap.get(cp) ?? upperFull(cp);
}

const codePoints = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);
const ASCII = /^[\x00-\x7f]*$/;

/**
 * handle_capital_sigma: U+03A3 is final (U+03C2) after a cased letter (case-ignorable ones
 * skipped) when no cased letter follows (again skipping case-ignorable ones).
 */
function capitalSigma(cps: number[], i: number): string {
  let j = i - 1;
  while (j >= 0 && isCaseIgnorable(cps[j]!)) j--;
  let final = j >= 0 && isCased(cps[j]!);
  if (final) {
    j = i + 1;
    while (j < cps.length && isCaseIgnorable(cps[j]!)) j++;
    final = j === cps.length || !isCased(cps[j]!);
  }
  return final ? '\u03c2' : '\u03c3';
}

/** lower_ucs4: the lower-case mapping, with the final sigma rule. */
function lowerAt(cps: number[], i: number): string {
  return cps[i] === 0x3a3 ? capitalSigma(cps, i) : lowerFull(cps[i]!);
}

/** str.lower (ascii_upper_or_lower for ASCII, else do_lower). */
export function caseLower(s: string): string {
  if (ASCII.test(s)) return s.toLowerCase();
  const cps = codePoints(s);
  return cps.map((_, i) => lowerAt(cps, i)).join('');
}

/** str.upper. */
export function caseUpper(s: string): string {
  if (ASCII.test(s)) return s.toUpperCase();
  return codePoints(s).map(upperFull).join('');
}

/** str.title (do_title): title case after an uncased character, lower case after a cased one. */
export function caseTitle(s: string): string {
  const cps = codePoints(s);
  let out = '';
  let previousCased = false;
  for (let i = 0; i < cps.length; i++) {
    out += previousCased ? lowerAt(cps, i) : titleFull(cps[i]!);
    previousCased = isCased(cps[i]!);
  }
  return out;
}

/** str.capitalize (do_capitalize, 3.8+): the first character title-cased, the rest lower-cased. */
export function caseCapitalize(s: string): string {
  const cps = codePoints(s);
  if (cps.length === 0) return '';
  let out = titleFull(cps[0]!);
  for (let i = 1; i < cps.length; i++) out += lowerAt(cps, i);
  return out;
}

/** str.swapcase (do_swapcase): upper-case characters lowered, lower-case ones uppered, others (title case too) kept. */
export function caseSwap(s: string): string {
  const cps = codePoints(s);
  let out = '';
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    out += isUpper(c) ? lowerAt(cps, i) : isLower(c) ? upperFull(c) : String.fromCodePoint(c);
  }
  return out;
}

/**
 * The is*() methods of str (unicode_isalpha_impl and the rest): false for the empty str,
 * else every character has the property.
 */
export function allHave(s: string, test: (cp: number) => boolean): boolean {
  if (s === '') return false;
  for (const c of s) if (!test(c.codePointAt(0)!)) return false;
  return true;
}

/**
 * str.isupper / str.islower (unicode_isupper_impl): one character is tested alone; a longer
 * str has no character of the other case nor title case, and at least one of its own case.
 */
export function caseIs(s: string, upper: boolean): boolean {
  const cps = codePoints(s);
  const own = upper ? isUpper : isLower, other = upper ? isLower : isUpper;
  if (cps.length === 1) return own(cps[0]!);
  let cased = false;
  for (const c of cps) {
    if (other(c) || isTitle(c)) return false;
    if (!cased && own(c)) cased = true;
  }
  return cased;
}
