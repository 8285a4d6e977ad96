# A closure cell keeps its value alive after the enclosing function returns: the value
# dies only with the last closure sharing the cell; rebinding the variable before the
# return replaces what the cell holds (the old value dies then); a middle function that
# never uses a variable still carries its cell for the inner function that does.
import weakref


class Big:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('  del', self.name)


def make():
    data = Big('first')

    def get():
        return data.name

    def same():
        return data
    print('  rebinding data')
    data = Big('second')
    return get, same


get, same = make()
print('one shared cell:', get.__closure__[0] is same.__closure__[0], get())
r = weakref.ref(same())
del get
print('alive after del get:', r() is not None)
del same
print('dead after del same:', r() is None)


def outer():
    x = Big('x')

    def middle():
        def inner():
            return x.name
        return inner
    return middle


m = outer()
print('middle closure holds:', len(m.__closure__), type(m.__closure__[0].cell_contents).__name__)
i = m()
print('same cell in inner:', i.__closure__[0] is m.__closure__[0], i())
del m
print('middle gone, inner still works:', i())
del i
print('end')
