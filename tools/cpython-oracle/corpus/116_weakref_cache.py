# A cache of weak references keyed by name: entries remove themselves through their
# callback when the object dies, so the cache never keeps objects alive -- unless the
# object is in a cycle, then only the collector frees it.
import gc, weakref
cache = {}
class Image:
    def __init__(self, name):
        self.name = name
def forget(name):
    def cb(ref):
        del cache[name]
        print('evicted', name)
    return cb
def load(name):
    if name in cache:
        obj = cache[name]()
        if obj is not None:
            return obj
    obj = Image(name)
    cache[name] = weakref.ref(obj, forget(name))
    return obj
gc.disable()
gc.collect()
a = load('a')
b = load('b')
print(sorted(cache), load('a') is a)
del a
print(sorted(cache))
c = load('c')
c.me = c
del c
print('cyclic entry survives refcounting:', sorted(cache))
print('collected:', gc.collect())
print(sorted(cache))
b = None
print(sorted(cache))
