# Assignment targets: names, chained assignment, tuple unpacking (also nested and from
# lists/strings/ranges), swapping, attributes, subscripts, and aliasing of mutable values.
a = 1
b = c = [0]
b.append(1)
print(a, b, c, b is c)
x, y = 1, 2
x, y = y, x
print(x, y)
p, (q, r) = 'P', ['Q', 'R']
print(p, q, r)
i, j, k = 'ijk'
print(i, j, k)
m, n = range(2)
print(m, n)
first, second = [[1, 2], [3, 4]]
print(first, second)
class Box:
    pass
box = Box()
box.value = 10
box.other = box.value + 1
print(box.value, box.other)
lst = [0, 0, 0]
lst[0] = 'a'
lst[-1] = 'z'
lst[1] = lst
print(lst[0], lst[2], lst[1] is lst)
d = {}
d['x'] = 1
d['y'] = d['x'] + 1
d['x'] = 'replaced'
print(d)
box.items = []
box.items.append(d)
print(box.items[0]['y'])
lst2 = [1, 2, 3]
lst2[0], lst2[2] = lst2[2], lst2[0]
print(lst2)
u = v = w = 7
print(u + v + w)
