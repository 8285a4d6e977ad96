# golden: packages/objects/golden/blocks.json
"""The pymalloc block (size class) each object and each piece of its separate storage occupies,
read from the pool header of the running interpreter (lib/pymalloc_probe.py), next to the
request size predicted by the 3.11 allocation formulas written out below (object_request, storage,
values_request; each row's `formula` says which one was used).

Objects are the cases of lib/object_cases.py (the same as sizes.json). A value of null means
"could not be measured" (probe unavailable, or the pool header failed a consistency check).
"""
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import oracle
oracle.check_interpreter()
import pymalloc_probe as pp
from object_cases import CASES, build

PROBE = pp.Probe()
STATIC = 'static'


def ndigits(v):
    return max(1, -(-abs(v).bit_length() // 30))


def str_request(s):
    if len(s) == 0 or (len(s) == 1 and ord(s) < 256):
        return STATIC, "'' and 1-char Latin-1 strings are static singletons"
    m = max(map(ord, s))
    if m < 128:
        return 48 + len(s) + 1, '48 + len + 1 (compact ASCII)'
    k = 1 if m < 256 else 2 if m < 65536 else 4
    return 72 + (len(s) + 1) * k, f'72 + (len + 1) * {k} (compact, kind {k})'


def object_request(o):
    """(request bytes | 'static' | None, formula text) for the object itself."""
    t = type(o)
    pre = pp.preheader(t)
    if o is None or o is True or o is False or o is ... or o is NotImplemented:
        return STATIC, 'singleton'
    if t is int:
        if -5 <= o <= 256:
            return STATIC, 'small int -5..256 (static)'
        return 24 + 4 * ndigits(o), '24 + 4 * ndigits (30-bit digits, at least 1)'
    if t is float:
        return 24, 'PyObject_Malloc(24)'
    if t is complex:
        return 32, 'PyObject_Malloc(32)'
    if t is str:
        return str_request(o)
    if t is bytes:
        if len(o) <= 1:
            return STATIC, "b'' and 1-byte bytes are static singletons"
        return 33 + len(o), '33 + len'
    if t is tuple:
        if len(o) == 0:
            return STATIC, '() is a static singleton'
        return 16 + 24 + 8 * len(o), '16 + 24 + 8 * n'
    if isinstance(o, type):
        if not (t.__flags__ & (1 << 9)) and not (o.__flags__ & (1 << 9)):   # static type
            return STATIC, 'static type object'
        nslots = len(o.__dict__.get('__slots__', ()))
        req = 16 + ((t.__basicsize__ + (nslots + 1) * t.__itemsize__ + 7) & ~7)
        return req, '16 + round8(type basicsize + (len(__slots__) + 1) * itemsize) (PyType_GenericAlloc)'
    if t in (range, object):
        return t.__basicsize__, 'basicsize (PyObject_New, no GC)'
    if t.__itemsize__ == 0 and t.__module__ != 'builtins' or t.__flags__ & (1 << 9):
        # heap types: object.__new__ -> PyType_GenericAlloc -> preheader + VAR_SIZE(tp, 1), itemsize 0
        if t.__itemsize__ == 0:
            return pre + t.__basicsize__, 'preheader + basicsize (PyType_GenericAlloc)'
        return None, 'variable-size heap type: not modelled'
    if t in (list, dict, set, frozenset, bytearray) or t.__itemsize__ == 0:
        return pre + t.__basicsize__, 'preheader + basicsize'
    return None, 'not modelled'


def predicted_block(req):
    if req is None:
        return None
    if req == STATIC:
        return {'where': 'static'}
    if req > 512:
        return {'where': 'raw'}
    return {'where': 'pymalloc', 'blockSize': (req + 15) // 16 * 16, 'szidx': (req - 1) >> 4}


def part(name, addr, req, formula):
    measured = PROBE.block(addr) if addr else None
    pred = predicted_block(req)
    return {'part': name, 'requestBytes': req if req != STATIC else None, 'formula': formula,
            'predicted': pred, 'measured': measured,
            'agrees': None if measured is None or pred is None else measured == pred}


def values_request(size):
    prefix = (size + 2 + 7) & ~7
    return prefix + 8 * size, f'round8(size + 2) + 8 * size, size = {size} slots (new_values)'


def storage(o):
    """Separately allocated storage of containers (3.11 struct layout, see pymalloc_probe)."""
    t = type(o)
    out = []
    if t is list:
        a = pp.list_allocated(o)
        if a:
            out.append(part('items', pp.list_items_ptr(o), 8 * a, f'8 * allocated ({a}), PyMem_*'))
    elif t is dict:
        kp = pp.dict_keys_ptr(o)
        k = pp.keys_info(kp)
        vp = pp.dict_values_ptr(o)
        if k['log2Size'] == 0:
            out.append(part('keys', kp, STATIC, 'static empty keys (Py_EMPTY_KEYS)'))
        else:
            log2 = k['log2Size']
            w = 1 if log2 < 8 else 2 if log2 < 16 else 4
            entry = 24 if k['kind'] == 'general' else 16
            req = 32 + (1 << log2) * w + ((2 << log2) // 3) * entry
            what = 'shared keys of the class' if vp else f"{k['kind']} keys"
            out.append(part('keys', kp, req, f'32 + indices + usable * {entry} ({what}, 2^{log2} slots)'))
        if vp:
            size = k['nentries'] + k['usable']
            start, prefix = pp.values_array_start(vp)
            # the values array was sized when the instance was created; for a dict built from an
            # instance the current nentries + usable may be smaller: report the formula only when
            # the prefix agrees with it
            req, f = values_request(size)
            if prefix != (size + 2 + 7) & ~7:
                req, f = None, 'values array sized at instance creation (see dict_layout.json)'
            out.append(part('values', start, req, f))
    elif t in (set, frozenset):
        if not pp.set_uses_smalltable(o):
            n = pp.set_mask(o) + 1
            out.append(part('table', pp.set_table_ptr(o), 16 * n, f'16 * {n} entries, PyMem_*'))
    elif t is bytearray:
        a = pp.bytearray_alloc(o)
        if a:
            out.append(part('buffer', pp.bytearray_buffer_ptr(o), a, f'ob_alloc ({a}), PyObject_Malloc'))
    elif t.__flags__ & pp.TPFLAGS_MANAGED_DICT:
        vp = pp.instance_values_ptr(o)
        if vp:
            start, prefix = pp.values_array_start(vp)
            out.append(part('inline values', start, None, f'values array, prefix {prefix} bytes (size fixed at creation)'))
    return out


NOTES = {
    'int 2**60-1': "2**60 - 1 is computed (constant folding) by subtracting from a 3-digit int: the result "
                   "is allocated with 3 digits (36 -> 48) and normalised to 2 digits afterwards, so getsizeof "
                   "says 32 but the block is 48. The block size of an int depends on how it was computed.",
    'int 2**60-1 from str': "int(str) allocates from the decimal-length estimate (3 digits here), then "
                            "normalises: block 48 although the value has 2 digits.",
    'bytes 0': "b'x' * 0 runs bytes_repeat at compile time (constant folding), which allocates a fresh "
               "33-byte object instead of returning the b'' singleton.",
}


def measure(cid, src):
    obj, ns = build(src)
    req, formula = object_request(obj)
    row = {'case': cid, 'expr': src, 'type': type(obj).__qualname__, 'preheader': pp.preheader(type(obj))}
    row['object'] = part('object', id(obj) - pp.preheader(type(obj)), req, formula)
    st = storage(obj)
    if st:
        row['storage'] = st
    if cid in NOTES:
        row['note'] = NOTES[cid]
    return row


def instance_series(n):
    """Object and values-array blocks of instance i of a fresh class (init_inline_values, new_values)."""
    ns = {}
    exec('class C:\n    pass', ns)
    C = ns['C']
    keep, rows = [], []
    for i in range(n):
        o = C()
        keep.append(o)
        vp = pp.instance_values_ptr(o)
        start, prefix = pp.values_array_start(vp)
        slots = max(1, 29 - i)            # init_inline_values takes one usable slot per instance; checked below
        req, _ = values_request(slots)
        rows.append({'instance': i, 'object': PROBE.block(id(o) - 32), 'valuesPrefixBytes': prefix,
                     'values': PROBE.block(start), 'referenceSlots': slots, 'referenceRequest': req,
                     'agrees': PROBE.block(start) == predicted_block(req) if PROBE.available else None})
    return rows


doc = oracle.header(__file__)
doc['what'] = (
    "For each object of sizes.json: where its memory block lives, measured from the running CPython: "
    "block start = id(obj) - preheader (16 for GC types, +16 for managed-dict instances); if the start lies in "
    "an allocated arena, the pool header at (start & ~16383) gives szidx and blockSize = 16 * (szidx + 1) "
    "('pymalloc'); addresses inside libpython's or the executable's mappings are 'static'; anything else is a "
    "'raw' malloc block (request > 512). `storage` lists separately allocated parts (list items, dict keys / "
    "values, set table, bytearray buffer, instance inline values). requestBytes / formula / predicted: the "
    "3.11 request size where the formula is known, and the block it implies; agrees compares predicted and "
    "measured. null = not measurable / no formula.")
doc['probe'] = {'available': PROBE.available}
if not PROBE.available:
    doc['probe']['reason'] = PROBE.reason
doc['cases'] = [measure(cid, src) for cid, src in CASES]
doc['instanceValuesSeries'] = {
    'what': "instance i (0-based, earlier ones kept alive) of a fresh `class C: pass`: the object block "
            "(id - 32) and the inline values array block; referenceSlots = max(1, 29 - i) and referenceRequest = "
            "round8(slots + 2) + 8 * slots (init_inline_values, new_values in Objects/dictobject.c)",
    'rows': instance_series(32)}
disagree = [c['case'] for c in doc['cases']
            if c['object']['agrees'] is False or any(s['agrees'] is False for s in c.get('storage', []))]
doc['disagreements'] = disagree
oracle.emit(doc)
