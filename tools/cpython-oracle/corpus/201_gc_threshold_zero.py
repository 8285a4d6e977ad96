# set_threshold(0) turns automatic collection off even though gc.isenabled() stays True:
# count0 climbs past any limit and cyclic garbage piles up until an explicit collect().
import gc
class Cyclic:
    freed = 0
    def __init__(self):
        self.me = self
    def __del__(self):
        Cyclic.freed += 1
runs = []
def watch(phase, info):
    if phase == 'stop':
        runs.append(info['generation'])
gc.disable()
gc.collect()
gc.callbacks.append(watch)
gc.set_threshold(0)
gc.enable()
for i in range(3000):
    Cyclic()
print('enabled:', gc.isenabled(), 'threshold:', gc.get_threshold())
print('automatic collections:', len(runs), 'finalized:', Cyclic.freed)
print('count0 far above 700:', gc.get_count()[0] >= 3000)
print('explicit collect:', gc.collect(), 'finalized:', Cyclic.freed)
print('callback saw it:', runs)
gc.set_threshold(700)
for i in range(3000):
    Cyclic()
gc.disable()
print('with threshold 700 some ran on their own:', len(runs) > 1, Cyclic.freed > 3000)
gc.callbacks.remove(watch)
gc.set_threshold(700, 10, 10)
print(gc.get_threshold())
