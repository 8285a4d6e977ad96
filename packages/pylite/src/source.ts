/**
 * A program file's bytes to its text, as CPython's tokenizer decodes a source file
 * (Parser/tokenizer.c: check_bom, check_coding_spec, get_normal_name; PEP 263):
 *
 *   bytes                                   text
 *   a UTF-8 BOM                             dropped; the source is UTF-8 (a cookie naming
 *                                           another encoding is "encoding problem: X with BOM")
 *   a coding cookie on line 1, or on        `# -*- coding: NAME -*-`, `# vim: set
 *   line 2 when line 1 is blank or a        fileencoding=NAME :`: decoded as NAME
 *   comment
 *   neither                                 UTF-8; the first byte that is not part of a valid
 *                                           sequence is "Non-UTF-8 code starting with ..."
 *
 * pylite decodes UTF-8 and Latin-1 (and ASCII); a source in another encoding is refused
 * as outside the subset, never read wrongly.
 */

/** A SyntaxError CPython reports before any line is parsed: printed as `SyntaxError: message` alone. */
export class SourceEncodingError extends Error {
  override readonly name = 'SourceEncodingError';
}

/** A source pylite does not decode (its line: the cookie's). */
export class SourceEncodingUnsupported extends Error {
  override readonly name = 'SourceEncodingUnsupported';
  constructor(readonly construct: string, readonly line: number) {
    super(`${construct} is outside the pylite subset`);
  }
}

const BOM = [0xef, 0xbb, 0xbf];

/** CPython's get_normal_name: the spellings of utf-8 and latin-1 folded, any other name as written. */
export function normalEncodingName(name: string): string {
  const s = name.slice(0, 12).toLowerCase().replace(/_/g, '-');
  if (s === 'utf-8' || s.startsWith('utf-8-')) return 'utf-8';
  for (const l of ['latin-1', 'iso-8859-1', 'iso-latin-1']) if (s === l || s.startsWith(l + '-')) return 'iso-8859-1';
  return name;
}

/** Python's codec aliases for the encodings pylite decodes (encodings/aliases.py); any other name as given. */
function codecFamily(name: string): string {
  const n = name.toLowerCase().replace(/[-_ ]/g, '');
  if (['utf8', 'u8', 'utf', 'cp65001', 'utf8ucs2', 'utf8ucs4'].includes(n)) return 'utf-8';
  if (['latin1', 'latin', 'l1', 'iso88591', '8859', 'cp819', 'isoir100', 'csisolatin1', 'iso885911987', 'isolatin1'].includes(n)) return 'iso-8859-1';
  if (['ascii', 'usascii', '646', 'ansix3.41968', 'ansix3.41986', 'cp367', 'csascii', 'ibm367', 'iso646us', 'isoir6', 'us'].includes(n)) return 'ascii';
  return name;
}

/** The encoding a source line declares (check_coding_spec), or null; `comment` says whether the line is blank or only a comment. */
function codingSpec(line: string): { name: string | null; commentOrBlank: boolean } {
  const body = line.replace(/^[ \t\f]*/, '');
  if (body === '' || body === '\n' || body === '\r\n') return { name: null, commentOrBlank: true };
  if (body[0] !== '#') return { name: null, commentOrBlank: false };
  const m = /coding[:=][ \t]*([-\w.]+)/.exec(body);
  return { name: m ? m[1]! : null, commentOrBlank: true };
}

/** Offset of the first byte that does not begin or continue a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array, from = 0): number {
  for (let i = from; i < b.length;) {
    const c = b[i]!;
    if (c < 0x80) { i++; continue; }
    let need: number, lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) { need = 2; if (c === 0xe0) lo = 0xa0; if (c === 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; if (c === 0xf0) lo = 0x90; if (c === 0xf4) hi = 0x8f; }
    else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

const latin1 = (b: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
};

/** The text of a source file (`filename` as the messages name it). Throws SourceEncodingError or SourceEncodingUnsupported. */
export function decodeSource(bytes: Uint8Array, filename: string): string {
  const bom = bytes.length >= 3 && BOM.every((x, k) => bytes[k] === x);
  const body = bom ? bytes.subarray(3) : bytes;
  // the first two lines, read as Latin-1 (the cookie is ASCII)
  const lines: string[] = [];
  for (let start = 0, k = 0; k < 2 && start < body.length; k++) {
    let end = body.indexOf(0x0a, start);
    end = end < 0 ? body.length : end + 1;
    lines.push(latin1(body.subarray(start, end)));
    start = end;
  }
  let declared: string | null = null, cookieLine = 0;
  const first = lines[0] !== undefined ? codingSpec(lines[0]) : null;
  if (first?.name) { declared = first.name; cookieLine = 1; }
  else if (first?.commentOrBlank && lines[1] !== undefined) {
    const second = codingSpec(lines[1]);
    if (second.name) { declared = second.name; cookieLine = 2; }
  }
  const normal = declared === null ? null : normalEncodingName(declared);
  if (bom && normal !== null && normal !== 'utf-8') throw new SourceEncodingError(`encoding problem: ${normal} with BOM`);
  const encoding = normal === null ? null : codecFamily(normal);
  if (encoding === null || encoding === 'utf-8') {
    const bad = firstInvalidUtf8(body);
    if (bad >= 0) {
      if (encoding === 'utf-8') throw new SourceEncodingUnsupported('invalid UTF-8 in a source that declares utf-8', cookieLine);
      let line = 1;
      for (let i = 0; i < bad; i++) if (body[i] === 0x0a) line++;
      throw new SourceEncodingError(`Non-UTF-8 code starting with '\\x${body[bad]!.toString(16).padStart(2, '0')}' in file ${filename} on line ${line}, but no encoding declared; see https://peps.python.org/pep-0263/ for details`);
    }
    return new TextDecoder('utf-8').decode(body);
  }
  if (encoding === 'iso-8859-1') return latin1(body);
  if (encoding === 'ascii') {
    if (body.every((x) => x < 0x80)) return latin1(body);
    throw new SourceEncodingUnsupported(`a non-ASCII byte in a source that declares ${declared}`, cookieLine);
  }
  throw new SourceEncodingUnsupported(`the source encoding '${declared}' (pylite reads utf-8 and latin-1)`, cookieLine);
}
