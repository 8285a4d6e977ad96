# Iterating dicts: keys, values, items, building dicts from zip and enumerate, copy vs
# alias, clear, popitem (last inserted), and changing values (not size) while iterating.
prices = {'apple': 3, 'pear': 5, 'fig': 2}
for k in prices:
    prices[k] = prices[k] * 10
print(prices)
names = ['x', 'y', 'z']
vals = [1, 2, 3]
z = dict(zip(names, vals))
print(z)
e = {}
for i, n in enumerate(names):
    e[n] = i
print(e)
alias = z
cp = z.copy()
z['w'] = 0
print(alias, cp)
print(z.popitem(), z.popitem(), z)
total = 0
for k, v in prices.items():
    total += v
print(total)
inv = {}
for k, v in prices.items():
    inv[v] = k
print(inv)
cp.clear()
print(cp, len(cp))
try:
    for k in prices:
        prices[k + '!'] = 1
except RuntimeError as err:
    print('RuntimeError:', err)
print(sorted(prices.items()))
nested = {'a': {'b': {'c': 1}}}
print(nested['a']['b']['c'])
nested['a']['b']['d'] = 2
print(nested)
