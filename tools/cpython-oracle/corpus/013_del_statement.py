# del of names, list items and slices, dict keys and attributes; using a deleted name
# raises NameError; deleting a missing key raises KeyError.
x = 5
del x
try:
    print(x)
except NameError as e:
    print('NameError:', e)
lst = [0, 1, 2, 3, 4, 5, 6]
del lst[0]
print(lst)
del lst[-1]
print(lst)
del lst[1:3]
print(lst)
del lst[::2]
print(lst)
d = {'a': 1, 'b': 2, 'c': 3}
del d['b']
print(d)
try:
    del d['zz']
except KeyError as e:
    print('KeyError:', e)
class Obj:
    pass
o = Obj()
o.attr = 1
o.other = 2
del o.attr
print(o.other)
try:
    print(o.attr)
except AttributeError as e:
    print('AttributeError:', e)
a, b = 1, 2
del a, b
p = [1, 2]
q = p
del p
print(q)
