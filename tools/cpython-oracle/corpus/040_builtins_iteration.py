# Iteration built-ins: iter/next (with a default, and StopIteration), enumerate (with a
# start), zip (stops at the shortest), sorted, min, max, sum (with a start).
it = iter([1, 2, 3])
print(next(it), next(it), next(it), next(it, 'done'), next(it, None))
try:
    next(it)
except StopIteration as e:
    print('StopIteration', repr(e))
sit = iter('ab')
print(next(sit), next(sit), next(sit, '!'))
dit = iter({'x': 1, 'y': 2})
print(next(dit), list(dit))
print(list(enumerate('abc')), list(enumerate(['x', 'y'], 1)))
for i, ch in enumerate('hey', 10):
    print(i, ch)
print(list(zip([1, 2, 3], 'ab')), list(zip()), list(zip([1], [2], [3])))
names = ['b', 'a', 'c']
ages = [30, 20, 25]
for n, a in zip(names, ages):
    print(n, a)
print(sorted([3, 1, 2]), sorted('cba'), sorted((2.5, -1, 0)), sorted({'z': 1, 'a': 2}))
print(sorted([[2, 'b'], [1, 'z'], [2, 'a']]), sorted(['bb', 'a', 'ccc']))
print(min(3, 1, 2), max(3, 1, 2), min([5, 4]), max('hello'), min((9, 8), (9, 7)))
print(sum([1, 2, 3]), sum([1, 2, 3], 10), sum([0.5, 0.25]), sum([]), sum(range(5)))
try:
    max([])
except ValueError as e:
    print('ValueError:', e)
it2 = iter(range(3))
total = 0
for v in it2:
    total += v
print(total, next(it2, 'exhausted'))
e = enumerate(['p', 'q'])
print(next(e), next(e))
