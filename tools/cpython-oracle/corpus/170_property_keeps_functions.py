# property, staticmethod and classmethod objects hold their functions: each wrapper adds
# one reference to the function; property.setter builds a new property sharing fget; the
# class dict holds the wrapper, so a function lives while any wrapper of it does.
import sys
import weakref


def getter(self):
    return self.v * 10


def setter(self, v):
    self.v = v


before = sys.getrefcount(getter)
p = property(getter)
print('property holds fget:', sys.getrefcount(getter) - before, p.fget is getter, p.fset)
p2 = p.setter(setter)
print('setter() made a new property:', p2 is p, p2.fget is getter, p2.fset is setter)
print('getter referenced by both:', sys.getrefcount(getter) - before)
sm = staticmethod(getter)
cm = classmethod(getter)
print('plus staticmethod and classmethod:', sys.getrefcount(getter) - before, sm.__func__ is cm.__func__)


class Box:
    value = p2

    def __init__(self):
        self.v = 1


b = Box()
b.value = 4
print('through the property:', b.value, b.v, Box.value is p2, Box.__dict__['value'] is p2)
r = weakref.ref(getter)
del getter, p, sm, cm
print('getter held by Box.value only:', r() is not None, Box.value.fget is r())
del p2
Box.value = 'plain'
print('class attribute replaced, getter freed:', r() is None, b.value, b.v)
