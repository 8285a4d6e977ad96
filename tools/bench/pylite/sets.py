# Sets as CPython's hash tables: 200,000 int keys and 50,000 str keys added, looked up,
# discarded (leaving dummies) and popped, then a union and a difference of large sets.
s = set()
for i in range(200000):
    s.add(i * 7919 % 1000003)
words = set()
for i in range(50000):
    words.add('w' + str(i))
n = 0
for i in range(0, 200000, 3):
    if i in s:
        n += 1
for i in range(0, 200000, 2):
    s.discard(i * 7919 % 1000003)
while len(words) > 25000:
    words.pop()
u = s | set(range(1000))
d = u - s
print(len(s), len(words), n, len(u), len(d), sum(s) % 1000, sorted(words)[:3])
