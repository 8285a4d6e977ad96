# The pylite benchmark (issue: pylite): one million small objects, half of them in cycles.
# 500,000 pairs of Node instances refer to each other; every second pair stays reachable
# from a list, the rest is cyclic garbage that automatic collections (and a final
# gc.collect()) free. Run by tools/bench/pylite.mjs under python3 and `pymm run`.
import gc

class Node:
    def __init__(self, i):
        self.i = i
        self.other = None

keep = []
for i in range(500000):
    a = Node(i)
    b = Node(i)
    a.other = b
    b.other = a
    if i % 2 == 0:
        keep.append(a)
print(len(keep), keep[-1].other.i)
print('a final collection runs:', gc.collect() >= 0)
