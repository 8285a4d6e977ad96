/**
 * str (Objects/unicodeobject.c): its methods, and the check that an argument is a str.
 */
import { Kind, type ObjectId } from '@pymm/objects';
import { intOf, newInt } from './abstract.js';
import { raise, unsupported } from './exceptions.js';
import { listFrom } from './listobject.js';
import { ref, truth, typeName } from './object.js';
import type { PyState } from './pystate.js';

export function strOf(vm: PyState, id: ObjectId): string {
  if (vm.heap.kindOf(id) !== Kind.Str) raise(vm, 'TypeError', `expected str, got ${typeName(vm, id)}`);
  return vm.heap.value(id) as string;
}

export function strMethod(vm: PyState, s: string, name: string, a: ObjectId[], line: number, self?: ObjectId): ObjectId {
  const h = vm.heap;
  // unicode_result_unchanged: a method that leaves an exact str as it was returns the str itself
  const same = (r: string) => (self !== undefined && r === s ? ref(vm, self) : h.str(r));
  const arg = (i: number) => (a[i] === undefined || a[i] === h.noneId ? undefined : strOf(vm, a[i]!));
  const strList = (parts: string[]) => { const ids = parts.map((p) => h.str(p)); const l = h.list(ids); for (const x of ids) h.decrefUnchecked(x); return l; };
  // str.split's list: PyList_New(PREALLOC_SIZE(maxsplit)) (12 slots, or maxsplit + 1), the
  // pieces stored in those slots and appended past them, never shrunk (FIX_PREALLOC_SIZE).
  // (CPython makes the list before the pieces; here they come first: the same sizes)
  const splitList = (parts: string[], maxsplit: number) => {
    const prealloc = maxsplit >= 0 && maxsplit < 12 ? maxsplit + 1 : 12;
    // one piece that is the whole str (no separator in it): the str itself
    const ids = self !== undefined && parts.length === 1 && parts[0] === s ? [ref(vm, self)] : parts.map((p) => h.str(p));
    const l = h.list(ids.slice(0, prealloc), prealloc);
    for (const x of ids.slice(prealloc)) h.listAppend(l, x);
    for (const x of ids) h.decrefUnchecked(x);
    return l;
  };
  switch (name) {
    case 'join': {
      // PySequence_Fast: a list or tuple is read as it is, anything else made a list first
      const k = h.kindOf(a[0]!);
      const l = k === Kind.List || k === Kind.Tuple ? ref(vm, a[0]!) : listFrom(vm, a[0]!);
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
      const sep = arg(0);
      const max = a[1] !== undefined ? Number(intOf(vm, a[1])) : -1;
      if (sep === undefined) {
        const out: string[] = [];
        let rest = s.replace(/^\s+/, '');
        while (rest !== '') {
          if (max >= 0 && out.length === max) { out.push(rest); break; }
          const m = /\s+/.exec(rest);
          if (!m) { out.push(rest); break; }
          out.push(rest.slice(0, m.index));
          rest = rest.slice(m.index + m[0].length);
        }
        return splitList(out, max);
      }
      if (sep === '') raise(vm, 'ValueError', 'empty separator');
      const parts = s.split(sep);
      return splitList(max >= 0 && parts.length > max + 1 ? [...parts.slice(0, max), parts.slice(max).join(sep)] : parts, max);
    }
    case 'splitlines': {
      // PyList_New(0), each line appended (the list grows as appends grow it)
      const keepends = a[0] !== undefined && truth(vm, a[0]);
      const l = h.list();
      for (const p of splitLines(s, keepends)) { const x = h.str(p); h.listAppend(l, x); h.decrefUnchecked(x); }
      return l;
    }
    case 'strip': { const c = arg(0); return same(c === undefined ? s.trim() : trimChars(s, c, true, true)); }
    case 'lstrip': { const c = arg(0); return same(c === undefined ? s.trimStart() : trimChars(s, c, true, false)); }
    case 'rstrip': { const c = arg(0); return same(c === undefined ? s.trimEnd() : trimChars(s, c, false, true)); }
    case 'upper': return h.str(s.toUpperCase());
    case 'lower': return h.str(s.toLowerCase());
    case 'title': return h.str(s.replace(/[A-Za-z]+/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()));
    case 'capitalize': return h.str(s.slice(0, 1).toUpperCase() + s.slice(1).toLowerCase());
    case 'startswith': return h.bool(s.startsWith(arg(0)!));
    case 'endswith': return h.bool(s.endsWith(arg(0)!));
    case 'replace': {
      const n = a[2] !== undefined ? Number(intOf(vm, a[2])) : -1;
      // replace()'s "nothing to replace" cases return the str itself: no occurrence, a count
      // of 0, the same object for old and new, or two empty strings
      const old = arg(0)!, repl = arg(1)!;
      if (self !== undefined && (n === 0 || a[0] === a[1] || (old === '' && repl === '') || (old !== '' && !s.includes(old)))) return ref(vm, self);
      const parts = s.split(arg(0)!);
      if (n < 0 || parts.length - 1 <= n) return h.str(parts.join(arg(1)!));
      return h.str(parts.slice(0, n + 1).join(arg(1)!) + arg(0)! + parts.slice(n + 1).join(arg(0)!));
    }
    case 'partition': { const sep = arg(0)!; const i = s.indexOf(sep); const parts = i < 0 ? [s, '', ''] : [s.slice(0, i), sep, s.slice(i + sep.length)]; const ids = parts.map((p) => h.str(p)); const t = h.tuple(ids); for (const x of ids) h.decrefUnchecked(x); return t; }
    case 'swapcase': return h.str([...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''));
    case 'isalnum': return h.bool(s.length > 0 && /^[A-Za-z0-9]+$/.test(s));
    case 'find': case 'index': case 'rfind': {
      const [lo, hi] = strRange(vm, s.length, a[1], a[2]);
      const part = s.slice(lo, hi);
      const j = name === 'rfind' ? part.lastIndexOf(arg(0)!) : part.indexOf(arg(0)!);
      if (j < 0 && name === 'index') raise(vm, 'ValueError', 'substring not found');
      return newInt(vm, BigInt(j < 0 ? -1 : j + lo));
    }
    case 'count': return newInt(vm, BigInt(arg(0)! === '' ? s.length + 1 : s.split(arg(0)!).length - 1));
    case 'isdigit': return h.bool(s.length > 0 && /^\d+$/.test(s));
    case 'isalpha': return h.bool(s.length > 0 && /^[A-Za-z]+$/.test(s));
    case 'isspace': return h.bool(s.length > 0 && /^\s+$/.test(s));
    case 'isupper': return h.bool(/[A-Z]/.test(s) && s === s.toUpperCase());
    case 'islower': return h.bool(/[a-z]/.test(s) && s === s.toLowerCase());
    case 'zfill': { const w = Number(intOf(vm, a[0]!)); const neg = s.startsWith('-') || s.startsWith('+'); return same(neg ? s[0] + s.slice(1).padStart(w - 1, '0') : s.padStart(w, '0')); }
    case 'ljust': return same(s.padEnd(Number(intOf(vm, a[0]!)), arg(1) ?? ' '));
    case 'rjust': return same(s.padStart(Number(intOf(vm, a[0]!)), arg(1) ?? ' '));
    case 'center': { const w = Number(intOf(vm, a[0]!)); const fill = arg(1) ?? ' '; const total = Math.max(0, w - s.length); const left = Math.floor(total / 2) + (total % 2 && w % 2 ? 1 : 0); return same(fill.repeat(left) + s + fill.repeat(total - left)); }
    case 'format': unsupported('str.format', line);
  }
  return raise(vm, 'AttributeError', `'str' object has no attribute '${name}'`);
}

/** str.find's start / end arguments, adjusted like slice indices. */
function strRange(vm: PyState, n: number, start: ObjectId | undefined, end: ObjectId | undefined): [number, number] {
  const h = vm.heap;
  const adj = (x: ObjectId | undefined, def: number) => {
    if (x === undefined || x === h.noneId) return def;
    let v = Number(intOf(vm, x));
    if (v < 0) v = Math.max(0, v + n);
    return Math.min(v, n);
  };
  return [adj(start, 0), adj(end, n)];
}

function trimChars(s: string, chars: string, left: boolean, right: boolean): string {
  let a = 0, b = s.length;
  if (left) while (a < b && chars.includes(s[a]!)) a++;
  if (right) while (b > a && chars.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
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
