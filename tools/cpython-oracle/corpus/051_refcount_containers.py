# Refcounts through container operations: copies (list(), slicing, dict.copy) add references
# to the items, * repetition adds one per slot, pop/remove drop them, nested containers.
import sys
class Item:
    pass
a = Item()
b = Item()
base = [a, b]
print(sys.getrefcount(a), sys.getrefcount(b))
copy1 = list(base)
copy2 = base[:]
print('two copies:', sys.getrefcount(a))
rep = [a] * 10
print('repeated ten times:', sys.getrefcount(a))
del rep
print('repetition dropped:', sys.getrefcount(a))
base.remove(a)
print('removed from base:', sys.getrefcount(a))
popped = copy1.pop(0)
print('popped into a name:', sys.getrefcount(a))
del popped
print('name deleted:', sys.getrefcount(a))
nested = [[a], [[a]], {'x': [a]}]
print('nested three levels:', sys.getrefcount(a))
del nested
print('nested freed:', sys.getrefcount(a))
d = {1: b, 2: b}
d2 = d.copy()
print('dict and its copy:', sys.getrefcount(b))
d2[1] = None
print('one copy entry replaced:', sys.getrefcount(b))
s = {a}
print('in a set:', sys.getrefcount(a))
s.discard(a)
print('discarded:', sys.getrefcount(a))
tl = tuple(copy2)
print('tuple from list:', sys.getrefcount(a), sys.getrefcount(b))
