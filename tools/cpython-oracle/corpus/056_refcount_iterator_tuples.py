# A refcount puzzle: while iterating enumerate(), zip() or dict.items() with tuple
# unpacking, CPython 3.11 keeps the last result tuple inside the iterator for reuse, so an
# item shows one extra reference per slot of that tuple until the iterator moves on or dies.
import sys
class Item:
    pass
items = [Item(), Item(), Item()]
plain = []
for x in items:
    plain.append(sys.getrefcount(x))
print('plain for:', plain)
pairs = []
for i, x in enumerate(items):
    pairs.append(sys.getrefcount(x))
print('enumerate:', pairs)
del x
zipped = []
for p, q in zip(items, items):
    zipped.append(sys.getrefcount(p))
print('zip, same list twice:', zipped)
del p, q
print('all loops done:', [sys.getrefcount(items[k]) for k in range(3)])
d = {'a': items[0], 'b': items[0]}
vals = []
for key, val in d.items():
    vals.append(sys.getrefcount(val))
print('dict items loop:', vals)
del val
e = enumerate(items)
t = next(e)
print('tuple kept by us:', sys.getrefcount(items[0]))
del t
print('tuple dropped:', sys.getrefcount(items[0]))
del e
print('iterator dropped:', sys.getrefcount(items[0]))
