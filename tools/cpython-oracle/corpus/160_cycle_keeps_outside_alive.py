# An unreachable cycle keeps alive everything it refers to until the collector runs: an
# object outside the cycle waits for gc.collect() and is counted with it; a cycle still
# reachable from a live list is not garbage, until the list lets go.
import gc
import weakref


class Res:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('  del', self.name)


class Node:
    pass


gc.disable()
gc.collect()
a = Node()
b = Node()
a.other = b
b.other = a
a.res = Res('held by the cycle')
r = weakref.ref(a.res)
del a, b
print('after del a, b the resource is alive:', r() is not None)
print('collecting:')
n = gc.collect()
print('collected (a, b, res):', n, 'resource dead:', r() is None)
c = Node()
c.me = c
c.res = Res('held by a self-cycle')
keeper = [c]
del c
print('reachable from keeper:', gc.collect())
keeper.clear()
print('keeper cleared:')
print('collected:', gc.collect())
lst = [Res('in a list cycle')]
lst.append(lst)
del lst
print('list cycle:', gc.collect())
