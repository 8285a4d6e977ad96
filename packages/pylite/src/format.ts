/**
 * Python's text forms of atoms: float repr (`float_repr`: shortest round-trip digits,
 * exponent outside 1e-4 <= |x| < 1e16), str and bytes repr (quote choice and escapes), and
 * the format mini-language for int, float and str (`format(x, spec)`, f-strings).
 */

import { exponentDigits, fixedDigits } from './dtoa.js';

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

function isPrintable(cp: number): boolean {
  if (cp < 0x20 || cp === 0x7f) return false;
  if (cp >= 0x80 && cp < 0xa0) return false;
  if (cp === 0xad) return false;
  if (cp >= 0xd800 && cp < 0xe000) return false;
  if (cp === 0x2028 || cp === 0x2029 || (cp >= 0x200b && cp <= 0x200f) || cp === 0xfeff) return false;
  return true;
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

export class FormatSpecError extends Error {}

interface Spec { fill: string; align: string; sign: string; alt: boolean; zero: boolean; width: number; grouping: string; precision: number; type: string }

function parseSpec(spec: string): Spec {
  const m = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s.exec(spec);
  if (!m) throw new FormatSpecError('Invalid format specifier');
  return {
    fill: m[1] ?? (m[5] && !m[2] ? '0' : ' '), align: m[2] ?? (m[5] ? '=' : ''), sign: m[3] ?? '-', alt: !!m[4], zero: !!m[5],
    width: m[6] ? Number(m[6]) : 0, grouping: m[7] ?? '', precision: m[8] !== undefined ? Number(m[8]) : -1, type: m[9] ?? '',
  };
}

function group(intPart: string, sep: string): string {
  if (!sep) return intPart;
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

function pad(body: string, sign: string, s: Spec, defaultAlign: string): string {
  const align = s.align || defaultAlign;
  const total = sign.length + body.length;
  if (total >= s.width) return sign + body;
  const fill = s.fill.repeat(s.width - total);
  switch (align) {
    case '<': return sign + body + fill;
    case '^': {
      const left = Math.floor((s.width - total) / 2);
      return s.fill.repeat(left) + sign + body + s.fill.repeat(s.width - total - left);
    }
    case '=': return sign + fill + body;
    default: return fill + sign + body;
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

/** format(v, spec) for an int; a decimal result longer than `maxDigits` digits is refused as CPython refuses it. */
export function formatInt(v: bigint, spec: string, maxDigits = 0): string {
  const decimal = (x: bigint): string => {
    const d = decimalOrLimit(x, maxDigits);
    if ('error' in d) throw new FormatSpecError(d.error);
    return d.text;
  };
  if (spec === '') return decimal(v);
  const s = parseSpec(spec);
  if ('eEfFgG%'.includes(s.type) && s.type !== '') return formatFloat(Number(v), spec);
  const neg = v < 0n;
  const a = neg ? -v : v;
  let body: string;
  switch (s.type) {
    case 'b': body = (s.alt ? '0b' : '') + a.toString(2); break;
    case 'o': body = (s.alt ? '0o' : '') + a.toString(8); break;
    case 'x': body = (s.alt ? '0x' : '') + a.toString(16); break;
    case 'X': body = (s.alt ? '0X' : '') + a.toString(16).toUpperCase(); break;
    case 'c': body = String.fromCodePoint(Number(a)); break;
    case '': case 'd': case 'n': body = group(decimal(a), s.grouping); break;
    default: throw new FormatSpecError(`Unknown format code '${s.type}' for object of type 'int'`);
  }
  return pad(body, signOf(neg, s), s, '>');
}

export function formatFloat(x: number, spec: string): string {
  if (spec === '') return floatRepr(x);
  const s = parseSpec(spec);
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let body: string;
  const prec = s.precision < 0 ? 6 : s.precision;
  if (!Number.isFinite(a)) body = Number.isNaN(a) ? 'nan' : 'inf';
  else {
    switch (s.type) {
      case 'f': case 'F': body = fixedDigits(a, prec) + (s.alt && prec === 0 ? '.' : ''); break;
      case 'e': case 'E': {
        const { mantissa, exp } = exponentDigits(a, prec);
        body = (s.alt && prec === 0 ? mantissa + '.' : mantissa) + 'e' + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
        if (s.type === 'E') body = body.toUpperCase();
        break;
      }
      case '%': body = (Number.isFinite(a * 100) ? fixedDigits(a * 100, prec) + (s.alt && prec === 0 ? '.' : '') : 'inf') + '%'; break;
      case 'g': case 'G': case '': {
        if (s.type === '' && s.precision < 0) { body = floatRepr(a); break; }
        const p = s.precision < 0 ? 6 : Math.max(1, s.precision);
        // the exponent the number has once rounded to p significant digits decides
        const { mantissa: m, exp: ee } = exponentDigits(a, p - 1);
        // no type with a precision is 'g' that keeps a digit after the point, so it turns to
        // an exponent one place sooner (format_float_short's add_dot_0_if_integer)
        if (ee >= -4 && ee < (s.type === '' ? p - 1 : p)) {
          body = fixedDigits(a, Math.max(0, p - 1 - ee));
          if (!s.alt) body = body.includes('.') ? body.replace(/\.?0+$/, '') : body;
          if (s.type === '' && !body.includes('.') && !body.includes('e')) body += '.0';
        } else {
          let mm = m;
          if (!s.alt) mm = mm.includes('.') ? mm.replace(/\.?0+$/, '') : mm;
          else if (!mm.includes('.')) mm += '.';
          body = mm + 'e' + (ee < 0 ? '-' : '+') + String(Math.abs(ee)).padStart(2, '0');
        }
        if (s.type === 'G') body = body.toUpperCase();
        break;
      }
      default: throw new FormatSpecError(`Unknown format code '${s.type}' for object of type 'float'`);
    }
  }
  if (s.grouping) {
    const [i, f] = body.split('.') as [string, string | undefined];
    body = group(i, s.grouping) + (f !== undefined ? '.' + f : '');
  }
  return pad(body, signOf(neg && !(a === 0 && s.type === '' && false), s), s, '>');
}

export function formatStr(v: string, spec: string): string {
  if (spec === '') return v;
  const s = parseSpec(spec);
  if (s.type !== '' && s.type !== 's') throw new FormatSpecError(`Unknown format code '${s.type}' for object of type 'str'`);
  if (s.sign !== '-' && spec.includes(s.sign)) throw new FormatSpecError('Sign not allowed in string format specifier');
  const body = s.precision >= 0 ? [...v].slice(0, s.precision).join('') : v;
  return pad(body, '', s, '<');
}
