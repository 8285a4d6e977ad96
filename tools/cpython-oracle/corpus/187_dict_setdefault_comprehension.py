# A dict comprehension starts empty and inserts key by key (MAP_ADD), so it grows like a
# dict filled by d[k] = v or setdefault (8, 16, 32, 64 slots...); a display with literal
# keys is presized in one step to the same table; repeated keys and setdefault on a present
# key add nothing; int keys need a bigger entry than str keys.
import sys
last = None
for n in range(45):
    comp = {i: i for i in range(n)}
    sd = {}
    for i in range(n):
        sd.setdefault(i, i)
    if sys.getsizeof(comp) != sys.getsizeof(sd):
        print('differ at', n)
    if sys.getsizeof(comp) != last:
        last = sys.getsizeof(comp)
        print('n', n, 'size', last)
print('display of 5:', sys.getsizeof({'a': 1, 'b': 2, 'c': 3, 'd': 4, 'e': 5}))
print('comprehension of 5:', sys.getsizeof({k: 1 for k in 'abcde'}))
print('display of 6:', sys.getsizeof({'a': 1, 'b': 2, 'c': 3, 'd': 4, 'e': 5, 'f': 6}))
print('comprehension of 6:', sys.getsizeof({k: 1 for k in 'abcdef'}))
print('repeated keys:', sys.getsizeof({k: 1 for k in 'aaaaaaaaaa'}), sys.getsizeof({'a': 1, 'a': 2}))
groups = {}
for word in ['apple', 'avocado', 'banana', 'blueberry', 'cherry', 'apricot', 'beet']:
    groups.setdefault(word[0], []).append(word)
print(groups, sys.getsizeof(groups))
print('list sizes', [sys.getsizeof(groups[k]) for k in sorted(groups)])
before = sys.getsizeof(groups)
for i in range(100):
    groups.setdefault('a', None)
print('setdefault on a present key x100:', before == sys.getsizeof(groups), len(groups['a']))
strs = {str(i): i for i in range(6)}
ints = {i: str(i) for i in range(6)}
print('6 str keys', sys.getsizeof(strs), '6 int keys', sys.getsizeof(ints))
