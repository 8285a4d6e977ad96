# Closures made in a loop share one cell for the loop variable: each rebinding releases
# the previous value, so only the last one stays alive (every closure sees it). A default
# argument instead keeps each value alive in the function's __defaults__.
class Tag:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('  del', self.name)


def late():
    fns = []
    for t in [Tag('late 0'), Tag('late 1'), Tag('late 2')]:
        def f():
            return t.name
        fns.append(f)
    print('  loop done')
    return fns


def early():
    fns = []
    for t in [Tag('early 0'), Tag('early 1'), Tag('early 2')]:
        def f(t=t):
            return t.name
        fns.append(f)
    print('  loop done')
    return fns


print('late binding:')
fl = late()
print('cells shared:', fl[0].__closure__[0] is fl[2].__closure__[0], [f() for f in fl])
print('early binding:')
fe = early()
print('defaults:', [f.__defaults__[0].name for f in fe], [f() for f in fe])
print('dropping the late closures:')
fl.pop()
fl.pop()
print('one left')
fl.pop()
print('dropping the early closures (last first):')
fe.clear()
print('end')
