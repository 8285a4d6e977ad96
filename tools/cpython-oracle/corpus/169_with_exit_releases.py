# A with statement keeps its manager alive for the block (through the bound __exit__ it
# saved), even one made in the with line itself; __exit__ can release what __enter__
# acquired, but the 'as' target still holds its object after the block.
import sys


class Tag:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('  del', self.name)


class Pool:
    def __init__(self, name):
        self.name = name
        self.items = []

    def __enter__(self):
        self.items.append(Tag(self.name + ' buffer'))
        return self.items[0]

    def __exit__(self, kind, value, tb):
        print('  exit', self.name, 'releasing', len(self.items), 'exception:', kind is not None)
        self.items.clear()
        return True

    def __del__(self):
        print('  del pool', self.name)


p = Pool('p')
before = sys.getrefcount(p)
with p as buf:
    print('in the block:', buf.name, 'delta', sys.getrefcount(p) - before)
print('after the block: delta', sys.getrefcount(p) - before, 'buf is', buf.name)
del buf
print('a manager made in the with line:')
with Pool('temp'):
    print('in the block')
print('with an exception:')
with Pool('err'):
    raise KeyError('swallowed')
print('after the swallowed exception')
del p
print('end')
