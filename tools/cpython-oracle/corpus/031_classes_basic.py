# Classes: __init__, instance attributes, methods calling other methods, class
# attributes shared by instances, instance attributes shadowing them, type() of an instance.
class Point:
    dims = 2
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm2(self):
        return self.x * self.x + self.y * self.y
    def moved(self, dx, dy):
        return Point(self.x + dx, self.y + dy)
    def describe(self):
        return f'Point({self.x}, {self.y}) norm2={self.norm2()}'
p = Point(3, 4)
q = p.moved(1, -1)
print(p.x, p.y, p.norm2(), q.describe())
print(p.dims, Point.dims, q.dims)
p.dims = 3
print(p.dims, Point.dims, q.dims)
Point.dims = 4
print(p.dims, Point.dims, q.dims)
print(type(p), type(p) is Point, isinstance(q, Point), type(p).__name__)
class Account:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.log = []
    def deposit(self, amount):
        self.balance += amount
        self.log.append(('deposit', amount))
    def withdraw(self, amount):
        if amount > self.balance:
            self.log.append(('refused', amount))
            return False
        self.balance -= amount
        self.log.append(('withdraw', amount))
        return True
acc = Account('ann')
acc.deposit(100)
print(acc.withdraw(30), acc.withdraw(500), acc.balance, acc.log)
m = acc.deposit
m(5)
print(acc.balance, Account.deposit(acc, 1), acc.balance)
