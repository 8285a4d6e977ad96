# Resurrection in a cycle: both objects of a cycle have a __del__ that saves self in a
# global list. The collector runs both finalizers, sees they are reachable again, frees
# nothing (returns 0). Dropping them later frees them without running __del__ again.
# (handle_resurrected_objects in Modules/gcmodule.c; golden/worked_examples.py examples I and I2)
import gc
saved = []
calls = []
class R:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        calls.append(self.n)
        saved.append(self)
gc.disable()
gc.collect()
a = R('a')
b = R('b')
a.o = b
b.o = a
del a, b
print('collected:', gc.collect())
print('calls:', calls)
print('is_finalized:', [gc.is_finalized(s) for s in saved])
print('saved:', [s.n for s in saved])
saved.clear()
print('after dropping them:', gc.collect())
print('calls:', calls)
