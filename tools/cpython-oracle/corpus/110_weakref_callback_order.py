# When an object dies by refcount, __del__ runs first, then the weakref callbacks, most
# recently created first; a callback-less weakref just goes dead. Weakrefs without a
# callback to the same object are shared.
import weakref
order = []
class W:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        order.append('__del__ ' + self.name)
def make_cb(i):
    def cb(r):
        order.append('cb' + str(i) + ' referent dead: ' + str(r() is None))
    return cb
o = W('o')
rs = [weakref.ref(o, make_cb(i)) for i in range(3)]
plain = weakref.ref(o)
plain2 = weakref.ref(o)
print('plain refs shared:', plain is plain2, 'callback refs distinct:', rs[0] is rs[1])
print('alive:', plain() is o, plain().name)
del o
for line in order:
    print(line)
print('plain dead:', plain() is None)
order.clear()
p = W('p')
r1 = weakref.ref(p, make_cb(1))
del r1
del p
print('callback of a weakref that died first:', order)
