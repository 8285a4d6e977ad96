# An instance __dict__ is a split dict: it holds only values, the keys live in one table
# shared by the class, and its size counts the values slots the shared keys allow -- so
# adding attributes does not change it until the shared keys are full (here at the 29th
# attribute); then the dict is converted to an ordinary combined dict and jumps in size,
# larger even than a plain dict built with the same keys.
import sys
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
a = Point(1, 2)
b = Point(3, 4)
da = a.__dict__
db = b.__dict__
print('two attrs: a', sys.getsizeof(da), 'b', sys.getsizeof(db))
last = sys.getsizeof(da)
for i in range(40):
    da['attr' + str(i)] = i
    size = sys.getsizeof(da)
    if size != last:
        print('a has', len(da), 'attrs: size', last, '->', size, ' b still', sys.getsizeof(db))
        last = size
plain = {}
for k in da:
    plain[k] = da[k]
print('a plain dict with the same', len(plain), 'keys:', sys.getsizeof(plain))
c = Point(5, 6)
c.attr0 = 0
c.attr1 = 1
print('a later Point with 4 attrs:', sys.getsizeof(c.__dict__) <= sys.getsizeof(db), len(c.__dict__))
small = {'x': 1, 'y': 2}
print('a plain dict with x and y:', sys.getsizeof(small))
print('values:', a.x, a.attr39, b.y, c.attr1, sorted(c.__dict__))
