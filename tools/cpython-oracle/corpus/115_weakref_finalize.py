# weakref.finalize: a callback registered for an object's death, called once -- when the
# object dies, when called explicitly, or at exit for objects still alive then (in reverse
# order of creation). .alive tells whether it is still pending.
import weakref
class Resource:
    def __init__(self, name):
        self.name = name
def cleanup(name, how):
    print('cleanup', name, how)
    return 'result of ' + name
r1 = Resource('r1')
f1 = weakref.finalize(r1, cleanup, 'r1', 'on death')
print('alive:', f1.alive)
del r1
print('after del: alive', f1.alive)
r2 = Resource('r2')
f2 = weakref.finalize(r2, cleanup, 'r2', 'called explicitly')
print('explicit call returns:', f2())
print('second call returns:', f2(), 'alive:', f2.alive)
del r2
print('r2 deleted, no second cleanup')
r3 = Resource('r3')
r4 = Resource('r4')
f3 = weakref.finalize(r3, cleanup, 'r3', 'at exit')
f4 = weakref.finalize(r4, cleanup, 'r4', 'at exit')
print('pending at end:', f3.alive, f4.alive)
print('end of program')
