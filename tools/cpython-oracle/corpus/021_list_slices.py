# Slices of lists: bounds, negative indices, steps, out-of-range bounds, copies,
# slice assignment (growing and shrinking), and del of slices.
l = list(range(10))
print(l[2:5], l[:3], l[7:], l[-3:], l[:-7], l[-5:-2])
print(l[::2], l[1::3], l[::-1], l[8:2:-2], l[-1:-4:-1])
print(l[5:100], l[100:], l[3:3], l[6:2])
c = l[:]
c[0] = 'changed'
print(l[0], c[0], c is l)
m = [0, 1, 2, 3, 4]
m[1:3] = ['a', 'b', 'c', 'd']
print(m)
m[1:5] = []
print(m)
m[:0] = [-2, -1]
print(m)
m[len(m):] = [5, 6]
print(m)
m[::2] = ['x', 'y', 'z', 'w']
print(m)
del m[1:3]
print(m)
del m[::-2]
print(m)
words = ['a', 'b', 'c', 'd', 'e']
print(words[1:-1], words[-2:], words[:1])
try:
    m[::2] = [1, 2, 3, 4, 5, 6, 7]
except ValueError as e:
    print('ValueError:', e)
t = (0, 1, 2, 3)
print(t[1:3], t[::-1])
