# gc.freeze moves every tracked object into a permanent generation the collector ignores;
# garbage frozen there is not collected until gc.unfreeze. (test_gc.py test_freeze)
import gc
gc.disable()
gc.collect()
l = []
l.append(l)
gc.freeze()
print('freeze count positive:', gc.get_freeze_count() > 0)
print('older generation counts after freeze:', gc.get_count()[1:])
del l
print('collected while frozen:', gc.collect())
gc.unfreeze()
print('freeze count after unfreeze:', gc.get_freeze_count())
print('collected after unfreeze:', gc.collect())
m = []
m.append(m)
del m
print('new garbage is collected normally:', gc.collect())
