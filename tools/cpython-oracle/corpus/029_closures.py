# Closures over enclosing locals: counters and accumulators that mutate a captured list,
# adder factories, late binding of a loop variable, and closures sharing one variable.
def make_counter():
    count = [0]
    def inc():
        count[0] += 1
        return count[0]
    return inc
c1 = make_counter()
c2 = make_counter()
print(c1(), c1(), c1(), c2())
def make_adder(n):
    def add(x):
        return x + n
    return add
add5 = make_adder(5)
add10 = make_adder(10)
print(add5(1), add10(1), make_adder(-1)(1))
def late_binding():
    fns = []
    for i in range(3):
        def f():
            return i
        fns.append(f)
    return [g() for g in fns]
print(late_binding())
def early_binding():
    fns = []
    for i in range(3):
        def f(i=i):
            return i
        fns.append(f)
    return [g() for g in fns]
print(early_binding())
def pair():
    shared = []
    def push(v):
        shared.append(v)
    def peek():
        return list(shared)
    return push, peek
push, peek = pair()
push('a')
push('b')
print(peek())
def outer():
    x = 'outer x'
    def middle():
        def inner():
            return x + '!'
        return inner()
    return middle()
print(outer())
