# property, staticmethod and classmethod: descriptors on a class. A property wins over the
# instance's __dict__; its errors name it (type_new's __set_name__); getter and setter make
# new properties; staticmethod and classmethod wrap a callable in 48 bytes.
import gc, sys


def trace(tag):
    print('decorator', tag)
    return staticmethod


class Account:
    def __init__(self, balance):
        self._balance = balance

    @property
    def balance(self):
        return self._balance

    @balance.setter
    def balance(self, v):
        if v < 0:
            raise ValueError('negative')
        self._balance = v

    @trace(1)
    @trace(2)
    def fee(amount):
        return amount // 100

    @classmethod
    def open(cls, amount):
        return cls(amount)


class Savings(Account):
    @Account.balance.getter
    def balance(self):
        return self._balance * 2


a, s = Account.open(150), Savings.open(10)
print(a.balance, s.balance, a.fee(250), Savings.fee(99), type(s).__name__)
a.balance = 40
for v in [-1, 7]:
    try:
        s.balance = v
        del a.balance
    except (AttributeError, ValueError) as e:
        print(type(e).__name__, e)
a.__dict__['balance'] = 999
p = Account.__dict__['balance']
print(a.balance, p.fget(a), type(p).__name__, isinstance(p, property), p.fdel, sys.getsizeof(p), gc.is_tracked(p))
sm, cm = Account.__dict__['fee'], Account.__dict__['open']
print(type(sm).__name__, sys.getsizeof(sm), sys.getsizeof(cm), sm.__func__ is Account.fee, sm(300), Account.open.__self__ is Account)
q = property(None, None, None, 'doc')
print(q.fget, q.__doc__, q.setter(len).fset is len, Account.balance is p, Savings.balance is p)
del a, s
gc.collect()
print(sys.getrefcount(p.fget), gc.collect())
