# while loops: counting, a Collatz sequence, break out of while True, continue to skip,
# and a loop whose condition is a shrinking list.
i = 0
total = 0
while i < 10:
    total += i
    i += 1
print(i, total)
n = 27
steps = 0
peak = n
while n != 1:
    if n % 2 == 0:
        n = n // 2
    else:
        n = 3 * n + 1
    if n > peak:
        peak = n
    steps += 1
print('collatz 27:', steps, 'steps, peak', peak)
k = 0
while True:
    k += 1
    if k * k > 200:
        break
print('first square > 200:', k, k * k)
odds = []
j = 0
while j < 10:
    j += 1
    if j % 2 == 0:
        continue
    odds.append(j)
print(odds)
stack = [1, 2, 3, 4]
while stack:
    top = stack.pop()
    print('popped', top, 'left', stack)
a, b = 0, 1
fibs = []
while a < 100:
    fibs.append(a)
    a, b = b, a + b
print(fibs)
