# golden: packages/objects/golden/list_growth.json
"""List capacity (allocated item slots) step by step, for append, extend, insert and pop.

capacity = (sys.getsizeof(l) - sys.getsizeof([])) // 8: list.__sizeof__ is
basicsize + 8 * allocated (Objects/listobject.c: list___sizeof___impl), so this is exact.
When the probe can read the list struct, `allocated` is also read directly (offset 32) and
the program stops if the two ever disagree.
"""
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))
import oracle
oracle.check_interpreter()
import pymalloc_probe as pp

EMPTY = sys.getsizeof([])


def cap(l):
    c, r = divmod(sys.getsizeof(l) - EMPTY, 8)
    assert r == 0
    if pp.list_allocated(l) != c:
        raise SystemExit(f"capacity from getsizeof {c} != ob->allocated {pp.list_allocated(l)}")
    return c


def changes(lens, caps):
    """[[len, capacity]] at every step where the capacity changed (and the start)."""
    out, last = [], None
    for n, c in zip(lens, caps):
        if c != last:
            out.append([n, c])
            last = c
    return out


def seq(sid, setup, step, nsteps, note):
    """Run `setup` (binds l), then `step` nsteps times; capacity and len after each step."""
    ns = {}
    exec(setup, ns)
    l = ns['l']
    lens, caps = [len(l)], [cap(l)]
    code = compile(step, '<step>', 'exec')
    for i in range(nsteps):
        ns['i'] = i
        exec(code, ns)
        lens.append(len(l))
        caps.append(cap(l))
    return {'id': sid, 'setup': setup, 'step': step, 'steps': nsteps, 'note': note,
            'len': lens, 'capacity': caps, 'changes': changes(lens, caps)}


def reference_resize(allocated, size, newsize):
    """list_resize of CPython 3.11 (Objects/listobject.c), restated; used only to flag disagreements."""
    if allocated >= newsize and newsize >= (allocated >> 1):
        return allocated
    new = (newsize + (newsize >> 3) + 6) & ~3
    if newsize - size > new - newsize:
        new = (newsize + 3) & ~3
    return 0 if newsize == 0 else new


sequences = []
sequences.append(seq('append', 'l = []', 'l.append(None)', 200,
                     'l.append(x) -> list_resize(n + 1)'))
sequences.append(seq('insert front', 'l = []', 'l.insert(0, None)', 200,
                     'l.insert(0, x) -> ins1 -> list_resize(n + 1)'))
sequences.append(seq('insert middle', 'l = []', 'l.insert(len(l) // 2, None)', 200,
                     'l.insert(len(l)//2, x)'))
for k in (1, 2, 3, 4, 5, 7, 8, 10, 16, 17, 50, 100):
    n = -(-200 // k)
    sequences.append(seq(f'extend range({k})', 'l = []', f'l.extend(range({k}))', n,
                         'iterable path: first call on an empty list preallocates the length hint rounded '
                         'up to even; later calls list_resize(m + hint), then list_resize(len) at the end'))
    sequences.append(seq(f'extend list of {k}', f'l = []\nsrc = [None] * {k}', 'l.extend(src)', n,
                         'list/tuple fast path: first call preallocates exactly (rounded up to even); '
                         'later calls list_resize(m + n)'))
sequences.append(seq('pop from 200 appends', 'l = []\nfor _ in range(200):\n    l.append(None)', 'l.pop()', 200,
                     'l.pop() -> list_resize(n - 1): shrinks when n - 1 < allocated / 2'))
sequences.append(seq('pop from list(range(200))', 'l = list(range(200))', 'l.pop()', 200,
                     'starts from an exact preallocation of 200'))
sequences.append(seq('pop(0) from 200 appends', 'l = []\nfor _ in range(200):\n    l.append(None)', 'l.pop(0)', 200,
                     'l.pop(0) -> list_ass_slice -> list_resize(n - 1)'))
sequences.append(seq('del l[-1] from 200 appends', 'l = []\nfor _ in range(200):\n    l.append(None)', 'del l[-1]', 200,
                     'del l[-1] -> list_ass_slice -> list_resize(n - 1)'))
sequences.append(seq('append after pops', 'l = []\nfor _ in range(100):\n    l.append(None)\nfor _ in range(90):\n    l.pop()',
                     'l.append(None)', 100, 'regrowth after shrinking to 10 items'))

# Agreement with that list_resize formula (for the pure append/insert/pop sequences).
checks = []
for s in sequences:
    if s['id'] in ('append', 'insert front', 'insert middle', 'pop from 200 appends',
                   'pop from list(range(200))', 'pop(0) from 200 appends', 'del l[-1] from 200 appends',
                   'append after pops'):
        ok = True
        for j in range(1, len(s['len'])):
            pred = reference_resize(s['capacity'][j - 1], s['len'][j - 1], s['len'][j])
            if pred != s['capacity'][j]:
                ok = False
                break
        checks.append({'sequence': s['id'], 'referenceFormulaAgrees': ok})
    elif s['id'].startswith('extend'):
        # list_extend (Objects/listobject.c): a list whose ob_item is NULL preallocates exactly (rounded
        # up to even: list_preallocate_exact); otherwise list_resize(m + n); iterables end with
        # list_resize(len) (a no-op here)
        ok, alloc, null = True, 0, True
        for j in range(1, len(s['len'])):
            m, n = s['len'][j - 1], s['len'][j] - s['len'][j - 1]
            if null:
                alloc, null = (n + 1) & ~1, False
            else:
                alloc = reference_resize(alloc, m, m + n)
            alloc = reference_resize(alloc, m + n, m + n)
            if alloc != s['capacity'][j]:
                ok = False
                break
        checks.append({'sequence': s['id'], 'referenceFormulaAgrees': ok})

doc = oracle.header(__file__)
doc['what'] = ("For each sequence: run `setup` (binds l), then `step` `steps` times. len[j] and capacity[j] "
               "are after j steps (j = 0 is the state after setup). capacity = allocated item slots = "
               "(sys.getsizeof(l) - sys.getsizeof([])) // 8, cross-checked against ob->allocated. "
               "changes = [len, capacity] pairs where the capacity changed.")
doc['emptyListGetsizeof'] = EMPTY
doc['sequences'] = sequences
doc['referenceChecks'] = checks
oracle.emit(doc)
