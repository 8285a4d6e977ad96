# Cycles through less obvious containers: a set holding an instance that holds the set, a
# frozenset (immutable, still a cycle) holding its owner, and a function whose mutable
# default argument ends up holding the function (function -> defaults tuple -> list).
import gc
class Member:
    pass
def remember(x, seen=[]):
    seen.append(x)
    return len(seen)
gc.disable()
gc.collect()
group = set()
for i in range(3):
    m = Member()
    m.group = group
    group.add(m)
del group, m
print('set + 3 members:', gc.collect())
o = Member()
o.frozen = frozenset([o, 1, 2])
print('frozenset tracked:', gc.is_tracked(o.frozen), o in o.frozen)
del o
print('instance + frozenset:', gc.collect())
print('calls:', remember(1), remember(2))
remember(remember)
print('default list now holds the function:', remember.__defaults__[0][2] is remember)
del remember
print('function, defaults tuple, list:', gc.collect())
