# Resurrection without the cycle collector: a __del__ that stores self somewhere keeps the
# object alive; __del__ never runs twice for the same object, even when it dies again.
import gc
saved = []
class Phoenix:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print('__del__ of', self.name)
        saved.append(self)
p = Phoenix('bird')
print('finalized before:', gc.is_finalized(p))
del p
print('saved:', [x.name for x in saved])
again = saved.pop()
print('resurrected object is alive:', again.name, gc.is_finalized(again))
del again
print('second death: no __del__ call; saved is', saved)
class Counter:
    deaths = 0
    def __del__(self):
        Counter.deaths += 1
for i in range(10):
    Counter()
print('deaths:', Counter.deaths)
c = Counter()
c2 = c
del c
print('one of two names gone:', Counter.deaths)
del c2
print('both gone:', Counter.deaths)
