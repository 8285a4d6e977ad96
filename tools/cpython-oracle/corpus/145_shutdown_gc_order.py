# At exit, CPython 3.11 first collects (PyGC_Collect, gc.callbacks included), which
# reorders the gc list: objects the module's dict refers to come before what they hold.
# Then __main__ leaves sys.modules, and its dict, held in a cycle by the module's
# functions and classes, is garbage for _PyGC_CollectNoFail: the finalizers run in gc
# list order, not in the order of the names, and underscore names get no turn of their own.
import gc


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


_hidden = D("_hidden")
a = D("a")
lst = [D("in-list"), D("in-list2")]
__dunder = D("__dunder")
b = D("b")
d = {"k": D("in-dict")}
x = D("x")
x2 = x
c1 = D("cycle1")
c2 = D("cycle2")
c1.o = c2
c2.o = c1


def f(p=D("default")):
    return p


t = (D("in-tuple"),)


def cb(phase, info):
    print("gc callback", phase, info["generation"])


gc.callbacks.append(cb)
print("end")
