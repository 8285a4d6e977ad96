# type() and isinstance(): types of literals, bool being an int subclass, tuples of types,
# user classes and their bases, object() and that everything is an object.
values = [1, 1.5, 'a', b'b', None, True, [1], (1,), {1: 2}, range(2)]
for v in values:
    print(repr(v), type(v))
print(type({1}), type(set()) is set)
print(isinstance(True, int), isinstance(1, bool), type(True) is bool, type(1) is int)
print(isinstance(1, (str, int)), isinstance('x', (list, tuple)), isinstance(2.0, float))
print(type(1) == type(2), type(1) is type(1.0), type([]) is list, type({}) is dict)
print(type(type(1)), type(int))
class Base:
    pass
class Child(Base):
    pass
c = Child()
print(type(c).__name__, isinstance(c, Base), isinstance(c, Child), type(c) is Base)
print(isinstance(Base(), Child), isinstance(c, object), isinstance(Child, type))
o = object()
print(type(o), isinstance(o, object), isinstance(3, object), isinstance(None, object))
print(isinstance(len, object), type(None))
def f():
    pass
print(type(f).__name__, type(len).__name__, type(Base).__name__)
