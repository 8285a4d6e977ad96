# An exception holds its args: an object passed to it lives as long as the exception. The
# 'as' name is deleted when the except block ends, so an exception nobody saved dies
# there, args and all; a saved one keeps them until it is dropped.
class Tag:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('  del', self.name)


def fail(name):
    raise KeyError(Tag(name), 'lookup failed')


try:
    fail('unsaved')
except KeyError as e:
    print('in the block:', e.args[0].name, e.args[1])
print('after the block')
try:
    e
except NameError as err:
    print('NameError:', err)
log = []
for name in ['saved 1', 'saved 2']:
    try:
        fail(name)
    except KeyError as e:
        log.append(e)
print('saved exceptions:', len(log), [x.args[0].name for x in log])
print('dropping the first:')
first = log.pop(0)
print('still held by a name:', type(first).__name__, first.args[1])
del first
print('dropping the log:')
log.clear()
try:
    raise ValueError(Tag('in finally'))
except ValueError as e:
    print('handled')
finally:
    print('finally runs after the exception died')
print('end')
