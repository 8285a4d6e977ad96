# Uncaught StopIteration from next() on an exhausted iterator: the exception has no message,
# so the last line of stderr is just "StopIteration".
letters = iter('ab')
print(next(letters), next(letters), next(letters, 'end'))
it = iter([1, 2])
print(next(it))
print(next(it))
print(next(it, 'default instead of an error'))
count = 0
for x in it:
    count += 1
print('a for loop over the exhausted iterator ran', count, 'times')
print(next(it))
print('never printed')
