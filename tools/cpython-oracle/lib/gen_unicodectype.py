"""Generates packages/pylite/src/unicodectype.data.ts: what pylite's Unicode character rules
need besides the host's regexes to answer as CPython 3.11 does (our code, no CPython code).

    python3 tools/cpython-oracle/lib/gen_unicodectype.py            # (re)write the table
    python3 tools/cpython-oracle/lib/gen_unicodectype.py --check    # exit 1 if it is stale

pylite's unicodectype.ts answers each character predicate with a JavaScript rule (a `\\p{...}`
regex, between its `// rules:begin` and `// rules:end` lines) on the code points Unicode 14
assigns. This script runs that block in `node`, asks CPython's own C functions (through
ctypes: _PyUnicode_IsAlpha, _PyUnicode_ToTitleFull, ...) about every code point, and writes
only what differs:

  UNASSIGNED     the code points CPython's database (Unicode 14.0.0) leaves unassigned (Cn)
  ADD / REMOVE   per predicate, where python3 says yes / no and the masked rule the opposite
  LOWER / UPPER  where python3's full case mapping differs from the host's toLowerCase /
                 toUpperCase of the one character (masked the same way)
  TITLE          where python3's title case mapping differs from its upper case mapping

A range list is comma-separated base-36 tokens "gap" or "gap.extra": the range starts gap
code points after the previous one's end (the first after -1) and ends extra after its start.
"""
import ctypes
import json
import os
import platform
import subprocess
import sys
import unicodedata

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
SRC = os.path.join(ROOT, 'packages', 'pylite', 'src', 'unicodectype.ts')
OUT = os.path.join(ROOT, 'packages', 'pylite', 'src', 'unicodectype.data.ts')
N = 0x110000

api = ctypes.pythonapi
UCS4 = ctypes.c_uint32


def pred(name):
    f = getattr(api, name)
    f.argtypes = [UCS4]
    f.restype = ctypes.c_int
    return lambda cp: f(cp) != 0


def mapping(name):
    f = getattr(api, name)
    buf = (UCS4 * 3)()
    f.argtypes = [UCS4, ctypes.POINTER(UCS4)]
    f.restype = ctypes.c_int
    def run(cp):
        n = f(cp, buf)
        return ''.join(chr(buf[i]) for i in range(n))
    return run


# The predicate names of unicodectype.ts's RULES and CPython's answer for each.
PYTHON = {
    'alpha': pred('_PyUnicode_IsAlpha'),
    'decimal': pred('_PyUnicode_IsDecimalDigit'),
    'digit': pred('_PyUnicode_IsDigit'),
    'numeric': pred('_PyUnicode_IsNumeric'),
    'space': lambda cp: chr(cp).isspace(),          # Py_UNICODE_ISSPACE (ASCII table, then _PyUnicode_IsWhitespace)
    'lower': pred('_PyUnicode_IsLowercase'),
    'upper': pred('_PyUnicode_IsUppercase'),
    'title': pred('_PyUnicode_IsTitlecase'),
    'cased': pred('_PyUnicode_IsCased'),
    'caseIgnorable': pred('_PyUnicode_IsCaseIgnorable'),
    'printable': pred('_PyUnicode_IsPrintable'),
}
TO_LOWER = mapping('_PyUnicode_ToLowerFull')
TO_UPPER = mapping('_PyUnicode_ToUpperFull')
TO_TITLE = mapping('_PyUnicode_ToTitleFull')

NODE_PROGRAM = r'''
%s
const N = 0x110000, ranges = {}, lower = [], upper = [];
for (const p of Object.keys(RULES)) {
  const r = [];
  for (let cp = 0; cp < N; cp++) {
    if (!RULES[p].test(String.fromCodePoint(cp))) continue;
    if (r.length && r[r.length - 1][1] === cp - 1) r[r.length - 1][1] = cp; else r.push([cp, cp]);
  }
  ranges[p] = r;
}
for (let cp = 0; cp < N; cp++) {
  const c = String.fromCodePoint(cp);
  if (c.toLowerCase() !== c) lower.push([cp, c.toLowerCase()]);
  if (c.toUpperCase() !== c) upper.push([cp, c.toUpperCase()]);
}
console.log(JSON.stringify({ node: process.version, unicode: process.versions.unicode, ranges, lower, upper }));
'''


def node_rules():
    """The RULES block of unicodectype.ts evaluated by node for every code point."""
    text = open(SRC, encoding='utf-8').read()
    begin, end = text.index('// rules:begin'), text.index('// rules:end')
    block = text[text.index('\n', begin) + 1:end].replace('export const RULES', 'const RULES')
    out = subprocess.run(['node', '--input-type=module', '-e', NODE_PROGRAM % block],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def to_ranges(cps):
    r = []
    for cp in cps:
        if r and r[-1][1] == cp - 1:
            r[-1][1] = cp
        else:
            r.append([cp, cp])
    return r


def b36(n):
    digits = '0123456789abcdefghijklmnopqrstuvwxyz'
    s = ''
    while True:
        n, d = divmod(n, 36)
        s = digits[d] + s
        if n == 0:
            return s


def encode(cps):
    tokens, prev = [], -1
    for a, b in to_ranges(cps):
        tokens.append(b36(a - prev - 1) + ('' if a == b else '.' + b36(b - a)))
        prev = b
    return ','.join(tokens)


def ts_string(s, indent='  ', width=100):
    """A long ASCII string literal as a concatenation of lines."""
    if len(s) <= width:
        return "'" + s + "'"
    parts = [s[i:i + width] for i in range(0, len(s), width)]
    return ('\n' + indent).join(["'" + p + "' +" for p in parts[:-1]] + ["'" + parts[-1] + "'"])


def ts_pairs(pairs):
    if not pairs:
        return '[]'
    items = ['[0x%x, %s]' % (cp, json.dumps(s)) for cp, s in pairs]
    lines, line = [], ''
    for it in items:
        if line and len(line) + len(it) + 2 > 100:
            lines.append(line)
            line = ''
        line += (' ' if line else '') + it + ','
    lines.append(line)
    return '[\n  ' + '\n  '.join(lines) + '\n]'


def generate():
    js = node_rules()
    rule = {p: set() for p in PYTHON}
    for p, rs in js['ranges'].items():
        for a, b in rs:
            rule[p].update(range(a, b + 1))
    js_lower, js_upper = dict(js['lower']), dict(js['upper'])
    unassigned, add, remove = [], {p: [] for p in PYTHON}, {p: [] for p in PYTHON}
    lower, upper, title = [], [], []
    for cp in range(N):
        c = chr(cp)
        assigned = unicodedata.category(c) != 'Cn'
        if not assigned:
            unassigned.append(cp)
        for p, f in PYTHON.items():
            py, masked = f(cp), assigned and cp in rule[p]
            if py and not masked:
                add[p].append(cp)
            elif masked and not py:
                remove[p].append(cp)
        lo, up, ti = TO_LOWER(cp), TO_UPPER(cp), TO_TITLE(cp)
        if cp >= 128 and lo != (js_lower.get(cp, c) if assigned else c):
            lower.append((cp, lo))
        if cp >= 128 and up != (js_upper.get(cp, c) if assigned else c):
            upper.append((cp, up))
        if ti != up:
            title.append((cp, ti))

    def table(d):
        return '{\n' + ''.join('  %s: %s,\n' % (p, ts_string(encode(v), '    ')) for p, v in d.items()) + '}'

    return f'''/**
 * GENERATED by tools/cpython-oracle/lib/gen_unicodectype.py: do not edit. Regenerate with
 *   python3 tools/cpython-oracle/lib/gen_unicodectype.py
 * from python3 {platform.python_version()} (its Unicode database {unicodedata.unidata_version}, asked through its C functions
 * _PyUnicode_IsAlpha, _PyUnicode_ToTitleFull, ...) and the rules of unicodectype.ts evaluated by
 * node {js['node']} (Unicode {js['unicode']}): only where they differ. Range lists: comma-separated
 * base-36 "gap" or "gap.extra" (start = previous end + 1 + gap, end = start + extra).
 */

/** The code points Unicode {unicodedata.unidata_version} leaves unassigned (category Cn): no property, mapped to themselves. */
export const UNASSIGNED =
  {ts_string(encode(unassigned))};

/** Per predicate: where python3 says yes but the rule (on assigned code points) says no. */
export const ADD = {table(add)};

/** Per predicate: where python3 says no but the rule says yes. */
export const REMOVE = {table(remove)};

/** _PyUnicode_ToLowerFull where it differs from the host's toLowerCase (masked to assigned code points). */
export const LOWER: readonly (readonly [number, string])[] = {ts_pairs(lower)};

/** _PyUnicode_ToUpperFull where it differs from the host's toUpperCase. */
export const UPPER: readonly (readonly [number, string])[] = {ts_pairs(upper)};

/** _PyUnicode_ToTitleFull where it differs from _PyUnicode_ToUpperFull. */
export const TITLE: readonly (readonly [number, string])[] = {ts_pairs(title)};
'''


def main():
    if sys.implementation.name != 'cpython' or sys.version_info[:2] != (3, 11):
        sys.exit(f'needs CPython 3.11, this is {sys.implementation.name} {platform.python_version()}')
    text = generate()
    if '--check' in sys.argv[1:]:
        old = open(OUT, encoding='utf-8').read() if os.path.exists(OUT) else ''
        if old != text:
            print(f'{os.path.relpath(OUT, ROOT)} is stale: run python3 {os.path.relpath(__file__, ROOT)}')
            sys.exit(1)
        return
    with open(OUT, 'w', encoding='utf-8') as f:
        f.write(text)
    print(f'wrote {os.path.relpath(OUT, ROOT)} ({len(text)} characters)')


if __name__ == '__main__':
    main()
