# Weakref callbacks run in the middle of a collection, before the finalizers: a callback
# for an object that is merely reachable from a cycle runs too, and garbage the callback
# itself creates is not part of this collection -- the next one finds it.
import gc, weakref
log = []
class Node:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        log.append('del ' + self.name)
def cb(r):
    log.append('callback, referent gone: ' + str(r() is None))
    junk = Node('junk from callback')
    junk.me = junk
gc.disable()
gc.collect()
a = Node('a')
a.me = a
a.child = Node('child')
w = weakref.ref(a.child, cb)
del a
print('collected:', gc.collect())
for line in log:
    print(line)
log.clear()
print('next collection:', gc.collect(), log)
