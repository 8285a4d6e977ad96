# gc.is_tracked: atoms are never tracked; containers and instances are; a tuple of atoms is
# untracked by the first collection that sees it; a dict is untracked until it holds a
# container, and is untracked again only by a full collection. (test_gc.py test_is_tracked)
import gc
class UserClass:
    pass
class Slots:
    __slots__ = ()
gc.disable()
gc.collect()
print('atoms:', gc.is_tracked(None), gc.is_tracked(1), gc.is_tracked(1.0), gc.is_tracked('a'), gc.is_tracked(b'a'), gc.is_tracked(True))
print('containers:', gc.is_tracked([]), gc.is_tracked(set()), gc.is_tracked(UserClass()), gc.is_tracked(Slots()))
print('object():', gc.is_tracked(object()), 'empty tuple:', gc.is_tracked(()), 'empty dict:', gc.is_tracked({}))
t = tuple([1, 2, 3])
print('runtime tuple of ints:', gc.is_tracked(t))
gc.collect(0)
print('after collect(0):', gc.is_tracked(t))
x = []
t2 = (x,)
gc.collect()
print('tuple holding a list after a collection:', gc.is_tracked(t2))
t3 = tuple([1, {}])
gc.collect()
print('tuple holding an (untracked) empty dict:', gc.is_tracked(t3))
d = {'a': 1}
print('dict of ints:', gc.is_tracked(d))
d['b'] = []
print('after a list value:', gc.is_tracked(d))
del d['b']
gc.collect(1)
print('list removed, after collect(1):', gc.is_tracked(d))
gc.collect()
print('after a full collection:', gc.is_tracked(d))
print('dict with tuple key:', gc.is_tracked({(1, 2): 1}), 'dict with tuple-of-list value:', gc.is_tracked({1: ([],)}))
a = UserClass()
a.x = 1
dd = a.__dict__
print('instance __dict__ with int values:', gc.is_tracked(dd))
a.y = []
print('after a list attribute:', gc.is_tracked(dd))
