# weakref.finalize keeps its func and args alive until it runs: given a bound method of
# the object (or the object as an argument) it keeps the object alive, so it runs only
# at exit (newest first); a plain function with just the data it needs runs at death.
import gc
import weakref


class File:
    def __init__(self, name):
        self.name = name

    def close(self):
        print('close', self.name)


def close_name(name):
    print('close_name', name)


good = File('good')
fg = weakref.finalize(good, close_name, good.name)
bad = File('bad')
fb = weakref.finalize(bad, bad.close)
worse = File('worse')
fw = weakref.finalize(worse, File.close, worse)
rg = weakref.ref(good)
rb = weakref.ref(bad)
print('dropping all three names:')
del good, bad, worse
gc.collect()
print('good: pending', fg.alive, 'object alive', rg() is not None)
print('bad: pending', fb.alive, 'object alive', rb() is not None)
print('peek shows the bound method:', fb.peek()[1].__self__ is rb(), fb.peek()[2])
print('worse: pending', fw.alive, type(fw.peek()[2][0]).__name__)
print('end of program')
