# Larger garbage: a ring of 1000 instances, 200 two-object cycles, a doubly linked list of
# 300 nodes, and a graph where every node points at every other; collect() counts objects
# (instances plus any list/dict objects they own).
import gc
class Node:
    pass
gc.disable()
gc.collect()
first = Node()
cur = first
for i in range(999):
    cur.next = Node()
    cur = cur.next
cur.next = first
del first, cur
print('ring of 1000:', gc.collect())
for i in range(200):
    a = Node()
    b = Node()
    a.o = b
    b.o = a
del a, b
print('200 pairs:', gc.collect())
head = Node()
head.prev = None
node = head
for i in range(299):
    n = Node()
    n.prev = node
    node.next = n
    node = n
node.next = None
del head, node, n
print('doubly linked list of 300:', gc.collect())
nodes = [Node() for i in range(20)]
for x in nodes:
    x.peers = [y for y in nodes if y is not x]
del nodes, x
print('20 nodes each with a list of the other 19:', gc.collect())
