# def: positional parameters, default values (evaluated once, at def time -- the
# mutable-default trap), return with and without a value, functions as values.
def add(a, b):
    return a + b
def greet(name, greeting='hello', punct='!'):
    return greeting + ', ' + name + punct
def no_return(x):
    x.append('touched')
def early(n):
    if n < 0:
        return
    return n * 2
print(add(2, 3), add('a', 'b'), add([1], [2]))
print(greet('ann'), greet('bob', 'hi'), greet('cy', 'yo', '?'))
lst = []
print(no_return(lst), lst)
print(early(-1), early(4))
def append_to(item, acc=[]):
    acc.append(item)
    return acc
print(append_to(1), append_to(2), append_to(3, []), append_to(4))
def safe_append(item, acc=None):
    if acc is None:
        acc = []
    acc.append(item)
    return acc
print(safe_append(1), safe_append(2))
default = 10
def uses_default(x=default):
    return x
default = 20
print(uses_default(), uses_default(5))
f = add
ops = [add, greet]
print(f(10, 20), ops[1]('dee'), f is add)
def apply(fn, value):
    return fn(value, value)
print(apply(add, 21), apply(add, 'ab'))
def swap(a, b):
    return b, a
print(swap(1, 2))
