# Sets never shrink on removal: discard, remove and pop leave dummy entries and keep the
# table; clear() goes back to the 8-slot table inside the set object; a set refilled after
# discards grows again only when live plus dummy entries fill 3/5 of the table.
import sys
s = set()
for i in range(50):
    s.add(i)
print('50 added:', sys.getsizeof(s))
for i in range(45):
    s.discard(i)
s.discard(1000)
print('45 discarded (and one missing):', len(s), sys.getsizeof(s))
s.remove(45)
s.pop()
print('remove, pop:', len(s), sys.getsizeof(s))
s.clear()
print('clear:', len(s), sys.getsizeof(s), 'empty set:', sys.getsizeof(set()))
t = set()
for i in range(4):
    t.add(i)
print('4 items:', sys.getsizeof(t))
last = sys.getsizeof(t)
for i in range(4, 40):
    t.discard(i - 4)
    t.add(i)
    if sys.getsizeof(t) != last:
        last = sys.getsizeof(t)
        print('discard one, add one: at', i, 'len', len(t), 'size', last)
print('final 4-item set after churn:', sorted(t), sys.getsizeof(t))
u = set(range(20))
while len(u) > 2:
    u.pop()
print('popped down to 2:', len(u), sys.getsizeof(u), sys.getsizeof(set(u)))
v = {1, 2, 3}
v.add(2)
v.add(3)
print('adding present items:', sys.getsizeof(v), sorted(v))
