# Class attributes: counters kept on the class, a mutable class attribute shared by all
# instances (the classic trap), attributes added to the class later, and methods as class
# attributes.
class Widget:
    created = 0
    registry = []
    def __init__(self, name):
        Widget.created += 1
        self.name = name
        self.registry.append(name)
        self.serial = Widget.created
a = Widget('a')
b = Widget('b')
print(Widget.created, a.serial, b.serial, a.registry is b.registry, Widget.registry)
class Bag:
    items = []
    def add(self, x):
        self.items.append(x)
class SafeBag:
    def __init__(self):
        self.items = []
    def add(self, x):
        self.items.append(x)
b1 = Bag()
b2 = Bag()
b1.add(1)
b2.add(2)
s1 = SafeBag()
s2 = SafeBag()
s1.add(1)
s2.add(2)
print(b1.items, b2.items, s1.items, s2.items)
Widget.color = 'red'
print(a.color, b.color)
a.color = 'blue'
print(a.color, b.color, Widget.color)
def shout(self):
    return self.name.upper()
Widget.shout = shout
print(a.shout(), b.shout())
class Config:
    level = 1
    def bump(self):
        self.level += 1
c = Config()
c.bump()
c.bump()
print(c.level, Config.level)
