# gc.freeze hides every tracked object in the permanent generation; gc.unfreeze puts them
# back into the oldest generation (2), so garbage that was frozen is found by collect(2)
# only, never by the young collections. Objects made after freeze() are collected as usual.
import gc
class Node:
    pass
def where(o):
    found = []
    for g in range(3):
        for e in gc.get_objects(g):
            if e is o:
                found.append(g)
    return found
gc.disable()
gc.collect()
a = Node()
a.me = a
b = Node()
b.me = b
gc.freeze()
print('frozen a is in no generation:', where(a), gc.get_freeze_count() > 0)
young = Node()
young.me = young
print('new object after freeze:', where(young))
del young
print('new garbage collected while frozen:', gc.collect())
del a
print('frozen garbage survives collect(2):', gc.collect(2))
gc.unfreeze()
print('after unfreeze b is in generation:', where(b), 'freeze count:', gc.get_freeze_count())
print('collect(0):', gc.collect(0), 'collect(1):', gc.collect(1))
print('collect(2):', gc.collect(2))
del b
print('then b:', gc.collect(0), gc.collect(1), gc.collect(2))
