# A function's closure tuple follows co_freevars, which the compiler sorts by name: the
# cells come in alphabetical order whatever order the variables were assigned in
import gc
def outer():
    zeta = 1
    alpha = 2
    mid = 3
    def middle():
        def inner():
            return zeta + alpha + mid
        return inner
    return middle
m = outer()
print([c.cell_contents for c in m.__closure__])
print([c.cell_contents for c in m().__closure__])
print([c.cell_contents for c in gc.get_referents(m.__closure__)])
def pair():
    b = 'b'
    a = 'a'
    def inner():
        return b + a
    return inner
print([c.cell_contents for c in pair().__closure__], pair()())
