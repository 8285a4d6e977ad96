# gc.callbacks see what each collection did: at 'stop', info['collected'] is the number of
# objects freed in that collection. Garbage promoted to an older generation is invisible
# to younger collections, so it shows up only in the callback of an old enough one.
import gc
events = []
def record(phase, info):
    if phase == 'stop':
        events.append((info['generation'], info['collected'], info['uncollectable']))
    else:
        events.append((phase, info['generation'], sorted(info)))
def cycles(n):
    out = []
    for i in range(n):
        x = []
        x.append(x)
        out.append(x)
    return out
gc.disable()
gc.collect()
gen2 = cycles(4)
gc.collect(1)
gc.collect(1)
gen1 = cycles(2)
gc.collect(0)
gen0 = cycles(1)
gen2 = gen1 = gen0 = None
gc.callbacks.append(record)
for g in [0, 1, 0, 2]:
    print('collect(' + str(g) + ') returned', gc.collect(g))
gc.callbacks.remove(record)
for ev in events:
    print(ev)
