# Removing dict items never shrinks the table: pop, popitem (the last entry) and del keep
# the size until clear() goes back to the shared empty keys; popitem gives its entry slot
# back, pop does not, so a dict emptied by pop is rebuilt small at the next insert.
import sys
d = {}
for i in range(20):
    d['key' + str(i)] = i
full = sys.getsizeof(d)
print('20 str keys:', full)
print('pop:', d.pop('key3'), d.pop('missing', 'default'), len(d), sys.getsizeof(d))
popped = []
while len(d) > 1:
    popped.append(d.popitem()[1])
print('popitem order:', popped)
print('one left:', d, sys.getsizeof(d) == full)
d.popitem()
print('empty by popitem:', d, sys.getsizeof(d))
d['again'] = 1
print('one key after emptying:', sys.getsizeof(d))
d.clear()
print('clear:', sys.getsizeof(d), sys.getsizeof({}))
d['again'] = 1
print('one key after clear:', sys.getsizeof(d))
e = {}
for i in range(10):
    e[i] = i
print('10 int keys:', sys.getsizeof(e))
for k in range(10):
    e.pop(k)
print('popped all:', len(e), sys.getsizeof(e))
e[0] = 0
print('one key, entries used up: rebuilt', sys.getsizeof(e))
try:
    {}.popitem()
except KeyError as exc:
    print('KeyError', exc)
