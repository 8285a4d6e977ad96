# __del__ runs the moment the last reference goes: on del, on rebinding a name, when a
# container drops the object, when a function's local goes out of scope, and not while
# another reference remains.
class Noisy:
    def __init__(self, name):
        self.name = name
        print('init', name)
    def __del__(self):
        print('del', self.name)
a = Noisy('a')
print('before del a')
del a
print('after del a')
b = Noisy('b1')
b = Noisy('b2')
print('b rebound')
c = Noisy('c')
c2 = c
del c
print('c deleted, c2 still refers')
c2 = None
print('c2 cleared')
box = [Noisy('in list')]
box.pop()
print('popped without keeping')
def scope():
    local = Noisy('local')
    print('leaving scope')
scope()
print('after scope')
def make():
    return Noisy('returned')
make()
print('result discarded')
kept = make()
print('result kept')
d = {'k': Noisy('dict value')}
d['k'] = 'replaced'
print('clearing the remaining globals')
b = None
kept = None
print('end of program')
