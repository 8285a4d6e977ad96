# A class's __format__ serves f-strings, str.format and format(): called with the spec, its result
# must be a str; without one, object.__format__ takes str() and refuses any spec
class C:
    def __str__(self):
        print('str called')
        return 'C!'
    def __format__(self, spec):
        print('format called', repr(spec))
        return 'F'
def g():
    print('evaluated')
    return 5
c = C()
print(f'{c}', f'{c!s}', f'{g()}', f'{g():}', f'{3.5}', f'{g()!s}')
print(format(c, 'x'), '{}|{:>3}'.format(c, c), f'{c:abc}')
class Bad:
    def __format__(self, spec):
        return 5
try:
    print(f'{Bad()}')
except TypeError as e:
    print(e)
class Plain:
    def __str__(self):
        return 'plain'
print(f'{Plain()}', '{}'.format(Plain()))
try:
    print(f'{Plain():>5}')
except TypeError as e:
    print(e)
