# gc.get_referrers: the tracked containers that refer to an object. Done inside a function
# so the target is only in local variables (which are not objects the collector sees) and
# in the containers built here.
import gc
class Node:
    pass
def names(objs):
    return sorted([type(o).__name__ for o in objs])
def demo():
    target = Node()
    print('only a local:', gc.get_referrers(target))
    holder = [target]
    print('in a list:', names(gc.get_referrers(target)), gc.get_referrers(target)[0] is holder)
    other = Node()
    other.link = target
    d = {'k': target}
    print('list, instance, dict:', names(gc.get_referrers(target)))
    print('the instance is other:', len([o for o in gc.get_referrers(target) if o is other]))
    t = (target, 1)
    print('plus a tuple:', names(gc.get_referrers(target)))
    del holder[0]
    del other.link
    print('after removing two:', names(gc.get_referrers(target)))
    t2 = tuple([5, 6])
    pair = [t2]
    gc.collect()
    print('an untracked tuple is never a referrer of its items:', names(gc.get_referrers(pair)))
demo()
