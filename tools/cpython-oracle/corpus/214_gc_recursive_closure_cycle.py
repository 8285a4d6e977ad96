# A nested function that calls itself by name closes over its own cell: function ->
# closure tuple -> cell -> function. Every call of the outer function leaves that cycle
# behind (3 objects); passing the function as an argument instead leaves nothing. A
# handler stored on the object it closes over adds the object: 4.
import gc
def make_counter(n):
    def countdown(k):
        if k == 0:
            return 0
        return 1 + countdown(k - 1)
    return countdown(n)
def helper(self_fn, k):
    if k == 0:
        return 0
    return 1 + self_fn(self_fn, k - 1)
def make_counter2(n):
    def countdown(me, k):
        return helper(me, k)
    return countdown(countdown, n)
gc.disable()
gc.collect()
print('result:', make_counter(5))
print('one call leaves:', gc.collect())
for i in range(10):
    make_counter(i)
print('ten calls leave:', gc.collect())
print('result:', make_counter2(5))
print('without the self-reference:', gc.collect())
class Widget:
    pass
def attach():
    w = Widget()
    def on_click():
        return w
    w.handler = on_click
    return w.handler() is w
print('handler closing over its widget:', attach(), gc.collect())
