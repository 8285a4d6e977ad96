# Refcounts across calls: a parameter adds one reference while the function runs, a
# default value is held by the function, a returned object has one reference fewer once
# the callee's locals are gone, and a stored result keeps it.
import sys
class Obj:
    pass
def count_param(p):
    return sys.getrefcount(p)
def count_two_params(p, q):
    return sys.getrefcount(p)
def count_local_copy(p):
    local = p
    return sys.getrefcount(p)
o = Obj()
print('global alone:', sys.getrefcount(o))
print('as parameter:', count_param(o))
print('passed twice:', count_two_params(o, o))
print('parameter plus local:', count_local_copy(o))
print('after the calls:', sys.getrefcount(o))
default_obj = Obj()
def with_default(x=default_obj):
    return sys.getrefcount(x)
print('default, global name:', sys.getrefcount(default_obj))
print('used as default:', with_default())
def make():
    fresh = Obj()
    return fresh
m = make()
print('returned object:', sys.getrefcount(m))
keep = []
def store(x):
    keep.append(x)
store(m)
store(m)
print('stored twice by a callee:', sys.getrefcount(m))
def identity(x):
    return x
n = identity(identity(m))
print('through identity twice:', sys.getrefcount(m))
