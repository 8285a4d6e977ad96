/**
 * str (Objects/unicodeobject.c, Objects/stringlib/*.h): its methods, and the check that an
 * argument is a str. Every index, length and width counts code points (a JavaScript string
 * counts UTF-16 units: an astral character is two); the characters' properties and case
 * mappings are CPython's (unicodectype.ts).
 */
import { HOST_MAX_STRING, Kind, type ObjectId } from '@pymm/objects';
import { cIntOf, intOf, listFromOr, newInt, PY_SSIZE_T_MAX } from './abstract.js';
import { raise, unsupported } from './exceptions.js';
import { ref, typeName } from './object.js';
import type { PyState } from './pystate.js';
import {
  allHave, caseCapitalize, caseIs, caseLower, caseSwap, caseTitle, caseUpper, isAlnum, isAlpha, isDigit, isSpace,
} from './unicodectype.js';

export function strOf(vm: PyState, id: ObjectId): string {
  if (vm.heap.kindOf(id) !== Kind.Str) raise(vm, 'TypeError', `expected str, got ${typeName(vm, id)}`);
  return vm.heap.value(id) as string;
}

export function strMethod(vm: PyState, s: string, name: string, a: ObjectId[], line: number, self?: ObjectId): ObjectId {
  const h = vm.heap;
  const self_ = () => (self !== undefined ? ref(vm, self) : h.str(s));
  // unicode_result_unchanged: a method that leaves an exact str as it was returns the str itself
  const same = (r: string) => (self !== undefined && r === s ? ref(vm, self) : h.str(r));
  // an argument that must be a str, with the TypeError its method words
  const need = (i: number, message: (t: string) => string) => {
    if (h.kindOf(a[i]!) !== Kind.Str) raise(vm, 'TypeError', message(typeName(vm, a[i]!)));
    return h.value(a[i]!) as string;
  };
  const given = (i: number) => a[i] !== undefined && a[i] !== h.noneId;
  const tuple = (items: ObjectId[]) => { const t = h.tuple(items); for (const x of items) h.decrefUnchecked(x); return t; };
  // str.split's list: PyList_New(PREALLOC_SIZE(maxsplit)) (12 slots, or maxsplit + 1), the
  // pieces stored in those slots and appended past them, never shrunk (FIX_PREALLOC_SIZE).
  // (CPython makes the list before the pieces; here they come first: the same sizes)
  // `whole`: no separator was found, and the list's one item is the str itself.
  const splitList = (parts: string[], maxsplit: number, whole: boolean, prealloc = maxsplit >= 0 && maxsplit < 12 ? maxsplit + 1 : 12) => {
    const ids = whole ? [self_()] : parts.map((p) => h.str(p));
    const l = h.list(ids.slice(0, prealloc), prealloc);
    for (const x of ids.slice(prealloc)) h.listAppend(l, x);
    for (const x of ids) h.decrefUnchecked(x);
    return l;
  };
  switch (name) {
    case 'join': {
      // PySequence_Fast(seq, "can only join an iterable"): a list or tuple is read as it is,
      // anything else made a list first; not iterable is that TypeError
      const k = h.kindOf(a[0]!);
      let l: ObjectId;
      if (k === Kind.List || k === Kind.Tuple) l = ref(vm, a[0]!);
      else {
        l = listFromOr(vm, a[0]!, 'can only join an iterable');
      }
      // one exact str: the item itself
      if (h.items(l).length === 1 && h.kindOf(h.items(l)[0]!) === Kind.Str) { const x = ref(vm, h.items(l)[0]!); h.decrefUnchecked(l); return x; }
      const parts = h.items(l).map((x, i) => {
        if (h.kindOf(x) !== Kind.Str) { h.decrefUnchecked(l); raise(vm, 'TypeError', `sequence item ${i}: expected str instance, ${typeName(vm, x)} found`); }
        return h.value(x) as string;
      });
      h.decrefUnchecked(l);
      return h.str(parts.join(s));
    }
    case 'split': {
      // unicode_split_impl: maxsplit converted first, then sep checked
      const max = a[1] !== undefined ? ssize(vm, a[1]) : -1;
      if (!given(0)) { const [parts, whole] = splitWhitespace(s, max); return splitList(parts, max, whole); }
      const sep = need(0, (t) => `must be str or None, not ${t}`);
      // a separator wider or longer than the str: PyList_New(1) holding the str
      if (strKind(sep) > strKind(s) || cpLength(sep) > cpLength(s)) return splitList([], 0, true, 1);
      if (sep === '') raise(vm, 'ValueError', 'empty separator');
      const parts: string[] = [];
      let i = 0;
      for (let n = max < 0 ? Infinity : max; n > 0; n--) {
        const pos = s.indexOf(sep, i);
        if (pos < 0) break;
        parts.push(s.slice(i, pos));
        i = pos + sep.length;
      }
      if (parts.length === 0) return splitList([], max, true);
      parts.push(s.slice(i));
      return splitList(parts, max, false);
    }
    case 'splitlines': {
      // PyList_New(0), each line appended (the list grows as appends grow it); a str with no
      // line break to split at (but perhaps one at its end, kept) is its own one line
      const keepends = a[0] !== undefined && cIntOf(vm, a[0]) !== 0;
      const l = h.list();
      const lines = splitLines(s, keepends);
      for (const p of lines) { const x = lines.length === 1 && p === s ? self_() : h.str(p); h.listAppend(l, x); h.decrefUnchecked(x); }
      return l;
    }
    case 'strip': case 'lstrip': case 'rstrip': {
      const left = name !== 'rstrip', right = name !== 'lstrip';
      if (!given(0)) return same(stripSpace(s, left, right));
      return same(trimChars(s, need(0, () => `${name} arg must be None or str`), left, right));
    }
    case 'upper': return h.str(caseUpper(s));
    case 'lower': return h.str(caseLower(s));
    case 'title': return h.str(caseTitle(s));
    case 'capitalize': return s === '' ? same(s) : h.str(caseCapitalize(s));
    case 'swapcase': return h.str(caseSwap(s));
    case 'startswith': case 'endswith': {
      // stringlib_parse_args_finds: start and end first, then the prefix (or a tuple of them)
      const start = sliceIndex(vm, a[1]), end = sliceIndex(vm, a[2]);
      const k = h.kindOf(a[0]!);
      const dir = name === 'endswith' ? 1 : -1;
      if (k === Kind.Tuple) {
        for (const x of h.items(a[0]!)) {
          if (h.kindOf(x) !== Kind.Str) raise(vm, 'TypeError', `tuple for ${name} must only contain str, not ${typeName(vm, x)}`);
          if (tailmatch(s, h.value(x) as string, start, end, dir)) return h.bool(true);
        }
        return h.bool(false);
      }
      if (k !== Kind.Str) raise(vm, 'TypeError', `${name} first arg must be str or a tuple of str, not ${typeName(vm, a[0]!)}`);
      return h.bool(tailmatch(s, h.value(a[0]!) as string, start, end, dir));
    }
    case 'replace': {
      // Argument Clinic: old, new (str: _PyArg_BadArgument names None "None"), count (Py_ssize_t, -1: all)
      const bad = (i: number) => (t: string) => `replace() argument ${i + 1} must be str, not ${a[i] === h.noneId ? 'None' : t}`;
      const old = need(0, bad(0));
      const repl = need(1, bad(1));
      const n = a[2] !== undefined ? ssize(vm, a[2]) : -1;
      // replace()'s "nothing to replace" cases return the str itself: no occurrence, a count
      // of 0, the same object for old and new, or two empty strings
      if (n === 0 || a[0] === a[1] || (old === '' && repl === '') || (old !== '' && !s.includes(old))) return same(s);
      const max = n < 0 ? Infinity : n;
      if (old === '') {
        // the new str before each character and at the end, as many times as the count allows
        const chars = [...s];
        const times = Math.min(chars.length + 1, max);
        checkLength(vm, chars.length + times * cpLength(repl), line);
        return h.str(chars.slice(0, times - 1).map((c) => repl + c).join('') + repl + chars.slice(times - 1).join(''));
      }
      let out = '', i = 0;
      for (let left = max; left > 0; left--) {
        const pos = s.indexOf(old, i);
        if (pos < 0) break;
        out += s.slice(i, pos) + repl;
        i = pos + old.length;
      }
      return h.str(out + s.slice(i));
    }
    case 'partition': {
      // PyUnicode_Partition: not found, (the str, '', ''); found, (before, the separator itself, after)
      const sep = need(0, (t) => `must be str, not ${t}`);
      const notFound = () => tuple([self_(), h.str(''), h.str('')]);
      if (strKind(sep) > strKind(s) || cpLength(sep) > cpLength(s)) return notFound();
      if (sep === '') raise(vm, 'ValueError', 'empty separator');
      const i = s.indexOf(sep);
      if (i < 0) return notFound();
      return tuple([h.str(s.slice(0, i)), ref(vm, a[0]!), h.str(s.slice(i + sep.length))]);
    }
    case 'find': case 'index': case 'rfind': case 'count': {
      // parse_args_finds_unicode: start and end first, then the substring
      const start = sliceIndex(vm, a[1]), end = sliceIndex(vm, a[2]);
      const sub = need(0, (t) => `must be str, not ${t}`);
      if (name === 'count') return newInt(vm, BigInt(countSlice(s, sub, start, end)));
      const j = findSlice(s, sub, start, end, name === 'rfind' ? -1 : 1);
      if (j < 0 && name === 'index') raise(vm, 'ValueError', 'substring not found');
      return newInt(vm, BigInt(j));
    }
    case 'isalnum': return h.bool(allHave(s, isAlnum));
    case 'isalpha': return h.bool(allHave(s, isAlpha));
    case 'isdigit': return h.bool(allHave(s, isDigit));
    case 'isspace': return h.bool(allHave(s, isSpace));
    case 'isupper': return h.bool(caseIs(s, true));
    case 'islower': return h.bool(caseIs(s, false));
    case 'zfill': {
      const width = ssize(vm, a[0]!);
      const n = cpLength(s);
      if (n >= width) return same(s);
      checkLength(vm, width, line);
      const zeros = '0'.repeat(width - n);
      // a sign moves to the front
      return h.str(s[0] === '+' || s[0] === '-' ? s[0] + zeros + s.slice(1) : zeros + s);
    }
    case 'ljust': case 'rjust': case 'center': {
      // Argument Clinic: width (Py_ssize_t), then fillchar (convert_uc: one character)
      const width = ssize(vm, a[0]!);
      const fill = a[1] !== undefined ? fillChar(vm, a[1]) : ' ';
      const n = cpLength(s);
      if (n >= width) return same(s);
      checkLength(vm, width, line);
      const marg = width - n;
      const left = name === 'ljust' ? 0 : name === 'rjust' ? marg : Math.floor(marg / 2) + (marg & width & 1);
      return h.str(fill.repeat(left) + s + fill.repeat(marg - left));
    }
    case 'format': unsupported('str.format', line);
  }
  return raise(vm, 'AttributeError', `'str' object has no attribute '${name}'`);
}

/** An Argument Clinic Py_ssize_t argument: an int (__index__), within a C ssize_t. */
function ssize(vm: PyState, id: ObjectId): number {
  const v = intOf(vm, id);
  if (v > PY_SSIZE_T_MAX || v < -PY_SSIZE_T_MAX - 1n) raise(vm, 'OverflowError', 'Python int too large to convert to C ssize_t');
  return Number(v);
}

/** _PyEval_SliceIndex: a start / end argument is an int (clamped to a C ssize_t) or None (undefined: the default). */
function sliceIndex(vm: PyState, id: ObjectId | undefined): number | undefined {
  const h = vm.heap;
  if (id === undefined || id === h.noneId) return undefined;
  const k = h.kindOf(id);
  if (k !== Kind.Int && k !== Kind.Bool) raise(vm, 'TypeError', 'slice indices must be integers or None or have an __index__ method');
  return Number(intOf(vm, id));
}

/** convert_uc: the fill character of ljust, rjust and center. */
function fillChar(vm: PyState, id: ObjectId): string {
  const h = vm.heap;
  if (h.kindOf(id) !== Kind.Str) raise(vm, 'TypeError', `The fill character must be a unicode character, not ${typeName(vm, id)}`);
  const c = h.value(id) as string;
  if (cpLength(c) !== 1) raise(vm, 'TypeError', 'The fill character must be exactly one character long');
  return c;
}

/** A padded result PyUnicode_New could not make: MemoryError past --max-memory, and pylite keeps no str longer than a host string. */
function checkLength(vm: PyState, length: number, line: number): void {
  if (length > vm.maxMemoryBytes) raise(vm, 'MemoryError');
  if (length > HOST_MAX_STRING) unsupported(`a str of more than ${HOST_MAX_STRING.toLocaleString('en-US')} characters`, line);
}

const SURROGATE = /[\ud800-\udfff]/;

/** len(s): code points. */
function cpLength(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i + 1 < s.length; i++) {
    const c = s.charCodeAt(i), d = s.charCodeAt(i + 1);
    // a surrogate pair is one code point (a lone surrogate is one too)
    if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) { n--; i++; }
  }
  return n;
}

/** The UTF-16 offset of code point index i (0 <= i <= len). */
function unitOf(s: string, i: number): number {
  if (!SURROGATE.test(s)) return i;
  let u = 0;
  for (let k = 0; k < i && u < s.length; k++) u += s.codePointAt(u)! > 0xffff ? 2 : 1;
  return u;
}

/** The code point index of UTF-16 offset u (at a character boundary). */
function cpOf(s: string, u: number): number {
  return SURROGATE.test(s) ? cpLength(s.slice(0, u)) : u;
}

/** PEP 393's kind of a str: 1, 2 or 4 bytes a character (its widest character decides). */
function strKind(s: string): number {
  let max = 0;
  for (const c of s) max = Math.max(max, c.codePointAt(0)!);
  return max < 256 ? 1 : max < 65536 ? 2 : 4;
}

/** ADJUST_INDICES: end clamped to the length, negative ones counted from the end; start is not clamped above. */
function adjust(start: number | undefined, end: number | undefined, n: number): [number, number] {
  let st = start ?? 0, en = end ?? Infinity;
  if (en > n) en = n;
  else if (en < 0) en = Math.max(0, en + n);
  if (st < 0) st = Math.max(0, st + n);
  return [st, en];
}

/** any_find_slice: the code point index of sub in s[start:end], -1 if absent (the empty sub: at start, or end for rfind). */
function findSlice(s: string, sub: string, start: number | undefined, end: number | undefined, dir: number): number {
  const [st, en] = adjust(start, end, cpLength(s));
  const m = cpLength(sub);
  if (en - st < m) return -1;
  if (m === 0) return dir > 0 ? st : en;
  const u = unitOf(s, st);
  const part = s.slice(u, unitOf(s, en));
  const j = dir > 0 ? part.indexOf(sub) : part.lastIndexOf(sub);
  return j < 0 ? -1 : cpOf(s, u + j);
}

/** unicode_count: non-overlapping occurrences in s[start:end] (the empty sub: between every two characters and at both ends). */
function countSlice(s: string, sub: string, start: number | undefined, end: number | undefined): number {
  const [st, en] = adjust(start, end, cpLength(s));
  if (en - st < cpLength(sub)) return 0;
  if (sub === '') return en - st + 1;
  const part = s.slice(unitOf(s, st), unitOf(s, en));
  let n = 0;
  for (let i = part.indexOf(sub); i >= 0; i = part.indexOf(sub, i + sub.length)) n++;
  return n;
}

/** tailmatch: whether s[start:end] starts (dir -1) or ends (dir 1) with sub. */
function tailmatch(s: string, sub: string, start: number | undefined, end: number | undefined, dir: number): boolean {
  const m = cpLength(sub);
  let [st, en] = adjust(start, end, cpLength(s));
  en -= m;
  if (en < st) return false;
  if (m === 0) return true;
  const at = unitOf(s, dir > 0 ? en : st);
  return s.startsWith(sub, at);
}

/**
 * split_whitespace: the words between runs of Py_UNICODE_ISSPACE characters; past maxsplit
 * words, the rest (its leading whitespace skipped) is the last item. `whole`: no whitespace
 * anywhere and a split allowed, the str is its own one item.
 */
function splitWhitespace(s: string, maxsplit: number): [string[], boolean] {
  // every whitespace character is in the BMP: UTF-16 units do
  const parts: string[] = [];
  const n = s.length;
  let i = 0;
  for (let count = maxsplit < 0 ? Infinity : maxsplit; count > 0; count--) {
    while (i < n && isSpace(s.charCodeAt(i))) i++;
    if (i === n) break;
    const j = i++;
    while (i < n && !isSpace(s.charCodeAt(i))) i++;
    if (j === 0 && i === n) return [[], true];
    parts.push(s.slice(j, i));
  }
  if (i < n) {
    while (i < n && isSpace(s.charCodeAt(i))) i++;
    if (i !== n) parts.push(s.slice(i));
  }
  return [parts, false];
}

/** do_strip: Py_UNICODE_ISSPACE characters off either end. */
function stripSpace(s: string, left: boolean, right: boolean): string {
  let a = 0, b = s.length;
  if (left) while (a < b && isSpace(s.charCodeAt(a))) a++;
  if (right) while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

/** _PyUnicode_XStrip: the characters of `chars` (code points) off either end. */
function trimChars(s: string, chars: string, left: boolean, right: boolean): string {
  const set = new Set(chars);
  const cs = [...s];
  let a = 0, b = cs.length;
  if (left) while (a < b && set.has(cs[a]!)) a++;
  if (right) while (b > a && set.has(cs[b - 1]!)) b--;
  return a === 0 && b === cs.length ? s : cs.slice(a, b).join('');
}

/** Line boundaries of str.splitlines (Py_UNICODE_ISLINEBREAK): \n \r \v \f \x1c-\x1e \x85 \u2028 \u2029, and \r\n as one. */
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g;

/** str.splitlines(keepends): each line, with its boundary when keepends; no empty last line. */
export function splitLines(s: string, keepends: boolean): string[] {
  const out: string[] = [];
  let at = 0;
  for (const m of s.matchAll(LINE_BREAK)) {
    const end = m.index + m[0].length;
    out.push(s.slice(at, keepends ? end : m.index));
    at = end;
  }
  if (at < s.length) out.push(s.slice(at));
  return out;
}
