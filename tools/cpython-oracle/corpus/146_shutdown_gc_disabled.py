# With gc disabled, the collection at exit that reorders the gc list does not run
# (PyGC_Collect returns at once), but the one that frees __main__'s dict does
# (_PyGC_CollectNoFail runs even then): finalizers run in creation order, and a cycle
# dropped during the program is freed with the rest.
import gc

gc.disable()


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


a = D("a")
lst = [D("in-list")]
b = D("b")
c1 = D("cycle1")
c2 = D("cycle2")
c1.o = c2
c2.o = c1
del c1, c2
e = D("e")
print("end")
