# gc.is_tracked across kinds of objects: everything that can hold references to other
# objects is tracked -- functions, closure cells, bound methods, classes, sets,
# iterators over containers, weakrefs, instances (with or without slots) -- while ints,
# floats, strings, bytes, ranges and their iterators never are.
import gc, weakref
class Plain:
    def method(self):
        return 1
class NoSlots:
    __slots__ = ()
def outer():
    box = []
    def inner():
        return box
    return inner
f = outer()
p = Plain()
print('function, cell, closure tuple:', gc.is_tracked(f), gc.is_tracked(f.__closure__[0]), gc.is_tracked(f.__closure__))
print('bound method:', gc.is_tracked(p.method), 'class:', gc.is_tracked(Plain))
print('instance:', gc.is_tracked(p), 'empty __slots__ instance:', gc.is_tracked(NoSlots()))
print('set:', gc.is_tracked({1, 2}), 'frozenset:', gc.is_tracked(frozenset([1, 2])), 'empty set:', gc.is_tracked(set()))
print('weakref:', gc.is_tracked(weakref.ref(p)))
print('list iterator:', gc.is_tracked(iter([1])), 'dict key iterator:', gc.is_tracked(iter({1: 2})))
print('str iterator:', gc.is_tracked(iter('ab')), 'enumerate:', gc.is_tracked(enumerate([1])), 'zip:', gc.is_tracked(zip([1], [2])))
print('range:', gc.is_tracked(range(3)), 'range iterator:', gc.is_tracked(iter(range(3))))
print('big int:', gc.is_tracked(2 ** 100), 'float:', gc.is_tracked(1.5), 'bytes:', gc.is_tracked(b'xy'))
print('str:', gc.is_tracked('hello' * 3), 'None:', gc.is_tracked(None), 'bool:', gc.is_tracked(False))
