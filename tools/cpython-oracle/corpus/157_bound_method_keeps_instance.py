# A bound method holds its instance (__self__): while one is stored anywhere the instance
# stays alive; every attribute access makes a new bound method (one more reference each);
# a weakref to a bound method dies at once when the method was only a temporary.
import sys
import weakref


class Conn:
    def __init__(self, name):
        self.name = name

    def send(self, x):
        return self.name + ':' + str(x)

    def __del__(self):
        print('  del', self.name)


c = Conn('c1')
before = sys.getrefcount(c)
handler = c.send
print('delta for one bound method:', sys.getrefcount(c) - before)
callbacks = [c.send, c.send, c.send]
print('delta with four:', sys.getrefcount(c) - before, callbacks[0] is callbacks[1], callbacks[0] == callbacks[1])
r = weakref.ref(c)
del c
print('alive through bound methods:', r() is not None, handler('hi'))
del handler
callbacks.pop()
callbacks.pop()
print('one bound method left:', len(callbacks), r().name)
callbacks.pop()
print('after the last pop:', r() is None)
d = Conn('d')
wm = weakref.ref(d.send)
print('weakref to a temporary bound method is dead:', wm() is None)
m = d.send
wm2 = weakref.ref(m)
print('kept in a name it lives:', wm2() is m, wm2().__self__ is d)
del d
print('name d deleted, the method still holds it:', m.__self__.name)
del m
print('weakref to the method is dead now:', wm2() is None)
