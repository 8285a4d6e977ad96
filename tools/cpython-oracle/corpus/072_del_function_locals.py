# When a function returns, its locals are released in the order they were first assigned
# (parameters first); a returned local survives; an exception unwinding a frame releases
# its locals too.
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print('  del', self.name)
def f(p):
    z = D('z')
    a = D('a')
    m = D('m')
    print('  returning')
    return m
print('call f:')
kept = f(D('param'))
print('kept', kept.name)
del kept
def rebinding():
    x = D('x1')
    x = D('x2')
    y = D('y')
    print('  end of rebinding')
print('call rebinding:')
rebinding()
def raising():
    r = D('r')
    q = D('q')
    raise ValueError('boom')
print('call raising:')
try:
    raising()
except ValueError as e:
    print('caught', e)
print('after try')
def nested():
    outer = D('outer')
    def inner():
        inner_local = D('inner')
        return 1
    inner()
    print('  inner returned')
    return 2
print('call nested:')
nested()
print('done')
