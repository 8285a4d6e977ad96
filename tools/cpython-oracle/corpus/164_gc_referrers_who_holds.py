# Who keeps an object alive, asked with gc.get_referrers and described by type: a list,
# an instance attribute, a class attribute (the class's dict), a closure (a cell), a bound
# method (its __self__), a tuple. Done in a function: locals are not referrers.
import gc


class Target:
    def ping(self):
        return 'pong'


class Holder:
    pass


def make_reader(x):
    def read():
        return x
    return read


def kinds(obj):
    return sorted([type(o).__name__ for o in gc.get_referrers(obj)])


def demo():
    t = Target()
    print('only a local:', kinds(t))
    box = [t]
    h = Holder()
    h.ref = t
    print('list and instance:', kinds(t))
    Holder.shared = t
    print('class attribute:', kinds(t))
    reader = make_reader(t)
    m = t.ping
    pair = (t, 0)
    print('cell, method, tuple:', kinds(t))
    cell = [o for o in gc.get_referrers(t) if type(o).__name__ == 'cell'][0]
    print('the cell is the closure:', cell is reader.__closure__[0], m.__self__ is t)
    del cell, reader, m, pair
    box.clear()
    Holder.shared = None
    print('after dropping most:', kinds(t))
    del h.ref
    print('back to a local only:', kinds(t))


demo()
