# list.sort and sorted() are CPython's timsort: the same comparisons in the same order, so
# inconsistent orders (nan) give the same list, a user __lt__ is called the same number of
# times, and a comparison that raises leaves the same partly sorted list
calls = [0]
class Counted:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        calls[0] += 1
        return self.v < other.v
nan = float('nan')
print(sorted([3.0, nan, 1.0, 2.0]), sorted([nan, 2.0, 1.0]), sorted([2.0, 1.0, nan, 0.5, nan]))
data = [(i * 37) % 101 for i in range(150)] + list(range(60)) + list(range(90, 30, -1))
ordered = sorted([Counted(x) for x in data])
print('comparisons:', calls[0], [x.v for x in ordered[:8]])
calls[0] = 0
ordered = sorted([Counted(x) for x in range(200)])
print('already sorted, comparisons:', calls[0])
mixed = [5, 3, 8, 'a', 1, 9, 2]
try:
    mixed.sort()
except TypeError as e:
    print(e)
print('left as:', mixed)
try:
    sorted([1, 'b', 2.5])
except TypeError as e:
    print(e)
words = ['pear', 'Fig', 'apple', 'fig', 'Apple']
print(sorted(words), sorted([len(w) for w in words]))
