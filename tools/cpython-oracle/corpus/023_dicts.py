# dicts: displays, lookup, insertion order, update of existing keys (order kept),
# get/setdefault/pop/update/keys/values/items, membership, len, dict() and missing keys.
d = {'b': 1, 'a': 2}
d['c'] = 3
d['b'] = 10
print(d, len(d), d['a'])
print('a' in d, 'z' in d, 10 in d)
print(d.get('a'), d.get('z'), d.get('z', 'default'))
print(d.setdefault('a', 99), d.setdefault('new', []), d)
d['new'].append('x')
print(d.pop('c'), d.pop('missing', 'none'), d)
d.update({'a': 'A', 'e': 5})
print(d)
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.keys(), d.values())
print(d.items())
del d['new']
d['new'] = 'back at the end'
print(d)
print(dict(), dict([('x', 1), ('y', 2)]), dict({'k': 'v'}))
try:
    d['nope']
except KeyError as e:
    print('KeyError', e)
mixed = {1: 'int', 1.5: 'float', 'one': 'str', (1, 2): 'tuple', None: 'none', True: 'bool?'}
print(mixed)
print(mixed[1], mixed[(1, 2)], mixed[None])
counts = {}
for ch in 'mississippi':
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
print(sorted(counts), max(counts), min(counts))
