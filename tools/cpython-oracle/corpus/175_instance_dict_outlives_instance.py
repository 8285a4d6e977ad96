# An instance's __dict__ is an object of its own once read: a name bound to it keeps the
# attributes alive after the instance dies; writing, deleting or clearing through the
# dict changes (and releases) the instance's attributes directly.
class Tag:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('  del', self.name)


class Plain:
    def __del__(self):
        print('  del the instance')


p = Plain()
p.a = Tag('a')
p.b = Tag('b')
d = p.__dict__
print('same dict each time:', p.__dict__ is d, list(d))
print('dropping the instance:')
del p
print('its dict lives on:', sorted(d), d['a'].name)
print('dropping the dict:')
del d
q = Plain()
q.x = Tag('x')
q.__dict__['y'] = Tag('y')
print('set through the dict:', q.y.name, list(q.__dict__))
print('del q.__dict__["x"]:')
del q.__dict__['x']
print('hasattr-like check:', 'x' in q.__dict__, q.__dict__.get('x'))
q.z = Tag('z')
print('clearing the dict:')
q.__dict__.clear()
print('no attributes left:', q.__dict__)
try:
    q.y
except AttributeError as e:
    print('AttributeError:', e)
print('end')
