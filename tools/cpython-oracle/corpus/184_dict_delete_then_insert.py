# Deleting dict keys leaves used entries behind (the size never drops); new keys take new
# entry slots, and when the entries run out the table is rebuilt for 3 * len keys: after
# many deletions that shrinks a big dict, while a full small dict grows, with no more keys.
import sys
d = {}
for i in range(100):
    d[i] = i
print('100 int keys:', sys.getsizeof(d))
for i in range(95):
    del d[i]
print('after deleting 95:', len(d), sys.getsizeof(d))
last = sys.getsizeof(d)
for n in range(100, 200):
    del d[n - 5]
    d[n] = n
    if sys.getsizeof(d) != last:
        last = sys.getsizeof(d)
        print('delete one, add one: at key', n, 'len', len(d), 'size', last)
s = {}
for i in range(5):
    s['k' + str(i)] = i
print('5 str keys:', sys.getsizeof(s))
churn = []
for i in range(12):
    del s['k' + str(i)]
    s['k' + str(i + 5)] = i
    churn.append(sys.getsizeof(s))
print('delete one, add one, 12 times:', len(s), churn)
same = {'a': 1, 'b': 2}
before = sys.getsizeof(same)
for i in range(50):
    del same['a']
    same['a'] = i
print('re-adding the same key 50 times:', before, sys.getsizeof(same), same)
update = {}
for i in range(5):
    update[i] = i
for i in range(50):
    update[i % 5] = i
print('overwriting values 50 times:', sys.getsizeof(update), update)
