# obj.__dict__ = d (subtype_setdict): the inline values become a dict, which the new dict
# replaces; the instance then keeps its attributes in d itself, shared with every alias
import gc, sys
class P:
    def __init__(self):
        self.x = 1
        self.y = [1, 2]
class Tracer:
    def __del__(self):
        print('Tracer freed')
p = P()
p.t = Tracer()
old = p.__dict__
print(sorted(old), sys.getsizeof(old))
d = {'z': 2}
p.__dict__ = d
print(p.__dict__, p.__dict__ is d, 'x' in old)
try:
    print(p.x)
except AttributeError as e:
    print(e)
p.m = 3
print(d, p.z, sys.getsizeof(d))
del old
print('old dict dropped')
try:
    p.__dict__ = 5
except TypeError as e:
    print(e)
class S:
    __slots__ = ('a',)
try:
    S().__dict__ = {}
except AttributeError as e:
    print(e)
q = P()
q.__dict__ = {'self': q}
del q
gc.collect()
print('cycle through an assigned dict collected:', gc.collect())
r = P()
e = {}
r.__dict__ = e
e['me'] = r
del r, e
print('collected', gc.collect())
