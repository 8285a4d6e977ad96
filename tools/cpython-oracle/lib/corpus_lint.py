"""Checks that corpus programs stay inside pylite's Python subset and the corpus rules.

    python3 tools/cpython-oracle/lib/corpus_lint.py [FILE.py ...]   (default: every corpus program)

Prints one line per problem ("FILE:LINE: message") and exits 1 if there are any, else 0.
Run by tools/cpython-oracle/src/corpus.test.ts. The subset is the one in corpus/README.md:
the statements, expressions and built-ins listed there, and nothing else -- so a program that
fails under pylite fails because pylite is wrong, not because the corpus strayed outside it.
"""
import ast
import builtins
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, '..', 'corpus')

NAME_RE = re.compile(r'^\d{3}_[a-z0-9_]+\.py$')
MIN_LINES, MAX_LINES = 10, 60

STATEMENTS = {
    ast.Expr, ast.Assign, ast.AugAssign, ast.Delete, ast.If, ast.While, ast.For, ast.Break,
    ast.Continue, ast.Pass, ast.FunctionDef, ast.Return, ast.ClassDef, ast.Global, ast.Assert,
    ast.Import, ast.Try, ast.Raise, ast.With,
}
EXPRESSIONS = {
    ast.Constant, ast.Name, ast.List, ast.Tuple, ast.Dict, ast.Set, ast.ListComp, ast.SetComp, ast.DictComp,
    ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.Attribute, ast.Subscript, ast.Slice,
    ast.Call, ast.JoinedStr, ast.FormattedValue,
}
OTHER = {
    ast.Module, ast.Load, ast.Store, ast.Del, ast.comprehension, ast.arguments, ast.arg,
    ast.ExceptHandler, ast.alias, ast.keyword, ast.withitem,
    ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.LShift, ast.RShift,
    ast.BitOr, ast.BitXor, ast.BitAnd, ast.Invert, ast.Not, ast.UAdd, ast.USub, ast.And, ast.Or,
    ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Is, ast.IsNot, ast.In, ast.NotIn,
}
ALLOWED_NODES = STATEMENTS | EXPRESSIONS | OTHER

BUILTIN_FUNCTIONS = {
    'print', 'len', 'range', 'list', 'dict', 'tuple', 'set', 'frozenset', 'str', 'int', 'float', 'bool',
    'isinstance', 'type', 'id', 'hash', 'iter', 'next', 'sorted', 'min', 'max', 'sum',
    'enumerate', 'zip', 'repr', 'object', 'property', 'staticmethod', 'classmethod', 'format', 'abs', 'divmod', 'reversed',
}
# Built-in exception classes (raise/except of built-in exceptions is in the subset).
BUILTIN_EXCEPTIONS = {n for n in dir(builtins)
                      if isinstance(getattr(builtins, n), type) and issubclass(getattr(builtins, n), BaseException)}
MODULES = {'gc', 'sys', 'weakref'}
MODULE_ATTRS = {
    'sys': {'getrefcount', 'getsizeof', 'getrecursionlimit', 'setrecursionlimit', 'get_int_max_str_digits',
            'set_int_max_str_digits'},
    'weakref': {'ref', 'finalize'},
    'gc': {'collect', 'enable', 'disable', 'isenabled', 'get_count', 'get_threshold', 'set_threshold',
           'get_objects', 'get_referents', 'get_referrers', 'is_tracked', 'is_finalized', 'freeze',
           'unfreeze', 'get_freeze_count', 'get_stats', 'set_debug', 'get_debug', 'garbage',
           'callbacks', 'DEBUG_SAVEALL'},
}


def bound_names(tree):
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.alias):
            names.add(node.asname or node.name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.Global):
            names.update(node.names)
    return names


def is_gc_collect(node):
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == 'collect'
            and isinstance(node.func.value, ast.Name) and node.func.value.id == 'gc')


def lint(path):
    problems = []
    name = os.path.basename(path)

    def bad(line, msg):
        problems.append(f'{name}:{line}: {msg}')

    if not NAME_RE.match(name):
        bad(0, 'file name must be NNN_topic.py (lower case, digits, underscores)')
    with open(path, encoding='utf-8') as f:
        text = f.read()
    lines = text.splitlines()
    if not (MIN_LINES <= len(lines) <= MAX_LINES):
        bad(0, f'{len(lines)} lines; programs are {MIN_LINES}-{MAX_LINES} lines')
    if not lines or not lines[0].startswith('# ') or len(lines[0]) < 20:
        bad(1, 'must start with a header comment saying what the program shows')
    if not text.endswith('\n'):
        bad(len(lines), 'missing final newline')
    try:
        tree = ast.parse(text, name)
    except SyntaxError as e:
        bad(e.lineno or 0, f'syntax error: {e.msg}')
        return problems

    known = bound_names(tree) | BUILTIN_FUNCTIONS | BUILTIN_EXCEPTIONS
    for node in ast.walk(tree):
        line = getattr(node, 'lineno', 0)
        if type(node) not in ALLOWED_NODES:
            bad(line, f'{type(node).__name__} is outside the subset')
            continue
        # str.format(**kwargs) takes any keyword; other calls none the lint can check
        if isinstance(node, ast.Call) and node.keywords and not (isinstance(node.func, ast.Attribute) and node.func.attr == 'format'):
            bad(line, 'keyword arguments in calls are outside the subset')
        if isinstance(node, (ast.For, ast.While, ast.Try)) and node.orelse:
            bad(line, f'else on {type(node).__name__.lower()} is outside the subset')
        if isinstance(node, ast.FunctionDef):
            a = node.args
            # decorators: a dotted name, called or not (what pylite's grammar takes)
            plain = all(isinstance(d.func if isinstance(d, ast.Call) else d, (ast.Name, ast.Attribute)) for d in node.decorator_list)
            if not plain or a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs or node.returns:
                bad(line, 'decorators other than dotted names, *args, **kwargs, keyword-only/positional-only parameters, annotations are outside the subset')
        if isinstance(node, ast.ClassDef) and (node.keywords or node.decorator_list):
            bad(line, 'class keywords and decorators are outside the subset')
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name not in MODULES or alias.asname:
                    bad(line, f'import {alias.name}: only import gc, sys, weakref')
        if (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in known
                and '# undefined on purpose' not in lines[line - 1]):
            bad(line, f'name {node.id!r} is neither bound in the program nor an allowed built-in')
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in MODULE_ATTRS
                and node.attr not in MODULE_ATTRS[node.value.id]):
            bad(line, f'{node.value.id}.{node.attr} is not in the subset')
        if isinstance(node, ast.Raise) and node.cause is not None:
            bad(line, 'raise ... from ... is outside the subset')

    # A program that prints gc.collect() results first calls gc.collect() once, unprinted.
    bare = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Expr) and is_gc_collect(n.value)]
    printed = [n.lineno for n in ast.walk(tree)
               if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == 'print'
               and any(is_gc_collect(x) for arg in n.args for x in ast.walk(arg))]
    if printed and (not bare or min(bare) > min(printed)):
        bad(min(printed), 'prints a gc.collect() result without an unprinted gc.collect() before it')
    return problems


def main(argv):
    files = argv or sorted(os.path.join(CORPUS, f) for f in os.listdir(CORPUS) if f.endswith('.py'))
    problems = []
    for f in files:
        problems.extend(lint(f))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
