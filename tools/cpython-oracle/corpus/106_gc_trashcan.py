# Deeply nested containers are freed without deep C recursion (the trashcan mechanism):
# 150-level nestings of lists and dicts, each level holding an object with a __del__ that
# sometimes calls gc.collect(). Counts only: nothing here is a cycle. (test_gc.py test_trashcan)
import gc
class Ouch:
    n = 0
    def __del__(self):
        Ouch.n = Ouch.n + 1
        if Ouch.n % 17 == 0:
            gc.collect()
gc.disable()
gc.collect()
gc.enable()
N = 150
for count in range(2):
    t = []
    for i in range(N):
        t = [t, Ouch()]
    u = []
    for i in range(N):
        u = [u, Ouch()]
    v = {}
    for i in range(N):
        v = {1: v, 2: Ouch()}
gc.disable()
print('del calls while rebuilding:', Ouch.n)
del t, u, v
print('del calls after dropping the rest:', Ouch.n)
print('collected:', gc.collect())
deep = []
for i in range(5000):
    deep = [deep]
del deep
print('5000-deep list freed without a crash')
