# if / elif / else chains, nested ifs, conditions built from comparisons, membership
# and truthiness, and an if with only pass.
def classify(n):
    if n < 0:
        return 'negative'
    elif n == 0:
        return 'zero'
    elif n < 10:
        return 'small'
    elif n < 100:
        return 'medium'
    else:
        return 'large'
for v in [-5, 0, 7, 42, 1000]:
    print(v, classify(v))
def fizz(i):
    if i % 15 == 0:
        return 'FizzBuzz'
    if i % 3 == 0:
        return 'Fizz'
    if i % 5 == 0:
        return 'Buzz'
    return str(i)
out = []
for i in range(1, 16):
    out.append(fizz(i))
print(' '.join(out))
x = []
if x:
    print('non-empty')
else:
    print('empty')
if 'a' in 'cat' and not 'z' in 'cat':
    print('a in cat')
if None:
    pass
elif 0:
    pass
else:
    print('neither None nor 0')
y = 5
if y > 3:
    if y > 4:
        print('y > 4')
    else:
        print('y == 4')
