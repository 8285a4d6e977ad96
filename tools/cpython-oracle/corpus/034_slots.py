# __slots__: instances have only the named attributes (no __dict__), assigning another
# raises AttributeError, an unset slot raises AttributeError too, slots with inheritance,
# and the smaller size of a slotted instance.
import sys
class P:
    __slots__ = ('x', 'y')
    def __init__(self, x, y):
        self.x = x
        self.y = y
class D:
    def __init__(self, x, y):
        self.x = x
        self.y = y
p = P(1, 2)
p.x = 10
print(p.x, p.y)
try:
    p.z = 3
except AttributeError as e:
    print('AttributeError:', e)
class Half:
    __slots__ = ('a', 'b')
h = Half()
h.a = 1
try:
    print(h.b)
except AttributeError as e:
    print('AttributeError:', e)
del h.a
try:
    print(h.a)
except AttributeError as e:
    print('AttributeError:', e)
class P3(P):
    __slots__ = ('z',)
p3 = P3(1, 2)
p3.z = 3
print(p3.x, p3.y, p3.z)
print(sys.getsizeof(p), sys.getsizeof(D(1, 2)), sys.getsizeof(p3), sys.getsizeof(h))
class Empty:
    __slots__ = ()
print(sys.getsizeof(Empty()), P.__slots__)
