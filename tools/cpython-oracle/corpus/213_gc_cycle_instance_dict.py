# Cycles through an instance's __dict__: an instance keeping its own __dict__ as an
# attribute makes the dict contain itself -- the instance is not in that cycle and dies
# by refcount, leaving only the dict to collect; an instance used as a key of a dict it
# owns; items put straight into __dict__; two instances sharing a registry dict.
import gc
class Obj:
    pass
gc.disable()
gc.collect()
a = Obj()
a.x = 1
a.attrs = a.__dict__
print('the dict holds itself:', a.attrs['attrs'] is a.attrs, sorted(a.__dict__))
del a
print('only the dict is left for the collector:', gc.collect())
b = Obj()
b.seen = {b: 'me'}
print('instance as key of its own attribute dict:', b.seen[b])
del b
print('instance + the dict it owns:', gc.collect())
e = Obj()
e.__dict__['me'] = e
print('set through __dict__ directly:', e.me is e, gc.is_tracked(e.__dict__))
del e
print('instance + its materialised dict:', gc.collect())
reg = {}
c = Obj()
d = Obj()
c.reg = reg
d.reg = reg
reg['c'] = c
reg['d'] = d
del c, d
print('alive through the registry name:', gc.collect(), sorted(reg))
del reg
print('two instances + the shared dict:', gc.collect())
