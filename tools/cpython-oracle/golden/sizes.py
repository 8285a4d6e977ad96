# golden: packages/objects/golden/sizes.json
"""sys.getsizeof, type(o).__sizeof__(o), __basicsize__/__itemsize__ and the GC pre-header of
common objects, each built by the Python source recorded in "expr".

The cases live in lib/object_cases.py (shared with blocks.py).
"""
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import gc
import oracle
oracle.check_interpreter()
from object_cases import CASES, build, TPFLAGS_HAVE_GC, TPFLAGS_MANAGED_DICT



def measure(cid, src):
    obj, ns = build(src)
    t = type(obj)
    sizeof = t.__sizeof__(obj)
    pre = (16 if t.__flags__ & TPFLAGS_HAVE_GC else 0) + (16 if t.__flags__ & TPFLAGS_MANAGED_DICT else 0)
    got = sys.getsizeof(obj)
    if got != sizeof + pre:
        raise SystemExit(f"{cid}: getsizeof {got} != __sizeof__ {sizeof} + preheader {pre}")
    row = {
        'case': cid,
        'expr': src,
        'type': t.__qualname__ if t.__module__ == 'builtins' else f'{t.__module__}.{t.__qualname__}',
        'getsizeof': got,
        'sizeof': sizeof,
        'preheader': pre,
        'basicsize': t.__basicsize__,
        'itemsize': t.__itemsize__,
        'gcType': bool(t.__flags__ & TPFLAGS_HAVE_GC),
        'managedDict': bool(t.__flags__ & TPFLAGS_MANAGED_DICT),
        'tracked': gc.is_tracked(obj),
    }
    try:
        row['len'] = len(obj)
    except TypeError:
        pass
    return row


doc = oracle.header(__file__)
doc['what'] = ("sys.getsizeof(obj) for obj built by `expr` (an expression, or statements binding `obj`). "
               "sizeof = type(obj).__sizeof__(obj); preheader = 16 if the type is a GC type + 16 if it has a "
               "managed dict (3.11); getsizeof == sizeof + preheader always (checked). basicsize/itemsize are "
               "type(obj).__basicsize__/__itemsize__. tracked = gc.is_tracked(obj) right after building. "
               "getsizeof is NOT the pymalloc block size: see blocks.json.")
doc['cases'] = [measure(cid, src) for cid, src in CASES]
ids = [c['case'] for c in doc['cases']]
assert len(ids) == len(set(ids)), 'duplicate case ids'
oracle.emit(doc)
