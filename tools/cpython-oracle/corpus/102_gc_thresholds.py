# Thresholds and the enabled flag: defaults (700, 10, 10), set_threshold with one, two or
# three values (missing ones keep their old value), enable/disable/isenabled; gc.collect()
# works while automatic collection is disabled.
import gc
print('default thresholds:', gc.get_threshold(), 'enabled:', gc.isenabled())
gc.set_threshold(500)
print(gc.get_threshold())
gc.set_threshold(400, 5)
print(gc.get_threshold())
gc.set_threshold(300, 4, 3)
print(gc.get_threshold())
gc.set_threshold(700, 10, 10)
print('restored:', gc.get_threshold())
gc.disable()
print('disabled:', gc.isenabled())
gc.collect()
l = []
l.append(l)
del l
print('manual collect while disabled:', gc.collect())
gc.enable()
print('enabled again:', gc.isenabled())
gc.disable()
try:
    gc.set_threshold()
except TypeError as e:
    print('TypeError:', e)
try:
    gc.collect(3)
except ValueError as e:
    print('ValueError:', e)
