# assert: passing assertions do nothing, a failing one raises AssertionError with or
# without a message; the message expression is only evaluated on failure.
def positive(n):
    assert n > 0, f'expected positive, got {n}'
    return n
print(positive(5))
try:
    positive(-2)
except AssertionError as e:
    print('AssertionError:', e)
try:
    assert 1 == 2
except AssertionError as e:
    print('no message:', repr(e), e.args)
evaluated = []
def msg():
    evaluated.append('msg')
    return 'message'
assert True, msg()
print('evaluated so far:', evaluated)
try:
    assert [], msg()
except AssertionError as e:
    print('empty list is false:', e, evaluated)
assert isinstance(3, int) and len('abc') == 3
total = 0
for i in range(5):
    total += i
    assert total < 100, 'too big'
print('total', total)
