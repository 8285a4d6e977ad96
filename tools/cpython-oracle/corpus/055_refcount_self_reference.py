# Reference cycles seen through refcounts: an object referring to itself has one more
# reference than its names show; breaking the cycle by hand returns it to normal.
import sys
class Node:
    pass
n = Node()
print('plain:', sys.getrefcount(n))
n.me = n
print('self attribute:', sys.getrefcount(n))
n.also = [n, n]
print('and a list holding it twice:', sys.getrefcount(n))
del n.also
del n.me
print('cycle broken by hand:', sys.getrefcount(n))
a = Node()
b = Node()
a.partner = b
b.partner = a
print('pair:', sys.getrefcount(a), sys.getrefcount(b))
b.partner = None
print('one side cut:', sys.getrefcount(a), sys.getrefcount(b))
d = {}
d['self'] = d
print('dict in itself:', sys.getrefcount(d))
t = ([],)
t[0].append(t)
print('tuple through a list:', sys.getrefcount(t), sys.getrefcount(t[0]))
t[0].clear()
print('list cleared:', sys.getrefcount(t))
