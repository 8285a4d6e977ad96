# A tour of CPython's memory: names, containers, a reference cycle, the cycle collector.
import gc

class Node:
    def __init__(self, name):
        self.name = name
        self.other = None

    def __del__(self):
        print('finalizing', self.name)

gc.disable()
numbers = [1, 2, 3]
table = {'numbers': numbers, 'answer': 42}
a = Node('a')
b = Node('b')
a.other = b
b.other = a
del a, b
print('unreachable cycle collected:', gc.collect())
keep = Node('keep')
keep.other = keep
print('alive:', keep.name, len(numbers))
