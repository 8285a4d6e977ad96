# What small wrapper objects refer to, by gc.get_referents: a bound method holds its
# function then its instance (a classmethod bound to the class holds the class); a
# closure tuple holds cells, a cell holds its contents; an instance holds its values.
import gc


class Item:
    def __init__(self, n):
        self.n = n

    def show(self):
        return self.n

    @classmethod
    def build(cls, n):
        return cls(n)


def names(objs):
    return [type(o).__name__ for o in objs]


def counter():
    count = [0]
    step = 2

    def add(x):
        count.append(x * step)
        return count
    return add


it = Item([3])
m = it.show
refs = gc.get_referents(m)
print('bound method:', names(refs), refs[0] is Item.show, refs[1] is it)
b = Item.build
print('classmethod bound to the class:', names(gc.get_referents(b)), gc.get_referents(b)[1] is Item)
add = counter()
cells = gc.get_referents(add.__closure__)
print('closure tuple (last cell first):', names(cells), len(add.__closure__))
print('cells hold:', [gc.get_referents(c) for c in add.__closure__])
add(5)
print('after a call:', gc.get_referents(add.__closure__[0]))
print('instance:', names(gc.get_referents(it)), gc.get_referents(it)[0] is it.n)
print('holders of it:', sorted(names(gc.get_referrers(it))))
del m, refs
print('after del m, refs:', sorted(names(gc.get_referrers(it))))
