# Sizes of instances: a plain instance (its attributes live in a separate values array, not
# counted), one with __slots__, and the attribute dict once it is materialised by touching
# __dict__, for the first instances of a fresh class.
import sys
class Plain:
    pass
class WithInit:
    def __init__(self):
        self.a = 1
        self.b = 2
        self.c = 3
class Slotted:
    __slots__ = ('a', 'b', 'c')
    def __init__(self):
        self.a = 1
        self.b = 2
        self.c = 3
p = Plain()
w = WithInit()
s = Slotted()
print('plain', sys.getsizeof(p), 'with 3 attrs', sys.getsizeof(w), 'slotted', sys.getsizeof(s))
p.x = 1
p.y = 2
print('plain after 2 attributes:', sys.getsizeof(p))
print('__dict__ of the first WithInit:', sys.getsizeof(w.__dict__))
class Fresh:
    def __init__(self, n):
        self.n = n
objs = []
for i in range(4):
    objs.append(Fresh(i))
print('Fresh instances:', [sys.getsizeof(o) for o in objs])
print('dict of the last:', sys.getsizeof(objs[3].__dict__), len(objs[3].__dict__))
print('__dict__ contents:', w.__dict__, objs[0].__dict__)
