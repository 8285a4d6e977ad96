# PEP 442: the collector runs every __del__ in a garbage cycle before it clears anything,
# so each finalizer still sees its partners and their attributes intact -- even a partner
# whose own __del__ has already run. Only afterwards are the references broken.
import gc
seen = []
class Conn:
    def __init__(self, name):
        self.name = name
        self.buffer = [name + '-data']
    def __del__(self):
        peer = self.peer
        seen.append(self.name + ' sees ' + peer.name + ' ' + str(peer.buffer) + ' finalized=' + str(gc.is_finalized(peer)))
gc.disable()
gc.collect()
a = Conn('a')
b = Conn('b')
c = Conn('c')
a.peer = b
b.peer = c
c.peer = a
del a, b, c
print('collected:', gc.collect())
for line in seen:
    print(line)
seen.clear()
x = Conn('x')
x.peer = x
del x
print('self-cycle collected:', gc.collect(), seen)
