# Slice assignment: l[i:j] = seq resizes to the new length through list_resize, so growing
# by a slice over-allocates like append, replacing with fewer items may shrink, and an
# equal-length replacement keeps the array; the right side is first copied to a sequence.
import sys
def cap(l):
    return (sys.getsizeof(l) - 56) // 8
l = [0, 1, 2, 3]
print('display of 4:', cap(l))
l[2:2] = ['a']
print('insert 1 by slice:', len(l), cap(l))
l[2:2] = range(10)
print('insert 10 by slice:', len(l), cap(l))
l[:] = 'abcdefghijklmno'
print('same length from a str:', len(l), cap(l))
l[:] = [1, 2, 3]
print('replace all by 3:', len(l), cap(l), l)
l[len(l):] = (4, 5, 6, 7, 8, 9, 10, 11)
print('append 8 by slice:', len(l), cap(l))
l[1:10] = []
print('delete 9 by empty slice:', len(l), cap(l), l)
grow = []
last = -1
for i in range(30):
    grow[len(grow):] = [i]
    if cap(grow) != last:
        last = cap(grow)
        print('slice-append len', len(grow), 'cap', last)
e = list(range(12))
e[::3] = 'wxyz'
print('extended slice, 4 items:', e, cap(e))
e[::-1] = range(12)
print('reversed assignment:', e[:4], cap(e))
s = [1, 2, 3]
s[1:2] = s
print('self into a slice:', s, cap(s))
d = list(range(20))
d[5:15] = {'k': 1, 'j': 2}
print('dict keys into 10 slots:', len(d), cap(d), d[4:8])
