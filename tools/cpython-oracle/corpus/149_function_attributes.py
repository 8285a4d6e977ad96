# What a function keeps alive, as its attributes show it: __defaults__ (evaluated once),
# __closure__ and each cell's cell_contents, __globals__, and the __dict__ that setting
# an attribute makes. A function that refers to itself through its __dict__ is a cycle
# only the collector frees.
import gc
import sys


def outer():
    box = [1, 2]

    def inner(a, b=[]):
        b.append(a)
        return box

    return inner


gc.collect()
f = outer()
print(f.__name__, f.__qualname__, f.__module__, f.__doc__, f.__kwdefaults__)
print(f.__defaults__, len(f.__closure__), type(f.__closure__[0]).__name__)
box = f.__closure__[0].cell_contents
print(box, sys.getrefcount(box))
f(1)
f(2)
print(f.__defaults__, f.__globals__["outer"] is outer)
print(f.__dict__, sys.getsizeof(f.__dict__))
f.tag = "hello"
print(f.tag, f.__dict__)
del f.tag
print(f.__dict__)
try:
    f.nothing
except AttributeError as e:
    print("AttributeError:", e)
try:
    del f.nothing
except AttributeError as e:
    print("AttributeError:", e)


def g():
    return 1


print(g.__closure__, g.__defaults__)
g.me = g
del g
print("collected:", gc.collect())
del f
print(sys.getrefcount(box))
