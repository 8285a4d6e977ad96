# A bound method stored on its own instance (self.cb = self.method) makes a cycle:
# instance -> bound method -> instance. Collected: the instance and the method object.
# (test_gc.py test_method)
import gc
class A:
    def __init__(self):
        self.init = self.__init__
class Button:
    def __init__(self):
        self.handlers = []
    def clicked(self):
        return 'clicked'
    def connect(self):
        self.handlers.append(self.clicked)
gc.disable()
gc.collect()
a = A()
gc.collect()
del a
print('test_method:', gc.collect())
b = Button()
b.connect()
b.connect()
print('alive:', gc.collect(), len(b.handlers), b.handlers[0]())
del b
print('button with two stored bound methods:', gc.collect())
c = Button()
f = c.clicked
del c
print('bound method held outside, no cycle:', gc.collect(), f())
del f
print('nothing left:', gc.collect())
