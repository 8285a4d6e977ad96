# gc.collect() called while a collection is running (from a __del__ the collector is
# running) returns 0 at once; the outer collection still counts its garbage.
# (gc_collect_impl in Modules/gcmodule.c returns 0 while gcstate->collecting is set)
import gc
inner = []
class D:
    def __del__(self):
        inner.append(gc.collect())
gc.disable()
gc.collect()
d = D()
d.me = d
del d
print('outer collected:', gc.collect())
print('inner results:', inner)
e = D()
del e
print('from a refcount death it runs a real collection (nothing to find):', inner)
