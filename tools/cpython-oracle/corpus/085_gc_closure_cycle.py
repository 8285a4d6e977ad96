# Cycles through closures: an inner function stored in the list it closes over. The
# garbage is the list, the cell holding it, the function, and the function's closure tuple.
import gc
def make():
    x = []
    def inner():
        return x
    x.append(inner)
def make_pair():
    state = {}
    def get():
        return state
    def put(k, v):
        state[k] = v
    state['get'] = get
    state['put'] = put
    put('n', 1)
def no_cycle():
    y = []
    def inner():
        return y
    return inner()
gc.disable()
gc.collect()
make()
print('function in the list it closes over:', gc.collect())
make_pair()
print('two closures stored in their shared dict:', gc.collect())
r = no_cycle()
print('closure that did not escape:', gc.collect(), r)
