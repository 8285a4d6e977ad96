# gc.get_stats() per generation: a collection of generation g adds one to its own
# 'collections' and puts everything it frees -- young garbage included -- under its own
# 'collected'. Old garbage is invisible to younger collections. (Differences only.)
import gc
class Pair:
    def __init__(self):
        self.other = Pair2(self)
class Pair2:
    def __init__(self, other):
        self.other = other
def snap():
    return [(s['collections'], s['collected']) for s in gc.get_stats()]
def diff(old, new):
    return [(new[g][0] - old[g][0], new[g][1] - old[g][1]) for g in range(3)]
gc.disable()
gc.collect()
old2 = [Pair() for i in range(3)]
gc.collect(1)
old1 = [Pair() for i in range(2)]
gc.collect(0)
young = Pair()
old2 = old1 = young = None
s0 = snap()
print('collect(0):', gc.collect(0))
s1 = snap()
print('  (collections, collected) per generation:', diff(s0, s1))
print('collect(1):', gc.collect(1))
s2 = snap()
print('  (collections, collected) per generation:', diff(s1, s2))
print('collect(2):', gc.collect(2))
s3 = snap()
print('  (collections, collected) per generation:', diff(s2, s3))
more = [Pair() for i in range(4)]
more = None
print('young garbage under a full collection:', gc.collect(2), diff(s3, snap()))
