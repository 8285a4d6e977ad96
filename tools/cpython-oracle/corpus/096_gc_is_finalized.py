# gc.is_finalized: False for atoms and for live objects, True once __del__ has run (a
# resurrected object keeps the flag, so its __del__ never runs again).
# (test_gc.py test_is_finalized, test_resurrection_only_happens_once_per_object)
import gc
storage = []
class Lazarus:
    resurrected = 0
    def __init__(self):
        self.me = self
    def __del__(self):
        Lazarus.resurrected += 1
        storage.append(self)
class Plain:
    pass
gc.disable()
gc.collect()
print('int:', gc.is_finalized(3), 'plain instance:', gc.is_finalized(Plain()))
laz = Lazarus()
print('before:', gc.is_finalized(laz), Lazarus.resurrected)
del laz
print('collected1:', gc.collect())
print('resurrected1:', Lazarus.resurrected, len(storage))
laz = storage[0]
print('after:', gc.is_finalized(laz))
del laz
storage.clear()
print('collected2:', gc.collect())
print('resurrected2:', Lazarus.resurrected, len(storage))
