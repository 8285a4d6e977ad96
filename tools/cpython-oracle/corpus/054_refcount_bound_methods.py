# Bound methods and refcounts: obj.method creates a new bound-method object that holds a
# reference to obj; a direct call obj.method() does not keep one; a bound method stored on
# self (self.cb = self.method) is a reference cycle.
import sys
class Widget:
    def __init__(self):
        self.handlers = []
    def on_click(self):
        return 'clicked'
    def register(self):
        self.handlers.append(self.on_click)
w = Widget()
print('fresh:', sys.getrefcount(w))
w.on_click()
print('after a direct call:', sys.getrefcount(w))
m = w.on_click
print('bound method in a name:', sys.getrefcount(w), sys.getrefcount(m))
m2 = w.on_click
print('a second bound method:', sys.getrefcount(w), m is m2, m == m2)
del m, m2
print('bound methods deleted:', sys.getrefcount(w))
w.register()
w.register()
print('two bound methods stored on self:', sys.getrefcount(w))
w.handlers.clear()
print('handlers cleared:', sys.getrefcount(w))
w.self_cb = w.on_click
print('bound method as attribute:', sys.getrefcount(w), w.self_cb())
del w.self_cb
print('attribute deleted:', sys.getrefcount(w))
f = Widget.on_click
print('plain function from the class does not refer to w:', sys.getrefcount(w), f(w))
