# Default argument values are evaluated once and kept in the function's __defaults__
# tuple: they live as long as the function (not just during calls), and die with it --
# with each call of the factory a new set; a method's default is shared by all instances.
import sys


class Tag:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('  del', self.name)


def make():
    def f(a, b=Tag('default b'), c=[]):
        c.append(a)
        return b.name + ' ' + str(len(c))
    return f


f = make()
print('calls:', f(1), '|', f(2), '|', f(3, Tag('passed')))
print('defaults:', f.__defaults__[0].name, f.__defaults__[1])
before = sys.getrefcount(f.__defaults__[1])
f(4)
print('a call adds no lasting reference:', sys.getrefcount(f.__defaults__[1]) - before)
g = make()
print('a second function, its own defaults:', g(5), g.__defaults__[0] is f.__defaults__[0])
print('dropping the first function:')
del f
print('dropping the second:')
g = None


class Cart:
    def add(self, item, items=[]):
        items.append(item)
        return items


c1 = Cart()
c2 = Cart()
c1.add('apple')
print('shared between instances:', c2.add('pear'), Cart.add.__defaults__[0] is c1.add('x'))
print('end')
