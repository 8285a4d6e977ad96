# A weakref holds its callback strongly, and the callback holds what it closes over: both
# live until the referent dies; then the callback runs once and is released with all it
# kept. A weakref that dies first releases its callback without calling it.
import weakref


class Obj:
    pass


class Tag:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('  del', self.name)


log = []


def make_callback(tag):
    def cb(ref):
        log.append('callback: ref dead ' + str(ref() is None) + ', tag ' + tag.name)
    return cb


o = Obj()
t = Tag('first tag')
tw = weakref.ref(t)
w = weakref.ref(o, make_callback(t))
del t
print('tag alive through the callback:', tw() is not None, w.__callback__ is not None)
print('dropping o:')
del o
print(log, w() is None, w.__callback__)
print('tag after the callback:', tw() is None)
o2 = Obj()
w2 = weakref.ref(o2, make_callback(Tag('second tag')))
print('dropping the weakref first:')
del w2
print('dropping o2:')
del o2
print('callbacks run:', len(log))
