# Cycles through instances: two objects pointing at each other are 2 objects for the
# collector (their attributes live in inline value arrays, not dict objects); once their
# __dict__ has been touched, each instance also has a dict object: 4.
# (golden/worked_examples.py examples B, B2; test_gc.py test_instance)
import gc
class Node:
    pass
gc.disable()
gc.collect()
a = Node()
b = Node()
a.other = b
b.other = a
del a, b
print('two instances:', gc.collect())
a = Node()
b = Node()
a.other = b
b.other = a
a.__dict__
b.__dict__
del a, b
print('two instances with materialised __dict__:', gc.collect())
s = Node()
s.me = s
del s
print('instance pointing at itself:', gc.collect())
n1 = Node()
n1.payload = [1, 2, 3]
n1.me = n1
del n1
print('self-cycle that also owns a list:', gc.collect())
chain = Node()
chain.next = Node()
chain.next.next = Node()
chain.next.next.next = chain
del chain
print('three instances in a ring:', gc.collect())
