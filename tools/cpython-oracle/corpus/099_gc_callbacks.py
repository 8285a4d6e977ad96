# gc.callbacks: each callback is called with ("start", info) before and ("stop", info) after
# every collection; info gives the generation and, at stop, collected/uncollectable.
# (test_gc.py GCCallbackTests; golden/worked_examples.py example H)
import gc
visit = []
def cb1(phase, info):
    visit.append((1, phase, dict(info)))
def cb2(phase, info):
    visit.append((2, phase, dict(info)))
gc.disable()
gc.collect()
gc.callbacks.append(cb1)
gc.callbacks.append(cb2)
gc.collect()
for v in visit:
    print(v)
visit.clear()
l = []
l.append(l)
del l
gc.collect(0)
gc.collect(1)
gc.collect(2)
for v in visit:
    print(v)
gc.callbacks.remove(cb1)
gc.callbacks.remove(cb2)
visit.clear()
gc.collect()
print('after removing the callbacks:', visit, len(gc.callbacks))
