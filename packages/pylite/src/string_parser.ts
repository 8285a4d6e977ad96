/**
 * Literals as Parser/string_parser.c (and the number parsing beside it) read them: numbers,
 * str and bytes literals with their escapes, and f-strings split into literal text and
 * {expr!conv:spec} replacements (the spec may nest; `{x=}` shows the expression's text).
 */
import type { SyntaxNode } from '@lezer/common';
import type { Expr, FPart } from './ast.js';

/** A number literal (underscores allowed; a complex one is outside the subset). */
export function parseNumber(text: string, line: number, syntaxError: (msg: string) => never, unsupported: (what: string) => never): Expr {
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) unsupported('a complex number');
  if (/^0[xX][0-9a-fA-F]+$/.test(t) || /^0[oO][0-7]+$/.test(t) || /^0[bB][01]+$/.test(t)) return { k: 'Int', line, value: BigInt(t.toLowerCase().replace(/^0o/, '0o')) };
  if (/^\d+$/.test(t)) {
    if (/^0\d/.test(t) && /[1-9]/.test(t)) syntaxError('leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers');
    return { k: 'Int', line, value: BigInt(t) };
  }
  return { k: 'Float', line, value: Number(t) };
}

/** A str or bytes literal: its prefix (r, b, u), quotes and escapes. */
export function parseString(raw: string, line: number, syntaxError: (msg: string) => never): Expr {
  const m = /^([rRbBuU]{0,2})('''|"""|'|")/.exec(raw);
  if (!m) return syntaxError('invalid syntax');
  const prefix = m[1]!.toLowerCase();
  const q = m[2]!;
  const body = raw.slice(m[0].length, raw.length - q.length);
  const isBytes = prefix.includes('b');
  const value = prefix.includes('r') ? body : unescape(body, isBytes, syntaxError);
  return isBytes ? { k: 'Bytes', line, value } : { k: 'Str', line, value };
}

/** decode_unicode_with_escapes / _PyBytes_DecodeEscape: a literal's backslash escapes. */
export function unescape(s: string, bytes: boolean, syntaxError: (msg: string) => never): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') { out += c; continue; }
    const d = s[++i];
    switch (d) {
      case undefined: syntaxError('unterminated string literal');
      // eslint-disable-next-line no-fallthrough
      case '\n': break;
      case '\\': out += '\\'; break;
      case "'": out += "'"; break;
      case '"': out += '"'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        let j = i;
        while (j < i + 3 && /[0-7]/.test(s[j] ?? '')) j++;
        out += String.fromCharCode(parseInt(s.slice(i, j), 8));
        i = j - 1;
        break;
      }
      case 'x': out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16)); i += 2; break;
      case 'u': if (bytes) { out += '\\u'; break; } out += String.fromCodePoint(parseInt(s.slice(i + 1, i + 5), 16)); i += 4; break;
      case 'U': if (bytes) { out += '\\U'; break; } out += String.fromCodePoint(parseInt(s.slice(i + 1, i + 9), 16)); i += 8; break;
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      default: out += '\\' + d;
    }
  }
  return out;
}

/** What f-string lowering needs of the parser: the source, a node's children and text, expressions. */
export interface FStringLowerer {
  readonly src: string;
  all(n: SyntaxNode): SyntaxNode[];
  text(n: SyntaxNode): string;
  exprList(nodes: SyntaxNode[]): Expr;
  syntaxError(n: SyntaxNode, msg?: string): never;
}

/** f-strings: literal text, and {expr!conv:spec} replacements (the spec may nest). */
export function parseFString(p: FStringLowerer, n: SyntaxNode, line: number): Expr {
  const raw = p.text(n);
  const m = /^([rRfF]{1,2})('''|"""|'|")/.exec(raw)!;
  const isRaw = m[1]!.toLowerCase().includes('r');
  const q = m[2]!;
  return { k: 'FString', line, parts: fparts(p, n, n.from + m[0].length, n.to - q.length, isRaw) };
}

function fparts(p: FStringLowerer, n: SyntaxNode, start: number, end: number, isRaw: boolean): FPart[] {
  const parts: FPart[] = [];
  let at = start;
  const lit = (from: number, to: number) => {
    if (to <= from) return;
    let t = p.src.slice(from, to).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    if (!isRaw) t = unescape(t, false, (msg) => p.syntaxError(n, msg));
    parts.push(t);
  };
  for (const r of p.all(n)) {
    if (r.name !== 'FormatReplacement' || r.from < start || r.to > end) continue;
    lit(at, r.from);
    const inner = p.all(r).filter((c) => c.name !== '{' && c.name !== '}');
    const conv = inner.find((c) => c.name === 'FormatConversion');
    const spec = inner.find((c) => c.name === 'FormatSpec');
    // {expr=}: the expression's text, the '=' and the spaces around it, then its repr
    // (its str when a format spec is given without a conversion), as 3.8's self-documenting f-strings
    const selfDoc = inner.find((c) => c.name === 'FormatSelfDoc');
    const exprNodes = inner.filter((c) => c !== conv && c !== spec && c !== selfDoc && c.name !== ':');
    const expr = p.exprList(exprNodes);
    if (selfDoc !== undefined) parts.push(p.src.slice(r.from + 1, (conv ?? spec)?.from ?? r.to - 1));
    const conversion = conv ? (p.text(conv).slice(1) as 'r' | 's' | 'a') : selfDoc !== undefined && spec === undefined ? 'r' : null;
    const specParts = spec ? fparts(p, spec, spec.from + 1, spec.to, isRaw) : null;
    parts.push({ expr, conversion, spec: specParts, text: p.src.slice(r.from + 1, (conv ?? spec ?? r).from === r.from ? r.to - 1 : (conv ?? spec)!.from) });
    at = r.to;
  }
  lit(at, end);
  return parts;
}
