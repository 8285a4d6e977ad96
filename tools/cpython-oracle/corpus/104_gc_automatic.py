# Automatic collection: with a small threshold and gc enabled, creating cyclic garbage in a
# loop triggers collections by itself. Only outcomes are printed (that some __del__ ran
# before any explicit gc.collect(), and the total), never when exactly a collection happened.
import gc
class Cyclic:
    deleted = 0
    def __init__(self):
        self.me = self
    def __del__(self):
        Cyclic.deleted += 1
gens = []
def watch(phase, info):
    if phase == 'stop':
        gens.append(info['generation'])
gc.disable()
gc.collect()
gc.callbacks.append(watch)
gc.set_threshold(10)
gc.enable()
for i in range(200):
    Cyclic()
gc.disable()
print('some ran automatically:', Cyclic.deleted > 0, Cyclic.deleted < 200)
print('generation 0 collections happened:', 0 in gens)
gc.collect()
print('all finalized after a full collection:', Cyclic.deleted)
gc.callbacks.remove(watch)
gc.set_threshold(700, 10, 10)
print('threshold restored:', gc.get_threshold())
