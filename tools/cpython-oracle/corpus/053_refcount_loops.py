# Refcounts inside loops and comprehensions: the loop variable holds a reference (and keeps
# the last item after the loop), and a list comprehension's own variable holds one while
# the comprehension runs.
import sys
class Item:
    pass
items = [Item(), Item(), Item()]
counts = []
for it in items:
    counts.append(sys.getrefcount(it))
print('in for loop:', counts)
print('loop variable still bound to the last item:', sys.getrefcount(items[-1]))
del it
print('after del of the loop variable:', sys.getrefcount(items[-1]))
print('comprehension:', [sys.getrefcount(x) for x in items])
print('after the comprehension:', [sys.getrefcount(items[k]) for k in range(3)])
k = 0
while k < len(items):
    cur = items[k]
    counts[k] = sys.getrefcount(cur)
    k += 1
print('while loop with a name:', counts, sys.getrefcount(cur))
cur = None
by_index = []
for k in range(3):
    by_index.append(sys.getrefcount(items[k]))
print('indexing only:', by_index)
nested = [[x, x] for x in items]
print('each item in its own pair:', [sys.getrefcount(x) for x in items])
del nested
print('pairs freed:', sys.getrefcount(items[0]))
