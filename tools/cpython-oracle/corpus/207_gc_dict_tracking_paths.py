# When a dict starts being tracked: a dict of atoms is not, and becomes tracked the moment
# any key or value could be in a cycle -- whether it arrives by d[k] = v, update(),
# setdefault(), a comprehension or copy(). A tuple of atoms counts only once untracked.
import gc
gc.disable()
gc.collect()
d = dict([(1, 'one'), (2, 'two')])
print('dict(pairs) of atoms:', gc.is_tracked(d), 'copy:', gc.is_tracked(d.copy()))
d.update({3: 'three'})
print('update with atoms:', gc.is_tracked(d))
d.update({4: []})
print('update with a list value:', gc.is_tracked(d), 'its copy:', gc.is_tracked(d.copy()))
e = {'a': 1}
e.setdefault('b', [])
print('setdefault with a list:', gc.is_tracked(e))
f = {'a': 1}
f.setdefault('a', [])
print('setdefault that keeps the old int value:', gc.is_tracked(f))
comp = {i: i * i for i in range(5)}
comp2 = {i: [i] for i in range(5)}
print('comprehensions:', gc.is_tracked(comp), gc.is_tracked(comp2))
t = tuple([1, 2])
print('tuple value, tuple still tracked:', gc.is_tracked(t), gc.is_tracked({'k': t}))
gc.collect()
print('tuple value after the tuple was untracked:', gc.is_tracked(t), gc.is_tracked({'k': t}))
print('tuple key:', gc.is_tracked({t: 1}), 'frozenset value:', gc.is_tracked({1: frozenset([1])}))
g = {'x': 1}
g['x'] = {}
print('an empty dict as value:', gc.is_tracked(g['x']), gc.is_tracked(g))
