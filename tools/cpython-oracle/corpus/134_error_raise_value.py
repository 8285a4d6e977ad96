# A raise of a built-in exception with a message that nobody catches, after handled errors:
# the last line of stderr is "ValueError: negative input: -4".
def checked_sqrt(n):
    if n < 0:
        raise ValueError('negative input: ' + str(n))
    r = 0
    while (r + 1) * (r + 1) <= n:
        r += 1
    return r
for v in [16, 'x', 10]:
    try:
        print(v, checked_sqrt(v))
    except TypeError as e:
        print('skipped', repr(v), type(e).__name__)
print(checked_sqrt(-4))
