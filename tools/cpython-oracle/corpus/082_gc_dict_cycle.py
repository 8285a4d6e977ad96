# Cycles through dicts: a dict containing itself, a dict and a list pointing at each other,
# an instance registered in a dict it also refers to (the registry pattern).
# (test_gc.py test_dict; golden/worked_examples.py example E)
import gc
class Plugin:
    def __init__(self, registry, name):
        self.registry = registry
        registry[name] = self
gc.disable()
gc.collect()
d = {}
d['self'] = d
del d
print('dict containing itself:', gc.collect())
d = {}
d[1] = d
gc.collect()
del d
print('test_dict:', gc.collect())
d = {'items': []}
d['items'].append(d)
del d
print('dict <-> list:', gc.collect())
reg = {}
Plugin(reg, 'a')
Plugin(reg, 'b')
print('registry alive, nothing collected:', gc.collect())
del reg
print('registry with two plugins:', gc.collect())
outer = {'inner': {'deeper': {}}}
outer['inner']['deeper']['back'] = outer
del outer
print('three nested dicts in a cycle:', gc.collect())
