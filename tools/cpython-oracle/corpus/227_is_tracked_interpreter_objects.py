# gc.is_tracked of the interpreter's own objects: modules and builtin functions are
# tracked containers; static types (int, ValueError, property) are not GC objects at all
import gc, sys, weakref
print('modules:', gc.is_tracked(sys), gc.is_tracked(gc), gc.is_tracked(weakref))
print('builtin functions:', gc.is_tracked(len), gc.is_tracked(print), gc.is_tracked(sys.getrefcount))
print('a bound builtin method:', gc.is_tracked([].append))
print('static types:', gc.is_tracked(int), gc.is_tracked(ValueError), gc.is_tracked(object))
print('descriptor types:', gc.is_tracked(property), gc.is_tracked(staticmethod))
print('weakref.ref, a static type:', gc.is_tracked(weakref.ref))
print('weakref.finalize, a class:', gc.is_tracked(weakref.finalize))
class Mine:
    pass
print('a class of the program:', gc.is_tracked(Mine))
print('None, True, an int:', gc.is_tracked(None), gc.is_tracked(True), gc.is_tracked(5))
