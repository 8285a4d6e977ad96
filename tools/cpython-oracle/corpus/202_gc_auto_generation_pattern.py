# Which generation an automatic collection takes: each generation-0 collection adds one
# to count1, and once count1 exceeds threshold1 the next automatic collection is a
# generation-1 one instead. With thresholds (100, 2, 1000000): 0, 0, 0, 1, 0, 0, 0, 1, ...
import gc
gens = []
def watch(phase, info):
    if phase == 'stop':
        gens.append(info['generation'])
gc.disable()
gc.collect()
gc.callbacks.append(watch)
gc.set_threshold(100, 2, 1000000)
keep = []
gc.enable()
while len(gens) < 12:
    keep.append([])
gc.disable()
gc.callbacks.remove(watch)
print('generations of 12 automatic collections:', gens)
print('count1 and count2 now:', gc.get_count()[1:])
gens.clear()
gc.set_threshold(100, 0, 1000000)
gc.callbacks.append(watch)
gc.enable()
while len(gens) < 6:
    keep.append([])
gc.disable()
gc.callbacks.remove(watch)
print('threshold1 0: generations 0 and 1 alternate:', gens)
gc.set_threshold(700, 10, 10)
print('lists kept alive all along:', len(keep) > 1000)
