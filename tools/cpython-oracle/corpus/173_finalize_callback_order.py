# At an object's death: __del__ runs first, then its weakref callbacks newest first -- a
# weakref.finalize is one of them, placed by when it was made. Inside its function the
# finalizer already reports alive False and peek() None; its result is dropped at death
# but returned by an explicit call.
import weakref


class Res:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('  __del__', self.name)


def plain_cb(r):
    print('  weakref callback, referent gone:', r() is None)


def cleanup(name):
    print('  finalize', name, 'alive', fins[name].alive, 'peek', fins[name].peek())
    return 'result of ' + name


fins = {}
r = Res('r')
w1 = weakref.ref(r, plain_cb)
fins['first'] = weakref.finalize(r, cleanup, 'first')
w2 = weakref.ref(r, plain_cb)
fins['second'] = weakref.finalize(r, cleanup, 'second')
print('pending:', fins['first'].alive, fins['second'].alive, fins['first'].peek()[2])
print('dropping r:')
del r
print('after: alive', fins['first'].alive, 'a second call returns', fins['first']())
s = Res('s')
fins['s'] = weakref.finalize(s, cleanup, 's')
print('called explicitly:', fins['s']())
print('dropping s:')
del s
print('end')
