# List and dict comprehensions: filters, nested loops, over strings/dicts/ranges,
# building matrices, and the comprehension variable not leaking into the outer scope.
squares = [x * x for x in range(8)]
print(squares)
evens = [x for x in range(20) if x % 2 == 0 if x % 3 != 0]
print(evens)
pairs = [(i, j) for i in range(3) for j in range(i)]
print(pairs)
upper = [c.upper() for c in 'abc']
print(upper)
matrix = [[r * 3 + c for c in range(3)] for r in range(3)]
print(matrix)
transposed = [[row[i] for row in matrix] for i in range(3)]
print(transposed)
flat = [v for row in matrix for v in row if v % 2]
print(flat)
sq = {n: n * n for n in range(5)}
print(sq)
words = ['apple', 'bob', 'cat', 'apple']
lengths = {w: len(w) for w in words}
print(lengths)
inv = {v: k for k, v in sq.items() if v > 1}
print(inv)
x = 'outer'
res = [x for x in range(3)]
print(x, res)
print([[] for i in range(3)], {i: [] for i in range(2)})
print(sum([n for n in range(101)]), len([c for c in 'mississippi' if c == 's']))
