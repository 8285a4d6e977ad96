# gc.get_count right after collections (never after start-up): a full collection resets all
# three counts, collect(0) bumps the generation-1 count, collect(1) the generation-2 count.
# (How much count0 grows between two reads is not printed: it counts every GC allocation.)
# (test_gc.py test_get_count, test_collect_generations; gc_collect_main in Modules/gcmodule.c)
import gc
gc.disable()
gc.collect()
a, b, c = gc.get_count()
x = []
d, e, f = gc.get_count()
print('first:', (a, b, c))
print('after a list: count0 grew:', d > a, 'others:', (e, f))
gc.collect()
x = []
gc.collect(0)
print('after collect(0):', gc.get_count())
gc.collect(0)
print('after two collect(0):', gc.get_count())
gc.collect(1)
print('after collect(1):', gc.get_count())
gc.collect(2)
print('after collect(2):', gc.get_count())
