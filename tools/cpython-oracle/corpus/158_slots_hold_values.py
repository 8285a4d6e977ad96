# __slots__ keep their values in fixed slots of the instance: get_referents shows the slot
# values then the class, del of a slot releases its value at once, a weakref needs a
# '__weakref__' slot, and a dying slotted instance releases its slots in slot order.
import gc
import weakref


class Tag:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('  del', self.name)


class Slotted:
    __slots__ = ('a', 'b', 'c')


class WeakSlotted:
    __slots__ = ('a', '__weakref__')


s = Slotted()
s.c = Tag('slot c')
s.a = Tag('slot a')
s.b = Tag('slot b')
refs = gc.get_referents(s)
print('referents:', [x.name for x in refs[:-1]], refs[-1] is Slotted)
del refs
print('del s.b:')
del s.b
print('replacing s.a:')
s.a = Tag('new a')
try:
    weakref.ref(s)
except TypeError as e:
    print('TypeError:', e)
w = WeakSlotted()
w.a = Tag('weak slot a')
r = weakref.ref(w)
print('weakref with a __weakref__ slot:', r() is w, r().a.name, gc.is_tracked(w))
print('dropping s (slots a, b, c in order):')
del s
print('dropping w:')
del w
print('weakref dead:', r() is None)
