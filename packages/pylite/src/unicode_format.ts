/**
 * str % args (PyUnicode_Format, Objects/unicodeobject.c) and str.format
 * (Objects/stringlib/unicode_format.h), in the order CPython reads the format, with its
 * errors word for word.
 *
 *   %-format     [%(key)][flags -+ #0][width|*][.prec|*][h|l|L]conversion
 *                conversions s r a (any object), d i u (int or float), o x X (int),
 *                e E f F g G (float), c (int or one character), %% (a percent sign)
 *   str.format   {[name|index][.attr|[key]]...[!s|!r|!a][:spec]} with {{ and }} for braces,
 *                a spec may hold one more level of fields: {:{width}.{prec}}
 *
 * A result that is exactly one str written whole, as the last thing written, is that str
 * itself (the _PyUnicodeWriter keeps it instead of copying): ('%s' % s) is s.
 */
import { Kind, NULL_ID, type ObjectId } from '@pymm/objects';
import { format, getItem, intOf, newInt } from './abstract.js';
import { raise, unsupported } from './exceptions.js';
import { formatFloat } from './format.js';
import { getAttr, ref, repr, str, typeName } from './object.js';
import type { PyState } from './pystate.js';
import { lookupSpecial } from './typeobject.js';

/**
 * What a formatter has written (_PyUnicodeWriter): its text, and the str object that is
 * all of it when one was written whole as the last thing (the writer holds a reference
 * to it: `release` drops it when formatting fails after all).
 */
class Writer {
  text = '';
  private whole: ObjectId = NULL_ID;
  constructor(private readonly vm: PyState) {}
  write(s: string): void {
    if (s !== '') this.text += s;
  }
  writeObject(obj: ObjectId, text: string, last: boolean): void {
    if (text === '') return;
    if (this.text === '' && last) this.whole = ref(this.vm, obj);
    this.text += text;
  }
  /** The result: a new reference. */
  result(): ObjectId {
    const whole = this.whole;
    this.whole = NULL_ID;
    return whole !== NULL_ID ? whole : this.vm.heap.str(this.text);
  }
  release(): void {
    if (this.whole !== NULL_ID) this.vm.heap.decrefUnchecked(this.whole);
    this.whole = NULL_ID;
  }
}

/** PyObject_ASCII: the repr with every non-ASCII character escaped. */
export function asciiRepr(r: string): string {
  let out = '';
  for (const ch of r) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out += ch;
    else if (c < 0x100) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out;
}

// --- str % args ------------------------------------------------------------------------

const F_LJUST = 1, F_SIGN = 2, F_BLANK = 4, F_ALT = 8, F_ZERO = 16;

interface Arg { ch: string; flags: number; width: number; prec: number; sign: boolean }

/** PyMapping_Check, less str and tuple (which PyUnicode_Format excludes): a type with mp_subscript. */
function isMapping(vm: PyState, x: ObjectId): boolean {
  const k = vm.heap.kindOf(x);
  if (k === Kind.Dict || k === Kind.List || k === Kind.Bytes) return true;
  if (typeName(vm, x) === 'range') return true;
  return k === Kind.Instance && lookupSpecial(vm, x, '__getitem__') !== NULL_ID;
}

/** PyUnicode_Format(fmt, args): `fmt % args`. */
export function percentFormat(vm: PyState, fmtObj: ObjectId, argsObj: ObjectId, line: number): ObjectId {
  const h = vm.heap;
  const fmt = Array.from(h.value(fmtObj) as string);
  const isTuple = h.kindOf(argsObj) === Kind.Tuple;
  let args = argsObj;
  const tupleItems = isTuple ? h.items(argsObj) : [];
  let arglen = isTuple ? tupleItems.length : -1;
  let argidx = isTuple ? 0 : -2;
  const dict = !isTuple && h.kindOf(argsObj) !== Kind.Str && isMapping(vm, argsObj) ? argsObj : NULL_ID;
  /** ctx->args when a %(key) lookup replaced it: owned, released at the end. */
  let owned = NULL_ID;
  const w = new Writer(vm);
  let pos = 0;
  let cnt = fmt.length;
  const nextArg = (): ObjectId => {
    if (argidx < arglen) {
      const i = argidx++;
      return arglen < 0 ? args : tupleItems[i]!;
    }
    return raise(vm, 'TypeError', 'not enough arguments for format string');
  };
  try {
    while (--cnt >= 0) {
      if (fmt[pos] !== '%') {
        const start = pos++;
        while (cnt >= 0 && fmt[pos] !== '%') { pos++; cnt--; }
        if (cnt < 0) pos--;
        w.write(fmt.slice(start, pos).join(''));
        continue;
      }
      pos++;
      // unicode_format_arg
      if (fmt[pos] === '%') { pos++; cnt--; w.write('%'); continue; }
      const arg: Arg = { ch: fmt[pos] ?? '', flags: 0, width: -1, prec: -1, sign: false };
      // unicode_format_arg_parse
      if (arg.ch === '(') {
        if (dict === NULL_ID) raise(vm, 'TypeError', 'format requires a mapping');
        pos++; cnt--;
        const keystart = pos;
        let pcount = 1;
        while (pcount > 0 && --cnt >= 0) {
          arg.ch = fmt[pos]!;
          if (arg.ch === ')') pcount--;
          else if (arg.ch === '(') pcount++;
          pos++;
        }
        if (cnt < 0 || pcount > 0) raise(vm, 'ValueError', 'incomplete format key');
        const key = h.str(fmt.slice(keystart, pos - 1).join(''));
        let v: ObjectId;
        try { v = getItem(vm, dict, key, line); } finally { h.decrefUnchecked(key); }
        if (owned !== NULL_ID) h.decrefUnchecked(owned);
        owned = v;
        args = v;
        arglen = -1;
        argidx = -2;
      }
      while (--cnt >= 0) {
        arg.ch = fmt[pos++]!;
        const f = arg.ch === '-' ? F_LJUST : arg.ch === '+' ? F_SIGN : arg.ch === ' ' ? F_BLANK : arg.ch === '#' ? F_ALT : arg.ch === '0' ? F_ZERO : 0;
        if (f === 0) break;
        arg.flags |= f;
      }
      // a width is a Py_ssize_t (PyLong_AsSsize_t), a precision a C int (_PyLong_AsInt)
      const star = (bits: 64 | 32): number => {
        const v = nextArg();
        if (h.kindOf(v) !== Kind.Int && h.kindOf(v) !== Kind.Bool) raise(vm, 'TypeError', '* wants int');
        const n = intOf(vm, v);
        const max = bits === 64 ? 2n ** 63n : 2n ** 31n;
        if (n >= max || n < -max) raise(vm, 'OverflowError', `Python int too large to convert to C ${bits === 64 ? 'ssize_t' : 'int'}`);
        return Number(n);
      };
      /** A number written out (its first digit read already), up to `max`. */
      const digits = (max: number, tooBig: string): number => {
        let n = Number(arg.ch);
        while (--cnt >= 0) {
          arg.ch = fmt[pos++]!;
          if (arg.ch < '0' || arg.ch > '9') break;
          n = n * 10 + Number(arg.ch);
          if (n > max) raise(vm, 'ValueError', tooBig);
        }
        return n;
      };
      if (arg.ch === '*') {
        arg.width = star(64);
        if (arg.width < 0) { arg.flags |= F_LJUST; arg.width = -arg.width; }
        if (--cnt >= 0) arg.ch = fmt[pos++]!;
      } else if (arg.ch >= '0' && arg.ch <= '9') arg.width = digits(Number.MAX_SAFE_INTEGER / 10, 'width too big');
      if (arg.ch === '.') {
        arg.prec = 0;
        if (--cnt >= 0) arg.ch = fmt[pos++]!;
        if (arg.ch === '*') {
          arg.prec = Math.max(0, star(32));
          if (--cnt >= 0) arg.ch = fmt[pos++]!;
        } else if (arg.ch >= '0' && arg.ch <= '9') arg.prec = digits(2 ** 31 - 1, 'precision too big');
      }
      if (cnt >= 0 && (arg.ch === 'h' || arg.ch === 'l' || arg.ch === 'L')) {
        if (--cnt >= 0) arg.ch = fmt[pos++]!;
      }
      if (cnt < 0) raise(vm, 'ValueError', 'incomplete format');
      // unicode_format_arg_format: the argument is fetched before the conversion is looked at
      const v = nextArg();
      const last = cnt === 0;
      const out = formatArg(vm, arg, v, pos - 1, line);
      const points = out.obj !== NULL_ID ? Array.from(out.text).length : 0;
      if (out.obj !== NULL_ID && (arg.width === -1 || arg.width <= points) && (arg.prec === -1 || arg.prec >= points) && !(arg.flags & (F_SIGN | F_BLANK))) {
        w.writeObject(out.obj, out.text, last);
      } else w.write(output(arg, out.text));
      if (dict !== NULL_ID && argidx < arglen) raise(vm, 'TypeError', 'not all arguments converted during string formatting');
    }
    if (argidx < arglen && dict === NULL_ID) raise(vm, 'TypeError', 'not all arguments converted during string formatting');
    return w.result();
  } finally {
    w.release();
    if (owned !== NULL_ID) h.decrefUnchecked(owned);
  }
}

/** One conversion's text (sign included), and the str object it is when it is one whole. */
function formatArg(vm: PyState, arg: Arg, v: ObjectId, at: number, line: number): { text: string; obj: ObjectId } {
  const h = vm.heap;
  const k = h.kindOf(v);
  switch (arg.ch) {
    case 's': case 'r': case 'a': {
      if (arg.ch === 's' && k === Kind.Str) return { text: h.value(v) as string, obj: v };
      const text = arg.ch === 's' ? str(vm, v) : arg.ch === 'r' ? repr(vm, v) : asciiRepr(repr(vm, v));
      return { text, obj: NULL_ID };
    }
    case 'i': case 'd': case 'u': case 'o': case 'x': case 'X': {
      arg.sign = true;
      const integer = arg.ch === 'o' || arg.ch === 'x' || arg.ch === 'X';
      let n: bigint;
      if (k === Kind.Int || k === Kind.Bool) n = intOf(vm, v);
      else if (k === Kind.Float && !integer) {
        const x = h.value(v) as number;
        if (!Number.isFinite(x)) raise(vm, Number.isNaN(x) ? 'ValueError' : 'OverflowError', Number.isNaN(x) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer');
        n = BigInt(Math.trunc(x));
      } else if (k === Kind.Instance) {
        return unsupported(`%${arg.ch} formatting of an instance (its __int__ or __index__)`, line);
      } else {
        return raise(vm, 'TypeError', `%${arg.ch} format: ${integer ? 'an integer' : 'a real number'} is required, not ${typeName(vm, v)}`);
      }
      return { text: formatLong(n, (arg.flags & F_ALT) !== 0, arg.prec, arg.ch), obj: NULL_ID };
    }
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
      arg.sign = true;
      let x: number;
      if (k === Kind.Float) x = h.value(v) as number;
      else if (k === Kind.Int || k === Kind.Bool) {
        x = Number(intOf(vm, v));
        if (!Number.isFinite(x)) raise(vm, 'OverflowError', 'int too large to convert to float');
      } else if (k === Kind.Instance) {
        return unsupported(`%${arg.ch} formatting of an instance (its __float__)`, line);
      } else return raise(vm, 'TypeError', `must be real number, not ${typeName(vm, v)}`);
      // PyOS_double_to_string(x, ch, prec, Py_DTSF_ALT?)
      return { text: formatFloat(x, `${arg.flags & F_ALT ? '#' : ''}.${arg.prec < 0 ? 6 : arg.prec}${arg.ch}`), obj: NULL_ID };
    }
    case 'c': {
      if (k === Kind.Str) {
        const s = Array.from(h.value(v) as string);
        if (s.length !== 1) raise(vm, 'TypeError', '%c requires int or char');
        return { text: s[0]!, obj: NULL_ID };
      }
      if (k !== Kind.Int && k !== Kind.Bool) {
        if (k === Kind.Instance) unsupported('%c formatting of an instance (its __index__)', line);
        raise(vm, 'TypeError', '%c requires int or char');
      }
      const n = intOf(vm, v);
      if (n < 0n || n > 0x10ffffn) raise(vm, 'OverflowError', '%c arg not in range(0x110000)');
      return { text: String.fromCodePoint(Number(n)), obj: NULL_ID };
    }
  }
  const code = arg.ch.codePointAt(0) ?? 0;
  return raise(vm, 'ValueError', `unsupported format character '${code >= 31 && code <= 126 ? arg.ch : '?'}' (0x${code.toString(16)}) at index ${at}`);
}

/** _PyUnicode_FormatLong: "-"? ("0x" | "0X" | "0o")? digits, at least `prec` of them. */
function formatLong(v: bigint, alt: boolean, prec: number, type: string): string {
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString(type === 'o' ? 8 : type === 'x' || type === 'X' ? 16 : 10);
  if (prec > digits.length) digits = '0'.repeat(prec - digits.length) + digits;
  const prefix = alt && (type === 'o' || type === 'x' || type === 'X') ? '0' + type : '';
  const out = (neg ? '-' : '') + prefix + digits;
  return type === 'X' ? out.toUpperCase() : out;
}

/** unicode_format_arg_output: precision, sign, the 0x prefix and padding around a conversion's text. */
function output(arg: Arg, text: string): string {
  const fill = arg.sign && (arg.flags & F_ZERO) ? '0' : ' ';
  let chars = Array.from(text);
  if ((arg.ch === 's' || arg.ch === 'r' || arg.ch === 'a') && arg.prec >= 0 && chars.length > arg.prec) chars = chars.slice(0, arg.prec);
  let len = chars.length;
  let i = 0;
  let signchar = '';
  let sign = arg.sign;
  if (sign) {
    const c = chars[0];
    if (c === '-' || c === '+') { signchar = c; len--; i++; }
    else if (arg.flags & F_SIGN) signchar = '+';
    else if (arg.flags & F_BLANK) signchar = ' ';
    else sign = false;
  }
  let width = Math.max(arg.width, len);
  let out = '';
  if (sign) {
    if (fill !== ' ') out += signchar;
    if (width > len) width--;
  }
  const prefixed = (arg.flags & F_ALT) !== 0 && (arg.ch === 'x' || arg.ch === 'X' || arg.ch === 'o');
  if (prefixed) {
    if (fill !== ' ') { out += chars[i]! + chars[i + 1]!; i += 2; }
    width = Math.max(0, width - 2);
    len -= 2;
  }
  if (width > len && !(arg.flags & F_LJUST)) { out += fill.repeat(width - len); width = len; }
  if (fill === ' ') {
    if (sign) out += signchar;
    if (prefixed) { out += chars[i]! + chars[i + 1]!; i += 2; }
  }
  out += chars.slice(i, i + len).join('');
  if (width > len) out += ' '.repeat(width - len);
  return out;
}

// --- str.format ----------------------------------------------------------------------

interface AutoNumber { state: 'init' | 'auto' | 'manual'; next: number }

/** str.format(*args, **kwargs) (do_string_format). */
export function strFormat(vm: PyState, fmtObj: ObjectId, args: readonly ObjectId[], kw: readonly [string, ObjectId][], line: number): ObjectId {
  const fmt = Array.from(vm.heap.value(fmtObj) as string);
  const w = new Writer(vm);
  try {
    buildString(vm, fmt, 0, fmt.length, args, kw, 2, { state: 'init', next: 0 }, w, line);
    return w.result();
  } finally {
    w.release();
  }
}

function buildString(vm: PyState, s: readonly string[], start: number, end: number, args: readonly ObjectId[], kw: readonly [string, ObjectId][], depth: number, auto: AutoNumber, w: Writer, line: number): void {
  if (depth <= 0) raise(vm, 'ValueError', 'Max string recursion exceeded');
  let at = start;
  // MarkupIterator_next, one literal and one field at a time
  while (at < end) {
    const litStart = at;
    let c = '';
    let markup = false;
    while (at < end) {
      c = s[at++]!;
      if (c === '{' || c === '}') { markup = true; break; }
    }
    const atEnd = at >= end;
    let len = at - litStart;
    if (c === '}' && markup && (atEnd || s[at] !== '}')) raise(vm, 'ValueError', "Single '}' encountered in format string");
    if (atEnd && c === '{' && markup) raise(vm, 'ValueError', "Single '{' encountered in format string");
    if (!atEnd && markup) {
      if (s[at] === c) { at++; markup = false; } else len--;
    }
    w.write(s.slice(litStart, litStart + len).join(''));
    if (!markup) continue;
    // parse_field
    const nameStart = at;
    let ch = '';
    while (at < end) {
      ch = s[at++]!;
      if (ch === '{') raise(vm, 'ValueError', "unexpected '{' in field name");
      if (ch === '[') { while (at < end && s[at] !== ']') at++; continue; }
      if (ch === '}' || ch === ':' || ch === '!') break;
    }
    const nameEnd = at - 1;
    let conversion = '';
    let specStart = 0, specEnd = 0, expand = false;
    if (ch === '!' || ch === ':') {
      let done = false;
      if (ch === '!') {
        if (at >= end) raise(vm, 'ValueError', 'end of string while looking for conversion specifier');
        conversion = s[at++]!;
        if (at < end) {
          const after = s[at++]!;
          if (after === '}') done = true;
          else if (after !== ':') raise(vm, 'ValueError', "expected ':' after conversion specifier");
        }
      }
      if (!done) {
        specStart = at;
        let count = 1;
        let closed = false;
        while (at < end) {
          const x = s[at++]!;
          if (x === '{') { expand = true; count++; } else if (x === '}' && --count === 0) { specEnd = at - 1; closed = true; break; }
        }
        if (!closed) raise(vm, 'ValueError', "unmatched '{' in format spec");
      }
    } else if (ch !== '}') raise(vm, 'ValueError', "expected '}' before end of string");
    // output_markup
    const last = at >= end;
    let obj = fieldObject(vm, s, nameStart, nameEnd, args, kw, auto, line);
    try {
      if (conversion !== '') {
        const text = conversion === 'r' ? repr(vm, obj) : conversion === 's' ? (vm.heap.kindOf(obj) === Kind.Str ? null : str(vm, obj)) : conversion === 'a' ? asciiRepr(repr(vm, obj)) : null;
        if (text === null && conversion !== 's') {
          const code = conversion.codePointAt(0)!;
          raise(vm, 'ValueError', code > 32 && code < 127 ? `Unknown conversion specifier ${conversion}` : `Unknown conversion specifier \\x${code.toString(16)}`);
        }
        if (text !== null) { const made = vm.heap.str(text); vm.heap.decrefUnchecked(obj); obj = made; }
      }
      let spec = s.slice(specStart, specEnd).join('');
      if (expand) {
        const inner = new Writer(vm);
        try {
          buildString(vm, s, specStart, specEnd, args, kw, depth - 1, auto, inner, line);
          spec = inner.text;
        } finally {
          inner.release();
        }
      }
      // PyObject_Format: a str that the spec leaves as it is, is itself
      const out = format(vm, obj, spec);
      if (vm.heap.kindOf(obj) === Kind.Str && out === vm.heap.value(obj)) w.writeObject(obj, out, last);
      else w.write(out);
    } finally {
      vm.heap.decrefUnchecked(obj);
    }
  }
}

/** get_field_object: the argument a field names, then its .attr and [key] parts. Owned. */
function fieldObject(vm: PyState, s: readonly string[], start: number, end: number, args: readonly ObjectId[], kw: readonly [string, ObjectId][], auto: AutoNumber, line: number): ObjectId {
  const h = vm.heap;
  let i = start;
  while (i < end && s[i] !== '[' && s[i] !== '.') i++;
  const first = s.slice(start, i).join('');
  let index = integer(vm, first);
  const empty = first === '';
  if (empty || index !== -1) {
    if (auto.state === 'init') auto.state = empty ? 'auto' : 'manual';
    if (auto.state === 'manual' && empty) raise(vm, 'ValueError', 'cannot switch from manual field specification to automatic field numbering');
    if (auto.state === 'auto' && !empty) raise(vm, 'ValueError', 'cannot switch from automatic field numbering to manual field specification');
    if (empty) index = auto.next++;
  }
  let obj: ObjectId;
  if (index === -1) {
    const found = kw.find(([k]) => k === first);
    if (found === undefined) { const key = h.str(first); try { raise(vm, 'KeyError', key); } finally { h.decrefUnchecked(key); } }
    obj = ref(vm, found[1]);
  } else {
    if (index >= args.length) raise(vm, 'IndexError', `Replacement index ${index} out of range for positional args tuple`);
    obj = ref(vm, args[index]!);
  }
  // FieldNameIterator_next
  while (i < end) {
    const c = s[i++]!;
    let name: string;
    let attribute: boolean;
    if (c === '.') {
      attribute = true;
      const a = i;
      while (i < end && s[i] !== '.' && s[i] !== '[') i++;
      name = s.slice(a, i).join('');
    } else if (c === '[') {
      attribute = false;
      const a = i;
      while (i < end && s[i] !== ']') i++;
      if (i >= end) { h.decrefUnchecked(obj); raise(vm, 'ValueError', "Missing ']' in format string"); }
      name = s.slice(a, i).join('');
      i++;
    } else { h.decrefUnchecked(obj); return raise(vm, 'ValueError', "Only '.' or '[' may follow ']' in format field specifier"); }
    if (name === '') { h.decrefUnchecked(obj); raise(vm, 'ValueError', 'Empty attribute in format string'); }
    let next: ObjectId;
    try {
      if (attribute) next = getAttr(vm, obj, name, line);
      else {
        const n = integer(vm, name);
        const key = n === -1 ? h.str(name) : newInt(vm, BigInt(n));
        try { next = getItem(vm, obj, key, line); } finally { h.decrefUnchecked(key); }
      }
    } finally {
      h.decrefUnchecked(obj);
    }
    obj = next;
  }
  return obj;
}

/** get_integer: a field name of decimal digits as its value, else -1. */
function integer(vm: PyState, t: string): number {
  if (t === '' || !/^[0-9]+$/.test(t)) return -1;
  if (t.length > 18) raise(vm, 'ValueError', 'Too many decimal digits in format string');
  return Number(t);
}

