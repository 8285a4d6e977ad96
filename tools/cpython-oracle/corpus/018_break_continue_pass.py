# break and continue in nested for and while loops (they affect the innermost loop only),
# and pass as an empty body in if/for/def/class.
for i in range(5):
    if i == 3:
        break
    print('outer', i)
for i in range(3):
    for j in range(3):
        if j == 1:
            continue
        if i == 2:
            break
        print(i, j)
found = None
for word in ['alpha', 'beta', 'gamma', 'delta']:
    if 'm' in word:
        found = word
        break
print('found', found)
primes = []
for n in range(2, 30):
    is_prime = True
    for p in primes:
        if n % p == 0:
            is_prime = False
            break
    if not is_prime:
        continue
    primes.append(n)
print(primes)
for x in range(3):
    pass
def nothing():
    pass
class Empty:
    pass
print(nothing(), x)
n = 0
while n < 100:
    n += 7
    if n % 5 != 0:
        continue
    print('multiple of 35:', n)
    break
