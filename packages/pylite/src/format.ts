/**
 * Python's text forms of atoms: float repr (`float_repr`: shortest round-trip digits,
 * exponent outside 1e-4 <= |x| < 1e16), str and bytes repr (quote choice and escapes), and
 * the format mini-language for int, float and str (`format(x, spec)`, f-strings).
 */

import { exponentDigits, fixedDigits } from './dtoa.js';
import { isPrintable as isPrintableChar } from './unicodectype.js';

export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const neg = x < 0;
  const [mant, expText] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const decpt = Number(expText) + 1;
  let out: string;
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) out = '0.' + '0'.repeat(-decpt) + digits;
    else if (decpt >= digits.length) out = digits + '0'.repeat(decpt - digits.length) + '.0';
    else out = digits.slice(0, decpt) + '.' + digits.slice(decpt);
  } else {
    const e = decpt - 1;
    out = digits[0]! + (digits.length > 1 ? '.' + digits.slice(1) : '') + 'e' + (e < 0 ? '-' : '+') + String(Math.abs(e)).padStart(2, '0');
  }
  return neg ? '-' + out : out;
}

/** Py_UNICODE_ISPRINTABLE: not Cc, Cf, Cs, Co, Cn, Zl, Zp, nor Zs other than the space (Unicode 14, as CPython 3.11). */
function isPrintable(cp: number): boolean {
  return isPrintableChar(cp);
}

export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (!isPrintable(cp)) {
      if (cp < 0x100) out += '\\x' + cp.toString(16).padStart(2, '0');
      else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
      else out += '\\U' + cp.toString(16).padStart(8, '0');
    } else out += ch;
  }
  return out + quote;
}

export function bytesRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = 'b' + quote;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c >= 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}

/** A format spec CPython refuses: ValueError, or OverflowError for a 'c' out of range. */
export class FormatSpecError extends Error {
  constructor(message: string, readonly pyType: 'ValueError' | 'OverflowError' = 'ValueError') {
    super(message);
  }
}

/**
 * InternalFormatSpec (Python/formatter_unicode.c): [[fill]align][sign][z][#][0][width]
 * [,|_][.precision][type]. `grouping` is ',' or '_' (every 3 digits) or '_4' (every 4:
 * '_' with b, o, x or X); `zero` says a 0 before the width asked for zero padding.
 */
interface Spec { fill: string; align: string; sign: string; noNeg0: boolean; alt: boolean; width: number; grouping: string; precision: number; type: string }

const isAlign = (c: string | undefined) => c === '<' || c === '>' || c === '=' || c === '^';

/** parse_internal_render_format_spec: `spec` for an object of `type` (its default type and alignment). */
function parseSpec(spec: string, type: string, defaultType: string, defaultAlign: string): Spec {
  const c = Array.from(spec);
  const end = c.length;
  let pos = 0;
  const f: Spec = { fill: ' ', align: defaultAlign, sign: '', noNeg0: false, alt: false, width: -1, grouping: '', precision: -1, type: defaultType };
  let fillSpecified = false, alignSpecified = false;
  if (end - pos >= 2 && isAlign(c[pos + 1])) { f.align = c[pos + 1]!; f.fill = c[pos]!; fillSpecified = alignSpecified = true; pos += 2; }
  else if (end - pos >= 1 && isAlign(c[pos])) { f.align = c[pos]!; alignSpecified = true; pos++; }
  if (end - pos >= 1 && (c[pos] === '+' || c[pos] === '-' || c[pos] === ' ')) f.sign = c[pos++]!;
  if (end - pos >= 1 && c[pos] === 'z') { f.noNeg0 = true; pos++; }
  if (end - pos >= 1 && c[pos] === '#') { f.alt = true; pos++; }
  if (!fillSpecified && end - pos >= 1 && c[pos] === '0') {
    f.fill = '0';
    if (!alignSpecified && defaultAlign === '>') f.align = '=';
    pos++;
  }
  const integer = (): number => {
    const at = pos;
    while (pos < end && c[pos]! >= '0' && c[pos]! <= '9') pos++;
    if (pos - at > 18) throw new FormatSpecError('Too many decimal digits in format string');
    return pos === at ? -1 : Number(c.slice(at, pos).join(''));
  };
  f.width = integer();
  if (pos < end && c[pos] === ',') { f.grouping = ','; pos++; }
  if (pos < end && c[pos] === '_') {
    if (f.grouping !== '') throw new FormatSpecError("Cannot specify both ',' and '_'.");
    f.grouping = '_';
    pos++;
  }
  if (pos < end && c[pos] === ',' && f.grouping === '_') throw new FormatSpecError("Cannot specify both ',' and '_'.");
  if (pos < end && c[pos] === '.') {
    pos++;
    f.precision = integer();
    if (f.precision < 0) throw new FormatSpecError('Format specifier missing precision');
  }
  if (end - pos > 1) throw new FormatSpecError(`Invalid format specifier '${spec}' for object of type '${type}'`);
  if (end - pos === 1) f.type = c[pos]!;
  if (f.grouping !== '') {
    if ('bxXo'.includes(f.type) && f.grouping === '_') f.grouping = '_4';
    else if (!['d', 'e', 'f', 'g', 'E', 'G', '%', 'F', ''].includes(f.type)) throw new FormatSpecError(`Cannot specify '${f.grouping}' with '${printable(f.type)}'.`);
  }
  return f;
}

function printable(t: string): string {
  const code = t.codePointAt(0) ?? 0;
  return code > 32 && code < 128 ? t : `\\x${code.toString(16)}`;
}

function unknownType(t: string, type: string): never {
  throw new FormatSpecError(`Unknown format code '${printable(t)}' for object of type '${type}'`);
}

/**
 * _PyUnicode_InsertThousandsGrouping: `digits` in groups of `size` from the right, with
 * zeros (and separators) in front until it is at least `minWidth` long, never starting
 * with a separator.
 */
function groupDigits(digits: string, sep: string, size: number, minWidth: number): string {
  const parts: string[] = [];
  let remaining = digits.length;
  let min = minWidth;
  for (;;) {
    const l = Math.min(size, Math.max(remaining, min, 1));
    const chars = Math.min(remaining, l);
    parts.push('0'.repeat(l - chars) + digits.slice(remaining - chars, remaining));
    remaining -= chars;
    min -= l;
    if (remaining <= 0 && min <= 0) break;
    min -= sep.length;
  }
  return parts.reverse().join(sep);
}

/** fill_number: sign, prefix, the digits grouped (zero padded inside the grouping), the rest, padded to the width. */
function fillNumber(s: Spec, sign: string, prefix: string, digits: string, rest: string): string {
  let body = digits;
  if (s.grouping !== '') {
    const sep = s.grouping === ',' ? ',' : '_';
    const size = s.grouping === '_4' ? 4 : 3;
    const minWidth = s.fill === '0' && s.align === '=' ? s.width - sign.length - prefix.length - rest.length : 0;
    body = groupDigits(digits, sep, size, minWidth);
  }
  return pad(prefix + body + rest, sign, s, prefix.length);
}

function pad(body: string, sign: string, s: Spec, prefixLength = 0): string {
  const total = sign.length + [...body].length;
  if (s.width < 0 || total >= s.width) return sign + body;
  const n = s.width - total;
  switch (s.align) {
    case '<': return sign + body + s.fill.repeat(n);
    case '^': {
      const left = Math.floor(n / 2);
      return s.fill.repeat(left) + sign + body + s.fill.repeat(n - left);
    }
    case '=': return sign + body.slice(0, prefixLength) + s.fill.repeat(n) + body.slice(prefixLength);
    default: return s.fill.repeat(n) + sign + body;
  }
}

function signOf(neg: boolean, s: Spec): string {
  return neg ? '-' : s.sign === '+' ? '+' : s.sign === ' ' ? ' ' : '';
}

/** The decimal digits of `v` (its sign included), or the ValueError text when they are more than `maxDigits` (0: no limit). */
export function decimalOrLimit(v: bigint, maxDigits: number): { text: string } | { error: string } {
  const text = v.toString();
  if (maxDigits > 0 && text.length - (v < 0n ? 1 : 0) > maxDigits) {
    return { error: `Exceeds the limit (${maxDigits} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit` };
  }
  return { text };
}

/** format(v, spec) for an int (or a bool, `type`); a decimal result longer than `maxDigits` digits is refused as CPython refuses it. */
export function formatInt(v: bigint, spec: string, maxDigits = 0, type = 'int'): string {
  const decimal = (x: bigint): string => {
    const d = decimalOrLimit(x, maxDigits);
    if ('error' in d) throw new FormatSpecError(d.error);
    return d.text;
  };
  if (spec === '') return decimal(v);
  const s = parseSpec(spec, type, 'd', '>');
  if ('eEfFgG%'.includes(s.type)) return formatFloatSpec(intToFloat(v), s, type);
  if (!'bcdoxXn'.includes(s.type)) unknownType(s.type, type);
  // format_long_internal
  if (s.precision !== -1) throw new FormatSpecError('Precision not allowed in integer format specifier');
  if (s.noNeg0) throw new FormatSpecError('Negative zero coercion (z) not allowed in integer format specifier');
  const neg = v < 0n;
  const a = neg ? -v : v;
  if (s.type === 'c') {
    if (s.sign !== '') throw new FormatSpecError("Sign not allowed with integer format specifier 'c'");
    if (s.alt) throw new FormatSpecError("Alternate form (#) not allowed with integer format specifier 'c'");
    if (neg || a > 0x10ffffn) throw new FormatSpecError('%c arg not in range(0x110000)', 'OverflowError');
    return pad(String.fromCodePoint(Number(a)), '', s);
  }
  const base = s.type === 'b' ? 2 : s.type === 'o' ? 8 : s.type === 'x' || s.type === 'X' ? 16 : 10;
  let digits = base === 10 ? decimal(a) : a.toString(base);
  let prefix = s.alt && base !== 10 ? '0' + s.type : '';
  if (s.type === 'X') { digits = digits.toUpperCase(); prefix = prefix.toUpperCase(); }
  return fillNumber(s, signOf(neg, s), prefix, digits, '');
}

function intToFloat(v: bigint): number {
  const x = Number(v);
  if (!Number.isFinite(x)) throw new FormatSpecError('int too large to convert to float', 'OverflowError');
  return x;
}

export function formatFloat(x: number, spec: string): string {
  if (spec === '') return floatRepr(x);
  return formatFloatSpec(x, parseSpec(spec, 'float', '', '>'), 'float');
}

/** format_float_internal: PyOS_double_to_string, then sign, grouping and padding. */
function formatFloatSpec(x: number, s: Spec, type: string): string {
  if (!['', 'e', 'E', 'f', 'F', 'g', 'G', 'n', '%'].includes(s.type)) unknownType(s.type, type);
  const t = s.type === 'n' ? 'g' : s.type;
  let neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let body: string;
  const prec = s.precision < 0 ? 6 : s.precision;
  if (!Number.isFinite(a)) body = (Number.isNaN(a) ? 'nan' : 'inf')[t === 'E' || t === 'F' || t === 'G' ? 'toUpperCase' : 'toLowerCase']() + (t === '%' ? '%' : '');
  else {
    switch (t) {
      case 'f': case 'F': body = fixedDigits(a, prec) + (s.alt && prec === 0 ? '.' : ''); break;
      case 'e': case 'E': {
        const { mantissa, exp } = exponentDigits(a, prec);
        body = (s.alt && prec === 0 ? mantissa + '.' : mantissa) + 'e' + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
        if (t === 'E') body = body.toUpperCase();
        break;
      }
      case '%': body = (Number.isFinite(a * 100) ? fixedDigits(a * 100, prec) + (s.alt && prec === 0 ? '.' : '') : 'inf') + '%'; break;
      default: {
        if (t === '' && s.precision < 0) {
          // repr, with the alternate form's point where it has none (1.e+20)
          body = floatRepr(a);
          if (s.alt && !body.includes('.')) body = body.replace(/(e|$)/, '.$1');
          break;
        }
        const p = s.precision < 0 ? 6 : Math.max(1, s.precision);
        // the exponent the number has once rounded to p significant digits decides
        const { mantissa: m, exp: ee } = exponentDigits(a, p - 1);
        // no type with a precision is 'g' that keeps a digit after the point, so it turns to
        // an exponent one place sooner (format_float_short's add_dot_0_if_integer)
        if (ee >= -4 && ee < (t === '' ? p - 1 : p)) {
          body = fixedDigits(a, Math.max(0, p - 1 - ee));
          // the alternate form keeps trailing zeros, and the point even with no digit after it
          if (!s.alt) body = body.includes('.') ? body.replace(/\.?0+$/, '') : body;
          else if (!body.includes('.')) body += '.';
          if (t === '' && !body.includes('.') && !body.includes('e')) body += '.0';
        } else {
          let mm = m;
          if (!s.alt) mm = mm.includes('.') ? mm.replace(/\.?0+$/, '') : mm;
          else if (!mm.includes('.')) mm += '.';
          body = mm + 'e' + (ee < 0 ? '-' : '+') + String(Math.abs(ee)).padStart(2, '0');
        }
        if (t === 'G') body = body.toUpperCase();
        break;
      }
    }
  }
  // Py_DTSF_NO_NEG_0: a negative number that rounds to zero loses its sign
  if (s.noNeg0 && neg && !/[1-9]/.test(body.replace(/e.*$/i, ''))) neg = false;
  if (!Number.isFinite(a) && Number.isNaN(a)) neg = false;
  // parse_number: the digits before the point or exponent are grouped, the rest is not
  const m = /^(\d*)(.*)$/s.exec(body)!;
  return fillNumber(s, signOf(neg, s), '', m[1]!, m[2]!);
}

export function formatStr(v: string, spec: string): string {
  if (spec === '') return v;
  const s = parseSpec(spec, 'str', 's', '<');
  if (s.type !== 's') unknownType(s.type, 'str');
  // format_string_internal
  if (s.sign !== '') throw new FormatSpecError(s.sign === ' ' ? 'Space not allowed in string format specifier' : 'Sign not allowed in string format specifier');
  if (s.noNeg0) throw new FormatSpecError('Negative zero coercion (z) not allowed in string format specifier');
  if (s.alt) throw new FormatSpecError('Alternate form (#) not allowed in string format specifier');
  if (s.align === '=') throw new FormatSpecError("'=' alignment not allowed in string format specifier");
  const body = s.precision >= 0 ? [...v].slice(0, s.precision).join('') : v;
  return pad(body, '', s);
}
