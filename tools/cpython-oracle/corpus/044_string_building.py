# Text processing with the subset: word frequencies in a dict, building lines by
# concatenation and join, a simple run-length encoding, and reversing words.
text = 'the quick brown fox jumps over the lazy dog the end'
freq = {}
for w in text.split():
    freq[w] = freq.get(w, 0) + 1
print(freq)
top = sorted([(-n, w) for w, n in freq.items()])[:3]
print([w for n, w in top])
def rle(s):
    out = []
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        out.append(s[i] + str(j - i))
        i = j
    return ''.join(out)
print(rle('aaabccddddde'), rle(''), rle('x'))
print(' '.join([w[::-1] for w in 'hello big world'.split()]))
lines = []
for i in range(1, 4):
    row = ''
    for j in range(1, 4):
        row += ' ' + str(i * j)
    lines.append(row)
print('\n'.join(lines))
caesar = ''
alpha = 'abcdefghijklmnopqrstuvwxyz'
for ch in 'attack at dawn':
    if ch in alpha:
        caesar += alpha[(alpha.index(ch) + 3) % 26]
    else:
        caesar += ch
print(caesar)
vowels = len([c for c in text if c in 'aeiou'])
print('vowels:', vowels, 'chars:', len(text), 'words:', len(text.split()))
print(text.replace('the', 'THE', 2))
