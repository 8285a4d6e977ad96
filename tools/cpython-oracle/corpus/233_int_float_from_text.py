# int() and float() read text as CPython does: Unicode decimal digits and whitespace become
# ASCII first, single underscores between digits, any base 2 to 36 (0: from the prefix)
for s, b in [('z', 36), ('0x1f', 0), ('010', 0), ('0', 0), ('00', 0), ('0_7', 0), ('0_0', 0), ('1_000', 0), (' -0b_1 ', 0), ('12', 37), ('12', 1), ('٣', 10), ('１２', 10), ('5\x85', 10), ('\ufeff5', 10), ('0x_f', 16), ('0x__f', 16), ('f_', 16), ('  +7  ', 8), ('9', 8), ('-', 10), ('', 10), ('zz', 35), ('ZZ', 36), ('1' * 250 + 'x', 10)]:
    try:
        print(repr(s)[:20], b, int(s, b))
    except ValueError as e:
        print(str(e)[:80])
for s in ['1_0.5', '1._5', '_1.0', '1.0_', '1e1_0', 'nan', '-NaN', '+inf', 'iNfInItY', '1.', '.5', '.', 'e5', '1e', '١.٥', '0x10', '1__0', ' 1_0.5 ', '\x851.5', '\ufeff1.5', '-0', '1e400', '-1e-400', 'infinit', ' +.5e-3 ']:
    try:
        print(repr(s), repr(float(s)))
    except ValueError as e:
        print(e)
try:
    int(5, 10)
except TypeError as e:
    print(e)
print(int('٣٤') + 1, float('٣.٥') * 2)
print(int(b'12'), int(b' 0x1f ', 0), float(b'1.5'), float(b' -2.5e1 '))
for x in [b'\x851', b'1_2', b'abc', b'']:
    try:
        print(int(x))
    except ValueError as e:
        print(e)
    try:
        print(float(x))
    except ValueError as e:
        print(e)
