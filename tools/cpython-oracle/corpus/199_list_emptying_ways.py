# Ways to empty a list and what happens to its item array: clear(), del l[:], l[:] = [],
# l *= 0 and popping everything all free it (back to 56 bytes); rebinding the name leaves
# the old list, array and all, to its other references; sort() and reverse() keep it.
import sys
def filled():
    l = []
    for i in range(30):
        l.append(i)
    return l
def report(label, l):
    print(label, len(l), sys.getsizeof(l))
a = filled()
report('filled', a)
a.sort()
a.reverse()
report('after sort and reverse', a)
a.clear()
report('clear()', a)
b = filled()
del b[:]
report('del b[:]', b)
c = filled()
c[:] = []
report('c[:] = []', c)
d = filled()
d *= 0
report('d *= 0', d)
e = filled()
while e:
    e.pop()
report('pop until empty', e)
f = filled()
for x in list(f):
    f.remove(x)
report('remove each', f)
g = filled()
alias = g
g = []
report('rebound name', g)
report('the old list via its alias', alias)
h = filled()
h[:] = h[:1]
report('h[:] = h[:1]', h)
k = filled()
k = k[:0]
report('k = k[:0]', k)
