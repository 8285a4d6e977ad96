# gc.get_count()[0] counts container allocations minus frees since the last collection:
# each new instance adds one, each instance freed takes one away; ints and strings are
# not containers and do not count. A collection resets it to 0. (The first get_count()
# call primes the free list its result tuples come from.)
import gc
class Node:
    pass
gc.disable()
gc.collect()
keep = [None] * 50
gc.get_count()
base = gc.get_count()[0]
for i in range(50):
    keep[i] = Node()
print('50 new instances:', gc.get_count()[0] - base)
base = gc.get_count()[0]
for i in range(20):
    keep[i] = i * 1000
print('20 instances freed (replaced by ints):', gc.get_count()[0] - base)
base = gc.get_count()[0]
for i in range(20):
    keep[i] = str(i * 1000)
print('20 strings replaced by 20 strings:', gc.get_count()[0] - base)
base = gc.get_count()[0]
for i in range(20, 50):
    keep[i].me = keep[i]
keep = None
print('30 self-cycles dropped: nothing freed yet:', gc.get_count()[0] - base)
print('collected:', gc.collect(0))
print('after collect(0):', gc.get_count())
gc.collect(1)
print('after collect(1):', gc.get_count())
