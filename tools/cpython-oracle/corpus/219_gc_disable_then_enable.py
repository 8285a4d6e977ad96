# gc.disable() while making lots of cyclic garbage: nothing is freed and count0 keeps
# climbing past the threshold. gc.enable() alone collects nothing; the very next
# container allocation (here an instance) finds count0 over the threshold and runs one generation-0
# collection, which frees every cycle (they are all still in generation 0).
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
        runs.append((info['generation'], info['collected']))
gc.disable()
gc.collect()
gc.callbacks.append(watch)
for i in range(5000):
    Cyclic()
print('freed while disabled:', Cyclic.freed, 'count0 over 700:', gc.get_count()[0] > 700)
gc.enable()
freed_after_enable = Cyclic.freed
runs_after_enable = len(runs)
trigger = Cyclic()
gc.disable()
print('just enabled:', freed_after_enable, runs_after_enable)
print('after one new instance:', Cyclic.freed, runs)
print('count after it:', gc.get_count()[1:])
gc.callbacks.remove(watch)
