# weakref.finalize keeps its function and arguments only while registered: once it has run
# (called by hand or by the object's death) or was detached, they are released at once
import gc, weakref
class File:
    def close(self):
        print('close')
    def __del__(self):
        print('del File')
def report(name):
    print('finalized', name)
a = File()
fa = weakref.finalize(a, a.close)
ra = weakref.ref(a)
del a
print(fa(), fa.alive, fa.peek(), fa())
print('freed after the call:', ra() is None)
b = File()
fb = weakref.finalize(b, print, 'x', b)
rb = weakref.ref(b)
del b
print(len(fb.detach()))
print('freed after detach:', rb() is None)
c = File()
fc = weakref.finalize(c, report, 'c')
del c
print('alive after death:', fc.alive, fc.peek())
d = File()
d.me = d
fd = weakref.finalize(d, report, 'd')
del d
gc.collect()
print('after gc', fd.alive)
e = File()
fe = weakref.finalize(e, report, 'e')
g = weakref.finalize(e, report, 'g')
del fe
print('end')
