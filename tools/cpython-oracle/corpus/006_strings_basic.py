# Strings: concatenation, repetition, indexing (also negative), len, membership,
# slicing, and repr's choice of quotes and escapes.
s = 'hello'
t = "world"
print(s + ' ' + t, s * 3, '-' * 10)
print(s[0], s[4], s[-1], s[-5], len(s), len(''))
print('ell' in s, 'z' in s, '' in s, 'lo' not in s)
print(s[1:3], s[:2], s[3:], s[::-1], s[::2])
print(repr('it\'s'), repr("say \"x\""), repr('both \' and "'), repr('tab\t'), repr('nl\n'))
print(repr('back\\slash'), repr(''), str('x'), str(12), str(None))
print(len('naïve'), 'naïve'.upper(), 'ß', repr('é'))
words = ['a', 'bb', 'ccc']
joined = ''
for w in words:
    joined = joined + w + '|'
print(joined)
print('abc' * 0, 'x' * -1, 2 * 'ab')
u = 'abc'
u += 'def'
print(u, u[2], u[-2:])
print('hello world'[6:], 'x'.join(['1', '2', '3']))
