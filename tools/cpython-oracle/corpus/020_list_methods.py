# list methods: append, extend, insert, pop, remove, index, count, sort, reverse,
# copy, clear -- and what they return (mostly None).
l = [3, 1, 2]
print(l.append(4), l)
l.extend([5, 6])
l.extend((7,))
l.extend('ab')
print(l)
l.insert(0, 'first')
l.insert(100, 'last')
l.insert(-1, 'before last')
print(l)
print(l.pop(), l.pop(0), l.pop(2), l)
l.remove('a')
print(l, l.index(4), l.count(4), l.count('zz'))
nums = [5, 3, 9, 1, 5, 7]
print(nums.sort(), nums)
nums.reverse()
print(nums)
words = ['pear', 'Apple', 'fig', 'banana']
words.sort()
print(words)
cp = nums.copy()
nums.clear()
print(nums, cp)
try:
    cp.remove(100)
except ValueError as e:
    print('ValueError:', e)
try:
    [].pop()
except IndexError as e:
    print('IndexError:', e)
try:
    cp.index('x')
except ValueError as e:
    print('ValueError:', e)
st = []
for i in range(5):
    st.append(i * i)
while len(st) > 2:
    st.pop()
print(st)
