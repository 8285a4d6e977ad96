# The kind of a str method's result: upper() can widen ('\u00ff' -> U+0178) or narrow
# ('\u00df' -> 'SS'); split(), partition() and slicing pick the narrowest kind for each
# piece, and so does replace() when the wide char is replaced away.
import sys
def show(label, s):
    print(label, repr(s), len(s), sys.getsizeof(s))
show('latin-1      ', 'caf\u00e9')
show('upper        ', 'caf\u00e9'.upper())
show('y diaeresis  ', '\u00ff\u00ff')
show('its upper    ', '\u00ff\u00ff'.upper())
show('sharp s      ', 'stra\u00dfe')
show('its upper    ', 'stra\u00dfe'.upper())
show('lower of BMP ', '\u0100BC'.lower())
show('title        ', 'memory manager'.title())
wide = 'ab \u20ac cd ef'
print('split pieces:', [sys.getsizeof(p) for p in wide.split()], wide.split())
print('slices:', sys.getsizeof(wide[:2]), sys.getsizeof(wide[3:4]), sys.getsizeof(wide[5:]))
show('replace away ', wide.replace('\u20ac', 'E'))
show('replace 2 by1', 'a\u20ac\u20acb'.replace('\u20ac\u20ac', '-'))
show('replace in   ', 'abcabc'.replace('b', '\u20ac'))
show('strip        ', '\u20ac  text  \u20ac'.strip('\u20ac '))
show('strip spaces ', '  text  '.strip())
show('center       ', 'mid'.center(9))
show('zfill        ', '42'.zfill(6))
part = 'x=1'.partition('=')
print('partition:', part, [sys.getsizeof(p) for p in part])
