# del on slices goes through list_resize: the capacity drops only when the new length is
# under half of it, and then to n + n/8 + 6 rounded down to a multiple of 4; extended
# slices (step 2, step -1) resize the same way; del l[:] frees the whole array.
import sys
def fresh(n):
    l = []
    for i in range(n):
        l.append(i)
    return l
def cap(l):
    return (sys.getsizeof(l) - 56) // 8
l = fresh(100)
print('100 appended:', len(l), cap(l))
del l[0:1]
print('del one:', len(l), cap(l))
del l[10:50]
print('del 40 of 99:', len(l), cap(l))
del l[:30]
print('del 30 of 59:', len(l), cap(l))
del l[5:]
print('del the tail:', len(l), cap(l), l)
for n in (8, 9, 16, 17, 40):
    for k in (1, n // 2, n // 2 + 1, n - 1):
        m = fresh(n)
        before = cap(m)
        del m[:k]
        print('n', n, 'cap', before, 'del', k, '-> len', len(m), 'cap', cap(m))
s = fresh(64)
del s[::2]
print('del [::2] of 64:', len(s), cap(s), s[:4])
del s[::2]
print('again:', len(s), cap(s), s[:4])
del s[::-1]
print('del [::-1]:', len(s), cap(s), sys.getsizeof(s))
t = fresh(20)
del t[:]
print('del [:]:', t, sys.getsizeof(t))
u = fresh(20)
del u[5:5]
del u[30:40]
print('empty deletions:', len(u), cap(u))
