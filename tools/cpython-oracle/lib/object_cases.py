"""The object cases shared by golden/sizes.py and golden/blocks.py (our code).

CASES is a list of (case id, source). A source is either one expression (evaluated) or
statements that bind `obj`. Every case runs in a fresh namespace; classes are defined inside
the case, so the shared-keys state of one case never leaks into another.
"""

TPFLAGS_MANAGED_DICT = 1 << 4
TPFLAGS_HAVE_GC = 1 << 14
CASES = []


def case(cid, src):
    CASES.append((cid, src))


def build(src):
    ns = {'__name__': 'golden_case'}
    try:
        code = compile(src, '<case>', 'eval')
    except SyntaxError:
        exec(compile(src, '<case>', 'exec'), ns)
        return ns['obj'], ns
    return eval(code, ns), ns


# --- atoms ---------------------------------------------------------------------------------
for v in ('0', '1', '256', '257', '-5', '-6', '2**30-1', '2**30', '2**60-1', '2**60', '2**90', '-2**100'):
    case(f'int {v}', v)
case('int 2**60-1 as a literal', '1152921504606846975')
case('int 2**60-1 from str', "int('1152921504606846975')")
case('float', '1.5')
case('complex', '1j')
case('complex 1+2j', 'complex(1, 2)')
case('bool True', 'True')
case('None', 'None')

# str: ASCII, Latin-1 (1 byte/char, non-ASCII), UCS-2, UCS-4
for n in (0, 1, 2, 10, 100):
    case(f"str ascii {n}", f"'a' * {n}")
for ch, kind in (('é', 'latin1'), ('€', 'ucs2'), ('\\U0001F600', 'ucs4')):
    for n in (1, 2, 10):
        case(f"str {kind} {n}", f"'{ch}' * {n}")
case('str latin1 mixed 10', "'abcdefghi' + 'é'")

for n in (0, 1, 2, 10, 100):
    case(f'bytes {n}', f"b'x' * {n}")
case('bytearray empty', 'bytearray()')
for n in (1, 2, 10, 100):
    case(f'bytearray {n}', f"bytearray(b'x' * {n})")
case('bytearray 10 appends', "obj = bytearray()\nfor i in range(10):\n    obj.append(120)")

# --- tuples, lists -------------------------------------------------------------------------
for n in (0, 1, 2, 3, 5, 10, 20, 21):
    case(f'tuple {n}', f'tuple(range({n}))')
case('tuple literal (1, 2, 3)', '(1, 2, 3)')

for n in (0, 1, 4, 5, 8, 9, 16, 17, 100):
    case(f'list [None]*{n}', f'[None] * {n}')
    case(f'list list(range({n}))', f'list(range({n}))')
    case(f'list comprehension {n}', f'[x for x in range({n})]')
    case(f'list {n} appends', f'obj = []\nfor i in range({n}):\n    obj.append(i)')
case('list []', '[]')
case('list literal [1, 2]', '[1, 2]')
case('list literal [1, 2, 3]', '[1, 2, 3]')
case('list literal 5 consts', '[1, 2, 3, 4, 5]')
case('list [*range(5)]', '[*range(5)]')
case('list(tuple 5)', 'list((1, 2, 3, 4, 5))')
case('list copy of 5 appends', 'src = []\nfor i in range(5):\n    src.append(i)\nobj = src[:]')

# --- dicts ---------------------------------------------------------------------------------
case('dict {}', '{}')
case('dict dict()', 'dict()')
for n in list(range(1, 11)) + [20, 100]:
    case(f'dict {n} str keys inserted', f"obj = {{}}\nfor i in range({n}):\n    obj['k%d' % i] = i")
    case(f'dict {n} int keys inserted', f"obj = {{}}\nfor i in range({n}):\n    obj[i] = i")
    case(f'dict comprehension {n} str keys', f"{{'k%d' % i: i for i in range({n})}}")
    case(f'dict.fromkeys {n} str keys', f"dict.fromkeys(['k%d' % i for i in range({n})])")
    case(f'dict.fromkeys range({n})', f"dict.fromkeys(range({n}))")
for n in (1, 5, 6, 10, 11, 20):
    body = ', '.join(f"'k{i}': {i}" for i in range(n))
    case(f'dict literal {n} str keys', '{' + body + '}')
    body = ', '.join(f"'k{i}': x" for i in range(n))
    case(f'dict display {n} str keys, non-constant values', f"x = 0\nobj = {{{body}}}")
case('dict(a=1, b=2)', 'dict(a=1, b=2)')
case('dict 10 str keys then cleared', "obj = {}\nfor i in range(10):\n    obj['k%d' % i] = i\nobj.clear()")
case('dict 10 str keys then 9 deleted', "obj = {}\nfor i in range(10):\n    obj['k%d' % i] = i\nfor i in range(9):\n    del obj['k%d' % i]")

# --- sets ----------------------------------------------------------------------------------
for n in (0, 1, 4, 5, 8, 16, 100):
    case(f'set(range({n}))', f'set(range({n}))')
    case(f'frozenset(range({n}))', f'frozenset(range({n}))')
    case(f'set {n} adds', f'obj = set()\nfor i in range({n}):\n    obj.add(i)')
case('set literal {1, 2, 3}', '{1, 2, 3}')
case('set literal 5 items', '{1, 2, 3, 4, 5}')

# --- instances -----------------------------------------------------------------------------
def cls_src(k):
    body = ''.join(f'        self.a{i} = {i}\n' for i in range(k)) or '        pass\n'
    return f'class A:\n    def __init__(self):\n{body}'

case('class A: pass; A()', 'class A:\n    pass\nobj = A()')
for k in range(0, 6):
    case(f'instance {k} attrs', cls_src(k) + 'obj = A()')
    case(f'instance {k} attrs, __dict__ accessed', cls_src(k) + 'obj = A()\nobj.__dict__')
    case(f'instance {k} attrs: its __dict__', cls_src(k) + 'obj = A().__dict__')
case('instance: __dict__ of 2nd instance, 2 attrs',
     cls_src(2) + 'first = A()\nobj = A().__dict__')
case('instance 40 attrs: its __dict__ (shared keys full after 30)',
     'class A:\n    pass\nobj = A()\nfor i in range(40):\n    setattr(obj, "a%d" % i, i)\nobj = obj.__dict__')
case('instance of class A(object)', 'class A(object):\n    pass\nobj = A()')
case('instance of class with __weakref__ only via slots', "class S:\n    __slots__ = ('__weakref__',)\nobj = S()")
case('instance of class with __dict__ slot', "class S:\n    __slots__ = ('__dict__',)\nobj = S()")
for k in range(0, 4):
    names = ', '.join(repr(f's{i}') for i in range(k))
    case(f'__slots__ {k} slots', f"class S:\n    __slots__ = ({names}{',' if k == 1 else ''})\nobj = S()")
case('instance of list subclass', 'class L(list):\n    pass\nobj = L()')
case('instance of int subclass', 'class I(int):\n    pass\nobj = I(5)')

# --- types, functions, methods -------------------------------------------------------------
case('type object: class A: pass', 'class A:\n    pass\nobj = A')
case('type object: class with __slots__ (a, b)', "class S:\n    __slots__ = ('a', 'b')\nobj = S")
case('type object: class with 3 methods', 'class A:\n    def f(self): pass\n    def g(self): pass\n    def h(self): pass\nobj = A')
case('type object: builtin int', 'int')
case('function (def)', 'def f():\n    pass\nobj = f')
case('function (lambda)', 'lambda: None')
case('function with closure', 'def outer():\n    x = 1\n    def inner():\n        return x\n    return inner\nobj = outer()')
case('closure cell', 'def outer():\n    x = 1\n    def inner():\n        return x\n    return inner\nobj = outer().__closure__[0]')
case('bound method', 'class B:\n    def m(self):\n        pass\nobj = B().m')
case('bound builtin method', '[].append')
case('staticmethod object', 'staticmethod(lambda: None)')
case('classmethod object', 'classmethod(lambda cls: None)')
case('property object', 'property()')
case('code object', '(lambda: None).__code__')
case('builtin function', 'len')

# --- misc ----------------------------------------------------------------------------------
case('weakref.ref', 'import weakref\nclass A:\n    pass\na = A()\nobj = weakref.ref(a)')
case('weakref.ref with callback', 'import weakref\nclass A:\n    pass\na = A()\nobj = weakref.ref(a, lambda r: None)')
case('range', 'range(10)')
case('slice', 'slice(1, 2)')
case('object()', 'object()')
case('Ellipsis', '...')
case('NotImplemented', 'NotImplemented')
case('generator expression', '(x for x in [])')
case('generator function, not started', 'def g():\n    yield 1\nobj = g()')
case('generator function with 3 locals', 'def g(a, b):\n    c = a + b\n    yield c\nobj = g(1, 2)')
case('list iterator', 'iter([])')
case('dict keys view', '{}.keys()')
case('module', 'import sys\nobj = sys')
case('exception instance', 'ValueError("x")')
case('SimpleNamespace', 'import types\nobj = types.SimpleNamespace()')
case('functools.partial', 'import functools\nobj = functools.partial(print)')
