# A class attribute is kept alive by the class (through its __dict__), not by instances:
# reading it through an instance adds no lasting reference; an instance attribute of the
# same name shadows it and dies with the instance; rebinding the class attribute frees it.
import sys


class Tag:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('  del', self.name)


class Service:
    default = Tag('class default')


a = Service()
b = Service()
before = sys.getrefcount(Service.default)
more = [Service() for i in range(3)]
print('delta after 3 more instances:', sys.getrefcount(Service.default) - before)
x = b.default
print('delta with a name bound to it:', sys.getrefcount(Service.default) - before)
del x
a.default = Tag('a own')
print(a.default.name, '|', b.default.name, '|', Service.default.name)
print('a dict:', list(a.__dict__), 'b dict:', list(b.__dict__), 'default' in Service.__dict__)
print('del a.default:')
del a.default
print('a sees the class again:', a.default.name)
a.default = Tag('a again')
print('dropping a:')
del a
print('rebinding Service.default:')
Service.default = None
print('b sees:', b.default)
print('end')
