# Tuple untracking: a collection walks its generation once and untracks each tuple whose
# items cannot be in a cycle. A tuple holding a list or an instance stays tracked; a tuple
# of tuples goes in the same pass only if its items come before it in the gc list -- an
# item referenced by nothing else is moved behind it while the collector marks it reachable.
# Only the generations being collected are examined.
import gc
class Thing:
    pass
gc.disable()
gc.collect()
inner = tuple([1, 2])
nested = tuple([inner, 3.5])
anon = tuple([tuple(['a', 'b']), 3.5])
with_list = tuple([1, []])
with_obj = tuple([Thing()])
print('before:', gc.is_tracked(inner), gc.is_tracked(nested), gc.is_tracked(anon))
gc.collect(0)
print('after collect(0):', gc.is_tracked(inner), gc.is_tracked(nested), gc.is_tracked(anon))
print('the anonymous inner tuple:', gc.is_tracked(anon[0]))
gc.collect(0)
print('anon now lives in generation 1, collect(0) skips it:', gc.is_tracked(anon))
gc.collect(1)
print('after collect(1):', gc.is_tracked(anon))
print('holding a list or an instance:', gc.is_tracked(with_list), gc.is_tracked(with_obj))
late = tuple([1, 2])
gc.collect(0)
holder = tuple([late, late])
print('a new tuple of untracked tuples is tracked when made:', gc.is_tracked(holder))
gc.collect(2)
print('until a collection sees it:', gc.is_tracked(holder))
print('the empty tuple is never tracked:', gc.is_tracked(tuple([])))
