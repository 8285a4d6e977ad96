# The order in which a dying container releases its items: lists and tuples from the last
# item to the first, dicts in insertion order, an instance's attributes in the order they
# were first set, nested containers depth first.
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print('  del', self.name)
print('list:')
l = [D('l0'), D('l1'), D('l2')]
del l
print('tuple:')
t = (D('t0'), D('t1'), D('t2'))
del t
print('dict:')
d = {'x': D('d-x'), 'a': D('d-a'), 'm': D('d-m')}
del d
print('dict with an overwritten key:')
d2 = {'first': D('old first'), 'second': D('second')}
d2['first'] = D('new first')
del d2
print('instance attributes:')
class Holder:
    pass
h = Holder()
h.z = D('attr z')
h.a = D('attr a')
h.k = D('attr k')
del h
print('nested:')
n = [D('outer 0'), [D('inner 0'), D('inner 1')], D('outer 2')]
del n
print('list.clear():')
l2 = [D('c0'), D('c1')]
l2.clear()
print('slice deletion:')
l3 = [D('s0'), D('s1'), D('s2'), D('s3')]
del l3[1:3]
print('done')
l3 = None
