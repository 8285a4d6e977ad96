# The same list contents built different ways have different capacities: a display of
# constants, a display of names, list(range()), list(list), [x] * n, a comprehension,
# append in a loop, slicing and concatenation.
import sys
a, b, c = 1, 2, 3
ways = [
    ('[]', []),
    ('[1]', [1]),
    ('[a, b]', [a, b]),
    ('[a, b, c]', [a, b, c]),
    ('[1, 2, 3]', [1, 2, 3]),
    ('[1, 2, 3, 4, 5]', [1, 2, 3, 4, 5]),
    ('list(range(5))', list(range(5))),
    ('list([1, 2, 3])', list([1, 2, 3])),
    ('[0] * 5', [0] * 5),
    ('comprehension of 5', [i for i in range(5)]),
    ('comprehension of 17', [i for i in range(17)]),
    ('list("hello")', list('hello')),
    ('slice [:3] of 10', list(range(10))[:3]),
    ('[1, 2] + [3]', [1, 2] + [3]),
]
for label, value in ways:
    print(label, len(value), sys.getsizeof(value))
grown = []
for i in range(5):
    grown.append(i)
print('append x5', sys.getsizeof(grown))
print('copy of it', sys.getsizeof(grown[:]), sys.getsizeof(list(grown)), sys.getsizeof(grown.copy()))
print('sorted()', sys.getsizeof(sorted(grown)))
