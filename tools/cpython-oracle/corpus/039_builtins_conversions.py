# Conversion built-ins: int(), float(), str(), bool(), list(), tuple(), dict(), set(),
# repr() of nested values, and what each returns with no argument.
print(int(), float(), str(), bool(), list(), tuple(), dict(), sorted(set()))
print(int('42'), int('-7'), int(' 12 '), int(3.99), int(-3.99), int(True), int('0'))
print(float(3), float('1.25'), float(' -2 '), float(True))
print(str(12), str(1.5), str(None), str([1, 'a']), str((1,)), str({'a': 'b'}), str(b'x'))
print(bool(0), bool(3), bool(''), bool('0'), bool([]), bool([[]]), bool(None))
print(list('xyz'), list((1, 2)), list({'a': 1}), list(range(0, 9, 4)))
print(tuple([1, 2]), tuple('ab'), tuple({'k': 1}))
print(dict([(1, 'one'), (2, 'two')]), dict(zip('ab', [1, 2])))
print(sorted(set([3, 1, 3])), sorted(set('hello')), sorted(set((2, 2, 1))))
print(repr('q'), repr([1, 'q', (2, 'r'), {'s': None}]), repr(1.0), repr(10 ** 20))
print(str('already'), int(int('5')), float(float(2)))
for bad in ['1.5', 'abc', '']:
    try:
        int(bad)
    except ValueError as e:
        print('ValueError:', e)
try:
    float('one')
except ValueError as e:
    print('ValueError:', e)
print(int('0x1f' == '0x1f'), str(3) + str(4), int('3') + int('4'))
