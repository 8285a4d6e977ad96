# Uncaught AttributeError when a __slots__ class gets an undeclared attribute:
# "AttributeError: 'Point' object has no attribute 'z'".
class Point:
    __slots__ = ('x', 'y')
    def __init__(self, x, y):
        self.x = x
        self.y = y
p = Point(1, 2)
print(p.x, p.y)
p.x = 5
print(p.x)
p.z = 3
print('never printed')
