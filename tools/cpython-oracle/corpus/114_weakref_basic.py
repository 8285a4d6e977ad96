# weakref.ref: calling it returns the object while it lives and None afterwards; a weakref
# does not change the refcount; objects of classes, but not ints/lists, can be weakly
# referenced; a callback receives the dead weakref.
import sys, weakref
class Obj:
    pass
o = Obj()
before = sys.getrefcount(o)
r = weakref.ref(o)
print('refcount unchanged:', sys.getrefcount(o) == before)
print('alive:', r() is o, type(r()).__name__)
o2 = o
del o
print('still alive through o2:', r() is o2)
del o2
print('dead:', r(), r() is None)
for value in [1, 'str', [1], {'a': 1}, (1,)]:
    try:
        weakref.ref(value)
        print(type(value).__name__, 'can be weakly referenced')
    except TypeError as e:
        print('TypeError:', e)
got = []
def cb(ref):
    got.append(ref is w)
    got.append(ref() is None)
x = Obj()
w = weakref.ref(x, cb)
x = None
print('callback got its own weakref, referent dead:', got)
class Slotted:
    __slots__ = ('a',)
try:
    weakref.ref(Slotted())
except TypeError as e:
    print('TypeError:', e)
print('function:', weakref.ref(cb)() is cb)
