# A __del__ that allocates, with gc enabled and threshold 1, must not crash or recurse:
# the object dies by refcount, its __del__ runs once. (test_gc.py test_del, test_del_newclass)
import gc
calls = []
thresholds = gc.get_threshold()
class A:
    def __del__(self):
        junk = [[] for i in range(5)]
        calls.append('del')
class B(object):
    def __del__(self):
        junk = {'k': []}
        calls.append('del B')
gc.enable()
gc.set_threshold(1)
a = A()
del a
b = B()
del b
gc.disable()
gc.set_threshold(thresholds[0], thresholds[1], thresholds[2])
print('calls:', calls)
print('threshold restored:', gc.get_threshold())
