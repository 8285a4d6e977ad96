# A young collection treats references from older generations as roots: young garbage that
# is referred to by old garbage survives collect(0) -- and is promoted -- until a collection
# of the old generation sees the whole thing. collect(n) returns what that collection freed.
import gc
class Node:
    def __init__(self, name):
        self.name = name
gc.disable()
gc.collect()
old = Node('old')
old.me = old
gc.collect(0)
gc.collect(1)
young = Node('young')
young.me = young
old.child = young
young.parent = old
del old, young
print('collect(0):', gc.collect(0))
print('collect(0) again (young was promoted):', gc.collect(0))
print('collect(1):', gc.collect(1))
print('collect(2) sees both:', gc.collect(2))
a = Node('a')
gc.collect(0)
b = Node('b')
a.o = b
b.o = a
del a, b
print('a in generation 1, b in 0: collect(0):', gc.collect(0), 'collect(1):', gc.collect(1))
