# sys.getrefcount of a user object: the call's own argument counts as one, then every
# name, container slot and attribute that refers to it; del drops them again.
import sys
class Thing:
    pass
t = Thing()
print('fresh, one name:', sys.getrefcount(t))
u = t
print('second name:', sys.getrefcount(t))
lst = [t]
print('in a list:', sys.getrefcount(t))
lst.append(t)
lst.append(t)
print('three times in the list:', sys.getrefcount(t))
d = {'k': t}
print('dict value:', sys.getrefcount(t))
d[t] = 'as key too'
print('dict key too:', sys.getrefcount(t))
holder = Thing()
holder.ref = t
print('attribute:', sys.getrefcount(t))
tup = (t, t)
print('tuple of two:', sys.getrefcount(t))
del tup
del holder.ref
del d[t]
print('after deleting tuple, attribute, key:', sys.getrefcount(t))
lst.clear()
del u
print('after clear and del:', sys.getrefcount(t))
d.clear()
print('only t left:', sys.getrefcount(t))
l2 = []
print('empty list:', sys.getrefcount(l2))
l2.append(l2)
print('self-referencing list:', sys.getrefcount(l2))
