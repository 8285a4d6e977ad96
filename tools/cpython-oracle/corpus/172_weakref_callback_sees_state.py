# When a weakref callback runs during a container update, what it sees: list.clear(), del
# of a slice, item assignment, del d[k], dict.clear() and del of an attribute all finish
# changing the container before the old object is released, so the callback sees the new
# state; callbacks run in the order the objects are released.
import weakref


class Obj:
    def __init__(self, name):
        self.name = name


holder = Obj('holder')
lst = []
d = {}
refs = []


def watch(obj, label):
    def cb(r):
        print('  callback', label, '| list', len(lst), '| dict', sorted(d), '| attr', 'x' in holder.__dict__)
    refs.append(weakref.ref(obj, cb))


for i in range(4):
    o = Obj(i)
    watch(o, 'item ' + str(i))
    lst.append(o)
del o
print('del lst[1:3]:')
del lst[1:3]
print('lst[0] = None:')
lst[0] = None
print('lst.clear():')
lst.clear()
for k in ['a', 'b', 'c']:
    d[k] = Obj(k)
    watch(d[k], 'value ' + k)
print('del d["b"]:')
del d['b']
print('d.clear():')
d.clear()
holder.x = Obj('x')
watch(holder.x, 'attr x')
print('del holder.x:')
del holder.x
print('dead weakrefs:', len([r for r in refs if r() is None]), 'of', len(refs))
