"""Shared helpers for the golden programs in ../golden/*.py (our code, no CPython code).

Every golden program:
  * calls ``check_interpreter()`` first (CPython 3.11, 64-bit, PYTHONHASHSEED=0),
  * builds one document that starts with ``header(__file__)``,
  * prints it with ``emit(doc)``: one JSON document on stdout, 2-space indent, keys in the
    order the program inserted them, short scalar lists kept on one line.

``run_case(program)`` runs a Python program in a fresh interpreter (same executable, same
flags and environment) and returns its stdout lines parsed as ``key = <python literal>``.
"""
import ast
import json
import os
import platform
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
WIDTH = 100                      # lists of scalars wrap at this many columns
FLAT_WIDTH = 200                 # objects with only scalar values stay on one line up to this width


def check_interpreter():
    if sys.implementation.name != 'cpython' or sys.version_info[:2] != (3, 11):
        sys.exit(f"golden programs need CPython 3.11, this is {sys.implementation.name} {platform.python_version()}")
    if sys.maxsize != 2**63 - 1:
        sys.exit("golden programs need a 64-bit build")
    if sys.flags.hash_randomization or os.environ.get('PYTHONHASHSEED') != '0':
        sys.exit("golden programs must run with PYTHONHASHSEED=0 (use node tools/cpython-oracle/golden.mjs)")
    if os.environ.get('PYTHONMALLOC'):
        sys.exit("PYTHONMALLOC must not be set: it changes object sizes and block classes")


def header(program_file, **extra):
    doc = {
        'python': platform.python_version(),
        'generatedBy': os.path.relpath(os.path.abspath(program_file), ROOT).replace(os.sep, '/'),
    }
    doc.update(extra)
    return doc


def _scalar(v):
    return v is None or isinstance(v, (bool, int, float, str))


def _enc(v):
    if isinstance(v, float) and v != v:
        raise ValueError("NaN is not JSON")
    return json.dumps(v, ensure_ascii=False)


def dumps(v, ind=0):
    pad = ' ' * ind
    if isinstance(v, dict):
        if not v:
            return '{}'
        if all(_scalar(x) for x in v.values()):
            one = '{' + ', '.join(f"{_enc(k)}: {_enc(x)}" for k, x in v.items()) + '}'
            if len(one) + ind <= FLAT_WIDTH:
                return one
        items = []
        for k, x in v.items():
            if not isinstance(k, str):
                raise TypeError(f"JSON keys must be str, got {k!r}")
            items.append(f"{pad}  {_enc(k)}: {dumps(x, ind + 2)}")
        return '{\n' + ',\n'.join(items) + '\n' + pad + '}'
    if isinstance(v, (list, tuple)):
        if not v:
            return '[]'
        if all(_scalar(x) for x in v):
            parts = [_enc(x) for x in v]
            one = '[' + ', '.join(parts) + ']'
            if len(one) + ind + 40 <= WIDTH:
                return one
            if any(isinstance(x, str) and len(x) > 24 for x in v):      # e.g. stdout lines: one per line
                return '[\n' + ',\n'.join(f"{pad}  {p}" for p in parts) + '\n' + pad + ']'
            lines, cur = [], ''
            for p in parts:
                if cur and len(cur) + len(p) + ind + 4 > WIDTH:
                    lines.append(cur)
                    cur = ''
                cur = f"{cur} {p}," if cur else f"{p},"
            lines.append(cur)
            lines[-1] = lines[-1][:-1]
            return '[\n' + '\n'.join(f"{pad}  {l}" for l in lines) + '\n' + pad + ']'
        if all(isinstance(x, (list, tuple)) and all(_scalar(y) for y in x) for x in v):
            rows = ['[' + ', '.join(_enc(y) for y in x) + ']' for x in v]
            return '[\n' + ',\n'.join(f"{pad}  {r}" for r in rows) + '\n' + pad + ']'
        return '[\n' + ',\n'.join(f"{pad}  {dumps(x, ind + 2)}" for x in v) + '\n' + pad + ']'
    if _scalar(v):
        return _enc(v)
    raise TypeError(f"not JSON-serialisable: {type(v).__name__}")


def emit(doc):
    text = dumps(doc) + '\n'
    json.loads(text)                      # self-check
    sys.stdout.write(text)
    sys.stdout.flush()


# ---------------------------------------------------------------------------------------
# Fresh-interpreter case runner (gc programs)

_ADDR = re.compile(r'0x[0-9a-fA-F]+')


def to_json_value(v):
    """A Python literal (from ast.literal_eval) as a JSON value: tuples become lists."""
    if isinstance(v, (list, tuple)):
        return [to_json_value(x) for x in v]
    if isinstance(v, dict):
        return {str(k): to_json_value(x) for k, x in v.items()}
    if isinstance(v, (set, frozenset)):
        return sorted(to_json_value(x) for x in v)
    if _scalar(v):
        return v
    raise TypeError(f"unsupported literal {v!r}")


def run_case(program, timeout=120):
    """Run `program` with `python -c` in a fresh interpreter; every stdout line must be
    `key = <python literal>` with a key not seen before. Returns (stdout_lines, values, stderr_lines)."""
    argv = [sys.executable, '-s', '-B', '-P', '-c', program]
    p = subprocess.run(argv, capture_output=True, text=True, env=dict(os.environ),
                       timeout=timeout, cwd=ROOT)
    if p.returncode != 0:
        raise SystemExit(f"case program failed with status {p.returncode}:\n{program}\n--- stderr:\n{p.stderr}")
    lines = p.stdout.splitlines()
    values = {}
    for line in lines:
        key, sep, rest = line.partition(' = ')
        if not sep or not re.fullmatch(r'[A-Za-z_][A-Za-z0-9_.]*', key):
            raise SystemExit(f"case output line is not `key = literal`: {line!r}\n{program}")
        if key in values:
            raise SystemExit(f"case output key {key!r} printed twice\n{program}")
        try:
            values[key] = to_json_value(ast.literal_eval(rest))
        except (ValueError, SyntaxError) as e:
            raise SystemExit(f"case output value is not a literal: {line!r} ({e})\n{program}")
        if _ADDR.search(line):
            raise SystemExit(f"case output contains an address: {line!r}")
    err = [_ADDR.sub('0xADDR', l) for l in p.stderr.splitlines()]
    return lines, values, err


def run_raw(program, timeout=120):
    """Run `program` with `python -c` in a fresh interpreter; return its stdout lines (no parsing)."""
    argv = [sys.executable, '-s', '-B', '-P', '-c', program]
    p = subprocess.run(argv, capture_output=True, text=True, env=dict(os.environ),
                       timeout=timeout, cwd=ROOT)
    if p.returncode != 0:
        raise SystemExit(f"program failed with status {p.returncode}:\n{program}\n--- stderr:\n{p.stderr}")
    for line in p.stdout.splitlines():
        if _ADDR.search(line):
            raise SystemExit(f"program output contains an address: {line!r}")
    return p.stdout.splitlines(), [_ADDR.sub('0xADDR', l) for l in p.stderr.splitlines()]


def has_testcapi():
    p = subprocess.run([sys.executable, '-s', '-B', '-P', '-c', 'import _testcapi; _testcapi.with_tp_del'],
                       capture_output=True, env=dict(os.environ), cwd=ROOT)
    return p.returncode == 0
