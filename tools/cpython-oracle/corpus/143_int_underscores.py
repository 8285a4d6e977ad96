# int() of text: one underscore between digits, or right after a base prefix (PEP 515);
# spaces around the number are allowed, not inside it.
CASES = [
    ("1_0", 10), ("1__0", 10), ("_1", 10), ("1_", 10), (" 1_000 ", 10), ("+1_0", 10),
    ("-0_0", 10), ("1 0", 10), ("", 10), ("  ", 10), ("0_7", 10),
    ("0x_ff", 16), ("0x_f_f", 16), ("f_f", 16), ("0x__f", 16), ("_ff", 16), ("0X_A", 16),
    ("0b_1_0", 2), ("0b1__0", 2), ("1_1", 2), ("0o_7", 8), ("0o7_", 8), ("7_7", 8),
]
ok = 0
for text, base in CASES:
    try:
        print(repr(text), base, int(text, base))
        ok += 1
    except ValueError as e:
        print(repr(text), base, "ValueError:", e)
print(ok, "of", len(CASES))
