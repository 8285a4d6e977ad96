# del C.x removes the entry from the class dict (type_setattro with NULL): instances then
# see no attribute, the value dies when nothing else holds it, and a missing one is an error
class Value:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print('del Value', self.n)
class C:
    x = Value(1)
    y = Value(2)
c = C()
try:
    del C.nope
except AttributeError as e:
    print(e)
print('x' in C.__dict__, c.x.n)
del C.x
print('deleted', 'x' in C.__dict__)
try:
    print(c.x)
except AttributeError as e:
    print(e)
keep = C.y
del C.y
print('y kept by a name:', keep.n)
del keep
print('end')
