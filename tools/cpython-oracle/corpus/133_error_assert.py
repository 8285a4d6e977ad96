# A failing assert that is not caught: "AssertionError: balance went negative: -5".
class Account:
    def __init__(self):
        self.balance = 0
    def apply(self, amount):
        self.balance += amount
        assert self.balance >= 0, f'balance went negative: {self.balance}'
        print('balance', self.balance)
acc = Account()
for amount in [10, -3, -12, 4]:
    acc.apply(amount)
print('never printed')
