# weakref.finalize as Lib/weakref.py keeps it: peek() and detach() give (obj, func, args,
# kwargs) while it is registered and obj lives (detach unregisters it: it never runs), and
# atexit=False keeps a pending finalizer from running when the interpreter exits (the
# list is chosen once: one a callback marks atexit=False at exit still runs).
import gc
import weakref


class Node:
    pass


def report(tag, n=0):
    print('finalized', tag, n)


a, b, c = Node(), Node(), Node()
fa = weakref.finalize(a, report, 'a', 1)
fb = weakref.finalize(b, report, 'b')
fc = weakref.finalize(c, report, 'c')
info = fa.peek()
print(info[0] is a, info[1] is report, info[2], info[3], fa.alive, fa.atexit)
print(fb.peek()[3], fb.detach()[0] is b, fb.alive, fb.detach(), fb.peek(), fb.atexit)
del b
gc.collect()
fc.atexit = 0
print(fc.atexit, fc.alive, fa.atexit, gc.collect())
fb.atexit = True
print(fb.atexit)
try:
    fa.peek(1)
except TypeError as e:
    print(e)
del info
print('end')
h = weakref.finalize(Node, report, 'h')


def unmark():
    h.atexit = False


m = weakref.finalize(Node, unmark)
