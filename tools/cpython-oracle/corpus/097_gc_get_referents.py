# gc.get_referents: what a container's traversal visits -- list and tuple items from last to
# first, dict values (and keys when they are not all strings), an instance's attribute
# values then its class; atoms have no referents. (test_gc.py test_get_referents)
import gc
alist = [1, 3, 5]
print('list:', gc.get_referents(alist))
print('tuple:', gc.get_referents(tuple(alist)))
print('dict with int keys:', gc.get_referents({1: 3, 5: 7}))
print('dict with str keys:', gc.get_referents({'a': 1, 'b': 2}))
print('several:', gc.get_referents([1, 2], {3: 4}, (0, 0, 0)))
print('atoms:', gc.get_referents(1, 'a', 2.5, None))
print('set, sorted:', sorted(gc.get_referents({10, 20, 30})))
print('nested list:', [type(x).__name__ for x in gc.get_referents([[], (), {}])])
class A:
    pass
a = A()
a.x = 1
a.y = 'two'
refs = gc.get_referents(a)
print('instance:', refs[:-1], refs[-1] is A)
a.__dict__
print('instance with materialised __dict__:', [type(x).__name__ for x in gc.get_referents(a)])
class S:
    __slots__ = ('p', 'q')
s = S()
s.p = 10
s.q = 20
srefs = gc.get_referents(s)
print('slots instance:', srefs[:-1], srefs[-1] is S)
