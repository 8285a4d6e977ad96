# and/or/not: short-circuiting and returning an operand, truthiness of empty and
# non-empty containers, numbers, None, and bool() of each.
print(True and False, True or False, not True, not 0)
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, None or 'default', '' or [] or 0)
print([] and 'x', [0] and 'x', 'a' and 'b' and 'c', 'a' or 'b' or 'c')
calls = []
def t(name):
    calls.append(name)
    return True
def f(name):
    calls.append(name)
    return False
r = f('a') and t('b')
r2 = t('c') or f('d')
r3 = f('e') or t('f') and f('g')
print(r, r2, r3, calls)
for v in [0, 1, -1, 0.0, 2.5, '', 'x', [], [0], (), (0,), {}, {'a': 1}, None, True, False]:
    print(repr(v), bool(v), not v)
print(bool(set()), bool({0}), bool(range(0)), bool(range(3)))
print(not not 'x', not (1 == 2))
