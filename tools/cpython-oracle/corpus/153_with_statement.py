# with: __enter__ and __exit__ looked up on the type and bound; the block's exception goes to
# __exit__(type, value, traceback), a true result suppresses it; break, continue and return
# leave through __exit__(None, None, None); items nest left to right.
import gc, sys


class Resource:
    live = 0

    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow

    def __enter__(self):
        Resource.live += 1
        print('enter', self.name)
        return self

    def __exit__(self, kind, value, tb):
        Resource.live -= 1
        print('exit', self.name, kind is None, value, tb is None)
        return self.swallow


with Resource('a') as r:
    print('inside', r.name, Resource.live)
with Resource('outer', True) as o, Resource('inner') as i:
    print('both', o.name, i.name)
    raise KeyError('boom')
print('after', Resource.live)
for n in range(3):
    with Resource('loop%d' % n):
        if n == 1:
            continue
        if n == 2:
            break
        print('body', n)


def f():
    with Resource('ret'):
        return 'returned'


print(f())
try:
    with Resource('fails'):
        1 / 0
except ZeroDivisionError as e:
    print('caught', e)
for bad in [1, object()]:
    try:
        with bad:
            pass
    except TypeError as e:
        print(e)
gc.collect()
print(sys.getrefcount(r), gc.collect())
