# Exceptions in cycles: an exception keeps its arguments in its args tuple, so an
# exception whose args hold something that holds the exception is a cycle (exception,
# args tuple, ...), freed only by the collector -- __del__ of an object in it included.
import gc
log = []
class Job:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        log.append(self.name + ' failed with ' + repr(self.error.args[0] is self))
gc.disable()
gc.collect()
bag = []
e = ValueError('bad', bag)
bag.append(e)
print('tracked:', gc.is_tracked(e), 'args:', len(e.args), e.args[1][0] is e)
del e, bag
print('exception, args tuple, list:', gc.collect())
j = Job('job1')
j.error = RuntimeError(j)
del j
print('freed by refcount:', log)
print('instance, exception, args tuple:', gc.collect(), log)
inner_bag = []
outer = KeyError(ValueError(inner_bag))
inner_bag.append(outer)
print('nested:', outer.args[0].args[0][0] is outer)
del outer, inner_bag
print('two exceptions, two args tuples, a list:', gc.collect())
def drops_error():
    j = Job('local')
    j.error = KeyError(0)
    try:
        raise KeyError('k')
    except KeyError as exc:
        return len(exc.args)
print('no cycle: the local dies on return:', drops_error(), log[-1])
