# Methods: self, methods calling methods, returning self for chaining, a bound method kept
# in a variable (it remembers its instance), calling through the class, and method identity.
class Counter:
    def __init__(self, start):
        self.value = start
        self.history = []
    def inc(self, by=1):
        self.value += by
        self.history.append(by)
        return self
    def reset(self):
        self.value = 0
        return self
    def total_steps(self):
        return len(self.history)
c = Counter(10)
c.inc().inc(5).inc()
print(c.value, c.history, c.total_steps())
bump = c.inc
bump(100)
bump()
print(c.value, c.total_steps())
Counter.inc(c, 1000)
print(c.value)
d = Counter(0)
methods = [c.reset, d.inc]
for m in methods:
    m()
print(c.value, d.value)
print(c.inc == c.inc, c.inc is c.inc, c.inc == d.inc)
print(type(c.inc).__name__, type(Counter.inc).__name__)
print(bump.__self__ is c, bump.__func__ is Counter.inc)
