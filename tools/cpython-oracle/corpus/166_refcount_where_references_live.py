# Where references to one object live, shown as sys.getrefcount deltas: a dict key and a
# value count separately, a set holds an item once, a closure holds it through a cell,
# a default argument, an exception's args, a class attribute; a weakref adds none.
import sys
import weakref


class Obj:
    pass


o = Obj()
base = sys.getrefcount(o)


def delta(label):
    print(label, sys.getrefcount(o) - base)


d = {o: o}
delta('dict key and value:')
s = {o}
s.add(o)
delta('plus a set (added twice):')


def capture(x):
    def inner():
        return x
    return inner


f = capture(o)
delta('plus a closure cell:')


def with_default(x=o):
    return x


delta('plus a default argument:')
err = KeyError(o, 'why')
delta('plus an exception arg:')
Obj.favourite = o
w = weakref.ref(o)
delta('plus a class attribute and a weakref:')
d.clear()
s.clear()
del f, with_default, err
delta('after clearing (the class attribute is still there):')
Obj.favourite = None
delta('class attribute rebound:')
