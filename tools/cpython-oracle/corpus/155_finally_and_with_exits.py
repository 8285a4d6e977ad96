# What leaves a try through its finally, or a with block through __exit__: an exception
# raised in a finally gets the pending one as __context__; a return, raise or break there
# drops what was pending (its references released); __exit__ may be a classmethod.
import sys


class Managed:
    def __enter__(self):
        return self

    @classmethod
    def __exit__(cls, kind, value, tb):
        print('exit', cls.__name__, kind is None)
        if kind is not None:
            raise KeyError('from exit')


o = Managed()


def ret():
    with Managed():
        return o


def raises():
    with Managed():
        raise ValueError(o)


def finally_raises():
    try:
        return o
    finally:
        raise KeyError('finally')


def finally_returns():
    try:
        return [o]
    finally:
        return 5


try:
    try:
        raise KeyError(1)
    finally:
        raise ValueError(2)
except ValueError as e:
    print(type(e.__context__).__name__, e.__context__)
for fn in [ret, raises, finally_raises, finally_returns]:
    before = sys.getrefcount(o)
    for i in range(3):
        try:
            fn()
        except KeyError:
            pass
    print(fn.__name__, sys.getrefcount(o) - before)
