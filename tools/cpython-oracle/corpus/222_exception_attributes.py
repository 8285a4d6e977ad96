# Attributes of exception instances: a __dict__ made on first use, __context__ and __cause__
# set by hand (a cause also sets __suppress_context__), and the cycles an exception's dict makes
import gc, sys
e = ValueError('x')
for v in [1, 'x']:
    try:
        e.__suppress_context__ = v
    except TypeError as x:
        print(x)
try:
    del e.__suppress_context__
except TypeError as x:
    print(x)
try:
    del e.args
except TypeError as x:
    print(x)
e.args = [1, 2]
print(e.args, str(e))
try:
    del e.nope
except AttributeError as x:
    print(x)
print(e.__dict__)
e.z = 1
print(e.__dict__, e.z)
del e.z
print(e.__dict__)
try:
    e.__context__ = 5
except TypeError as x:
    print(x)
try:
    del e.__cause__
except TypeError as x:
    print(x)
e.__cause__ = KeyError('k')
print(e.__suppress_context__, repr(e.__cause__))
e.__suppress_context__ = False
print(e.__suppress_context__)
e.__cause__ = None
print(e.__cause__, e.__suppress_context__)
gc.collect()
f = ValueError('cyc')
f.me = f
del f
print('collected', gc.collect())
g = KeyError('a')
g.__context__ = g
print(g.__context__ is g)
del g
print('collected', gc.collect())
