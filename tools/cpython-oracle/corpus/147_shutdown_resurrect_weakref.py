# Finalizers at exit see the module's globals still bound (the dict is cleared only
# after every finalizer of that garbage ran); a weakref's callback runs when its referent
# is collected; an object that resurrects itself into a global list is not finalized twice.
import weakref


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name, "a is", type(a).__name__)


a = D("a")
keep = []


class R:
    def __del__(self):
        print("resurrect")
        keep.append(self)


r = R()


def cb(ref):
    print("weakref callback")


w = weakref.ref(a, cb)
b = D("b")
print("end")
