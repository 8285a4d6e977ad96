# import gc, sys, weakref (one statement and separately), module attribute access, and the
# few module-level facts that do not depend on the interpreter's own objects.
import gc, sys
import weakref
print(type(gc).__name__, type(sys).__name__, type(weakref).__name__)
print(gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled())
print(gc.get_threshold())
print(gc.DEBUG_SAVEALL, gc.get_debug())
print(isinstance(gc.garbage, list), len(gc.garbage), isinstance(gc.callbacks, list))
print(sys.getsizeof(0), sys.getsizeof(1.0), sys.getsizeof(''))
class Thing:
    pass
t = Thing()
r = weakref.ref(t)
print(r() is t, sys.getrefcount(t))
del t
print(r() is None)
import gc
print(gc.isenabled())
