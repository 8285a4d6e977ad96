# Comparison operators on ints, floats, strings, lists and tuples; chained comparisons;
# == vs is; mixed int/float equality.
print(1 < 2, 2 <= 2, 3 > 4, 4 >= 5, 5 == 5, 5 != 6)
print(1 < 2 < 3, 3 > 2 > 2, 1 < 3 > 2, 1 == 1.0 == True)
print('apple' < 'banana', 'Zebra' < 'apple', 'abc' < 'abd', 'ab' < 'abc', '' < 'a')
print('a' == 'a', 'a' != 'A', 'abc' >= 'abc')
print([1, 2, 3] < [1, 2, 4], [1, 2] < [1, 2, 0], [] < [0], [2] > [1, 9])
print((1, 'a') < (1, 'b'), (2,) > (1, 99), (1, 2) == (1, 2))
print([1, 2] == [1, 2], [1, 2] is [1, 2])
x = [1, 2]
y = x
z = [1, 2]
print(x == y, x is y, x == z, x is z, x is not z)
print(None is None, None == None, None is not False)
print(1.5 > 1, 2 == 2.0, 0.1 * 3 == 0.3)
a = 5
print(0 < a < 10, 0 < a < 3, not a > 3)
print(max('hello'), min('hello'), sorted('hello'))
print('Z' < 'a' < 'z')
print(True > False, True == 1, False == 0)
