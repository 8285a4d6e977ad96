# f-string format specs: width and alignment, zero padding, fixed-point precision,
# thousands separators, signs, and percentages.
x = 3.14159
n = 42
s = 'ab'
print(f'[{n:5}] [{n:<5}] [{n:^5}] [{n:>5}] [{n:05}]')
print(f'[{s:5}] [{s:>5}] [{s:^6}] [{s:*^6}] [{s:.1}]')
print(f'{x:.2f} {x:.0f} {x:8.3f} {x:<8.1f}| {-x:.3f}')
print(f'{1234567:,} {1234567.891:,.2f} {n:+} {-n:+}')
print(f'{0.25:.1%} {n:x} {n:X} {n:o} {n:b} {n:08b}')
print(f'{1e-7:.2e} {12345.678:e} {x:g} {1e20:g}')
for i in range(1, 4):
    print(f'{i:>3} | {i * 1.5:6.2f} | {"#" * i:<4}|')
w = 7
print(f'[{n:{w}}] [{x:{w}.{2}f}]')
