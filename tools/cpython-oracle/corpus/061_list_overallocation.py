# List over-allocation: sys.getsizeof of a list as it grows by append shows the capacity
# jumping (0, 4, 8, 16, 24, 32, 40, 52, ...), not growing by one; popping shrinks it only
# when less than half is used.
import sys
l = []
last = sys.getsizeof(l)
print('empty:', last)
for i in range(70):
    l.append(i)
    size = sys.getsizeof(l)
    if size != last:
        print('len', len(l), 'size', size, 'capacity', (size - 56) // 8)
        last = size
while l:
    l.pop()
    size = sys.getsizeof(l)
    if size != last:
        print('shrunk at len', len(l), 'size', size)
        last = size
m = []
m.insert(0, 'x')
print('one insert:', sys.getsizeof(m))
m.extend(range(10))
print('extend by 10:', len(m), sys.getsizeof(m))
m.clear()
print('after clear:', sys.getsizeof(m))
