# Uncaught exception from nested calls: python3 prints the output so far, then a traceback
# on stderr ending in "ZeroDivisionError: division by zero", and exits with status 1.
def ratio(a, b):
    return a / b
def averages(pairs):
    out = []
    for a, b in pairs:
        out.append(ratio(a, b))
        print('ratio', a, b, '=', out[-1])
    return out
print('start')
averages([(1, 2), (9, 3), (5, 0), (4, 4)])
print('never printed')
