# PEP 442: objects with __del__ in a garbage cycle are finalized by the collector (each
# __del__ runs once), then the cycle is freed; nothing lands in gc.garbage. A __del__ that
# breaks its own cycle lets refcounting free the objects first, so collect() counts 0.
# (golden/worked_examples.py example C; test_gc.py test_bug21435)
import gc
class WithDel:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print('__del__', self.name)
class A:
    pass
class B:
    def __init__(self, x):
        self.x = x
    def __del__(self):
        self.attr = None
def do_work():
    a = A()
    b = B(A())
    a.attr = b
    b.attr = a
gc.disable()
gc.collect()
x = WithDel('x')
x.me = x
del x
print('collecting')
print('collected:', gc.collect())
print('garbage:', gc.garbage)
p = WithDel('p')
q = WithDel('q')
p.q = q
q.p = p
del p, q
print('collected pair:', gc.collect())
do_work()
print('test_bug21435:', gc.collect())
print('again:', gc.collect())
