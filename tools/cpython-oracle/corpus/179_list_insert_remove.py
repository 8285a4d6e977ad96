# list.insert grows the array exactly like append (one list_resize to n + 1), wherever the
# item goes; a display starts with no spare slots so the first insert over-allocates;
# pop(0), pop() and remove() shrink at the same lengths (when under half full).
import sys
front = []
back = []
middle = []
changes = [(0, sys.getsizeof(front))]
for i in range(40):
    front.insert(0, i)
    back.append(i)
    middle.insert(len(middle) // 2, i)
    a, b, c = sys.getsizeof(front), sys.getsizeof(back), sys.getsizeof(middle)
    if a != b or b != c:
        print('differ at', i)
    if changes[-1][1] != a:
        changes.append((len(front), a))
print('growth points (len, size):', changes)
print(front[:5], middle[:5], back[:5])
shown = [1, 2, 3, 4, 5, 6, 7, 8]
print('display of 8', sys.getsizeof(shown))
shown.insert(3, 'x')
print('one insert', sys.getsizeof(shown), 'capacity', (sys.getsizeof(shown) - 56) // 8)
shown.insert(-100, 'first')
shown.insert(100, 'last')
print(shown[0], shown[-1], len(shown), sys.getsizeof(shown))
p0 = list(front)
p1 = list(front)
r = list(front)
for i in range(40):
    x0 = sys.getsizeof(p0)
    p0.pop(0)
    p1.pop()
    r.remove(r[len(r) // 2])
    if sys.getsizeof(p0) != x0:
        print('shrink to len', len(p0), sys.getsizeof(p0), sys.getsizeof(p1), sys.getsizeof(r))
