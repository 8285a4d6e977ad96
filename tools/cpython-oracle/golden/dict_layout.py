# golden: packages/objects/golden/dict_layout.json
"""Dict sizes step by step: combined tables (str keys, int keys, mixed, with deletions) and the
3.11 split tables of instance __dict__s (inline values + per-class shared keys).

Measured with sys.getsizeof; the keys-table shape is inferred from getsizeof and, where the
struct can be read (3.11 64-bit layout, see lib/pymalloc_probe.py), read directly from the
PyDictKeysObject; the program stops if the two disagree.
"""
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import oracle
oracle.check_interpreter()
import pymalloc_probe as pp

PROBE = pp.Probe()

DICT_OBJECT = 16 + 48          # GC pre-header + PyDictObject: getsizeof({}) with the static empty keys
KEYS_HEADER = 32               # sizeof(PyDictKeysObject)
ENTRY = {'unicode': 16, 'general': 24}


def index_bytes(log2):
    w = 1 if log2 < 8 else 2 if log2 < 16 else 4 if log2 < 32 else 8
    return (1 << log2) * w


def usable_fraction(n):
    return (n << 1) // 3


def keys_bytes(log2, kind):
    return KEYS_HEADER + index_bytes(log2) + usable_fraction(1 << log2) * ENTRY[kind]


CANDIDATES = {}
for log2 in range(3, 24):
    for kind in ('unicode', 'general'):
        CANDIDATES.setdefault(keys_bytes(log2, kind), []).append((log2, kind))


def infer(getsizeof_combined):
    """(log2Size, kind) of a combined table from getsizeof, or None if empty / ambiguous."""
    extra = getsizeof_combined - DICT_OBJECT
    if extra == 0:
        return None
    c = CANDIDATES.get(extra, [])
    if len(c) != 1:
        raise SystemExit(f"cannot infer the keys table from getsizeof {getsizeof_combined}: {c}")
    return c[0]


def combined_state(d):
    """One step of a combined-table sequence."""
    size = sys.getsizeof(d)
    row = {'len': len(d), 'getsizeof': size}
    inf = infer(size)
    k = pp.keys_info(pp.dict_keys_ptr(d))
    if pp.dict_values_ptr(d):
        raise SystemExit("expected a combined table")
    if inf is None:
        row.update({'log2Size': None, 'kind': 'empty (static Py_EMPTY_KEYS)', 'usableTotal': 0,
                    'keysBytes': 0, 'usableLeft': k['usable'], 'nentries': k['nentries']})
        if k['log2Size'] != 0 or k['nentries'] != 0:
            raise SystemExit("empty dict without the static empty keys?")
        return row
    log2, kind = inf
    if (k['log2Size'], k['kind']) != (log2, kind):
        raise SystemExit(f"inferred {inf} but the keys object says {k}")
    row.update({'log2Size': log2, 'kind': kind, 'usableTotal': usable_fraction(1 << log2),
                'keysBytes': keys_bytes(log2, kind), 'usableLeft': k['usable'], 'nentries': k['nentries']})
    return row


def calculate_log2_keysize(minsize):
    log2 = 3
    while (1 << log2) < minsize:
        log2 += 1
    return log2


def combined_sequence(sid, setup, steps, note):
    """`setup` binds d; `steps` is a list of statements, applied one after the other."""
    ns = {}
    exec(setup, ns)
    d = ns['d']
    rows = [dict(step=None, **combined_state(d))]
    for st in steps:
        exec(st, ns)
        rows.append(dict(step=st, **combined_state(d)))
    # insertion_resize (Objects/dictobject.c): a new key into a full table resizes to
    # calculate_log2_keysize(GROWTH_RATE) with GROWTH_RATE = used * 3, the smallest power of two
    # >= 3 * used (min 8); a non-str key turns a unicode table general (same size rule).
    agrees = True
    for a, b in zip(rows, rows[1:]):
        if b['log2Size'] != a['log2Size'] and a['log2Size'] is not None and b['len'] == a['len'] + 1:
            if b['log2Size'] != calculate_log2_keysize(3 * a['len']):
                agrees = False
    return {'id': sid, 'setup': setup, 'note': note, 'referenceResizeRuleAgrees': agrees, 'steps': rows}


seqs = []
seqs.append(combined_sequence('str keys 0..100', 'd = {}', [f"d['k{i}'] = {i}" for i in range(100)],
                              'fresh dict, 100 distinct exact-str keys inserted one by one'))
seqs.append(combined_sequence('int keys 0..100', 'd = {}', [f"d[{i}] = {i}" for i in range(100)],
                              'fresh dict, int keys 0..99 inserted one by one'))
seqs.append(combined_sequence('str keys then one int key', 'd = {}',
                              [f"d['k{i}'] = {i}" for i in range(4)] + ['d[4] = 4'] + [f"d['k{i}'] = {i}" for i in range(5, 12)],
                              'the int key converts the unicode table into a general one'))
seqs.append(combined_sequence('insert 5, delete 5, insert 5 new', 'd = {}',
                              [f"d['k{i}'] = {i}" for i in range(5)] + [f"del d['k{i}']" for i in range(5)] +
                              [f"d['n{i}'] = {i}" for i in range(5)],
                              'deleted entries stay used (nentries) until a resize; usableLeft is not given back'))
seqs.append(combined_sequence('dict.fromkeys then pop all', "d = dict.fromkeys(['k%d' % i for i in range(20)])",
                              [f"d.pop('k{i}')" for i in range(20)] + ["d['x'] = 1"],
                              'dicts never shrink on deletion; the next insert after emptying reuses the table'))
seqs.append(combined_sequence('clear then insert', "d = {'k%d' % i: i for i in range(20)}",
                              ['d.clear()', "d['a'] = 1"], 'clear() switches to the static empty keys'))


# --- split tables (instance __dict__) ---------------------------------------------------------

def split_info(dct):
    """getsizeof of a materialised instance __dict__ and what it is made of."""
    size = sys.getsizeof(dct)
    k = pp.keys_info(pp.dict_keys_ptr(dct))
    split = bool(pp.dict_values_ptr(dct))
    row = {'getsizeof': size, 'split': split}
    if split:
        slots, r = divmod(size - DICT_OBJECT, 8)
        assert r == 0 and slots == k['nentries'] + k['usable'], (size, k)
        row.update({'sharedKeysSlots': slots, 'sharedKeysNentries': k['nentries'], 'sharedKeysUsable': k['usable']})
    else:
        inf = infer(size)
        row.update({'log2Size': inf[0], 'kind': inf[1]})
    return row


def per_instance(n):
    """k-th instance of a fresh class, no attributes: its values array has (nentries + usable)
    slots of the shared keys at creation (dk_usable is decremented per instance while > 1)."""
    ns = {}
    exec('class C:\n    pass', ns)
    C = ns['C']
    keep, out = [], []
    for i in range(n):
        o = C()
        keep.append(o)
        out.append(split_info(o.__dict__)['sharedKeysSlots'])
    return out


def attrs_added(k_before, m, init_attrs=0):
    ns = {}
    body = ''.join(f'        self.a{j} = {j}\n' for j in range(init_attrs))
    exec('class C:\n    def __init__(self):\n' + (body or '        pass\n'), ns)
    C = ns['C']
    keep = [C() for _ in range(k_before)]
    o = C()
    for j in range(init_attrs, init_attrs + m):
        setattr(o, f'b{j}', j)
    materialised = bool(pp.instance_dict_ptr(o))
    inline = bool(pp.instance_values_ptr(o))
    row = {'earlierInstances': k_before, 'attrsAdded': m, 'materialisedBeforeAccess': materialised,
           'inlineValuesBeforeAccess': inline}
    row.update(split_info(o.__dict__))
    del keep
    return row


split = {}
split['what'] = (
    "3.11 instances of a plain class keep attributes in an inline values array shared-keyed by the class's "
    "cached keys (64 slots, dk_usable starts at 30, SHARED_KEYS_MAX_SIZE). Accessing obj.__dict__ materialises "
    "a dict object that takes over the values array as a split table. For a split __dict__, getsizeof = "
    "16 (GC header) + 48 (PyDictObject) + 8 * (shared keys dk_nentries + dk_usable) AT THE TIME OF THE CALL "
    "(Objects/dictobject.c: _PyDict_SizeOf; the shared keys themselves are charged to the class). "
    "sharedKeysSlots = (getsizeof - 64) / 8. A combined __dict__ (after the shared keys are full, or a "
    "non-str name) is sized like any dict.")
split['perInstanceSlots'] = {
    'what': "slot count of the values array of instance i (0-based) of a fresh `class C: pass`, measured "
            "right after creating it as (getsizeof(obj.__dict__) - 64) / 8; earlier instances are kept alive",
    'slots': per_instance(40)}
split['attrsAdded'] = {
    'what': "fresh class, `earlierInstances` instances created (and kept), then one more instance gets "
            "`attrsAdded` attributes b0, b1, ... by setattr; materialisedBeforeAccess/inlineValuesBeforeAccess "
            "are read from the managed-dict pre-header (obj-24 / obj-32) before touching __dict__; then "
            "obj.__dict__ is measured",
    'rows': [attrs_added(k, m) for k in (0, 1, 2, 10, 28, 29, 35) for m in (0, 1, 2, 5, 20, 28, 29, 30, 31, 35)]}
def getsizeof_drift():
    rows = []
    for more in (0, 1, 10, 40):
        ns = {}
        exec('class C:\n    pass', ns)
        C = ns['C']
        first = C()
        first.a = 1
        start, prefix = pp.values_array_start(pp.instance_values_ptr(first))
        later = [C() for _ in range(more)]
        d = first.__dict__
        rows.append({'laterInstances': more, 'firstDictGetsizeof': sys.getsizeof(d),
                     'firstValuesBlock': PROBE.block(start)})
        del later, d
    return rows


split['getsizeofAfterMoreInstances'] = {
    'what': "instance 0 of a fresh class gets attribute a (its values array has 29 slots, fixed at creation: "
            "firstValuesBlock is its pymalloc block, null if the probe is unavailable); then `laterInstances` more "
            "instances are created; getsizeof(first.__dict__) follows the shared keys' current nentries + usable, "
            "not the size of the values array the dict actually owns",
    'rows': getsizeof_drift()}
split['initAttrsThenMore'] = {
    'what': "class whose __init__ sets a0..a{initAttrs-1}; `earlierInstances` instances first; then one more "
            "instance gets `attrsAdded` extra attributes",
    'rows': [dict(initAttrs=ia, **attrs_added(k, m, ia)) for ia in (3, 30)
             for k in (0, 5) for m in (0, 1, 5)]}

doc = oracle.header(__file__)
doc['what'] = (
    "Combined tables: after each step, getsizeof(d) = 64 + keysBytes, keysBytes = 32 + indexBytes + "
    "usableTotal * entry (entry 16 for 'unicode' tables whose keys are all exact str, 24 for 'general'); "
    "indexBytes = 2^log2Size * (1 if log2Size < 8, 2 if < 16, 4 if < 32); usableTotal = 2*2^log2Size//3. "
    "log2Size and kind are inferred from getsizeof (unique for all sizes here) and checked against the "
    "PyDictKeysObject; usableLeft (dk_usable) and nentries (dk_nentries, includes deleted entries) are read "
    "from it. An empty dict uses the static empty keys object (keysBytes 0).")
doc['dictObjectBytes'] = DICT_OBJECT
doc['keysTableBytes'] = [{'log2Size': l, 'unicode': keys_bytes(l, 'unicode'), 'general': keys_bytes(l, 'general'),
                          'usable': usable_fraction(1 << l)} for l in range(3, 13)]
doc['combined'] = seqs
doc['split'] = split
oracle.emit(doc)
