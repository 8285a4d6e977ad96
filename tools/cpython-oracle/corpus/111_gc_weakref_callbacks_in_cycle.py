# Several weakref callbacks in one collection: the collector calls them in the order it
# discovers the dead referents (collection-list order), per object newest first.
# (handle_weakrefs in Modules/gcmodule.c)
import gc, weakref
order = []
class T:
    def __init__(self, name):
        self.name = name
def make_cb(label):
    def cb(r):
        order.append(label)
    return cb
gc.disable()
gc.collect()
a = T('a')
b = T('b')
c = T('c')
a.o = b
b.o = c
c.o = a
refs = [weakref.ref(x, make_cb(x.name)) for x in (a, b, c)]
refs2 = [weakref.ref(x, make_cb(x.name + '2')) for x in (a, b, c)]
del a, b, c
print('collected:', gc.collect())
print('order:', order)
print('all dead:', [r() for r in refs + refs2])
