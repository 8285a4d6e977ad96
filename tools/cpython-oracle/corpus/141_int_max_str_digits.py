# The int <-> decimal string limit (3.11: 4300 digits; sys.set_int_max_str_digits).
import sys

def show(what, make):
    try:
        print(what, len(make()))
    except ValueError as e:
        print(what, "ValueError:", e)

def as_str():
    return str(big)

def as_repr():
    return repr(big)

def as_fstring():
    return f"{big}"

def as_grouped():
    return f"{big:,}"

def negative():
    return str(-big)

def from_text():
    return int("1" * 701)

print(sys.get_int_max_str_digits())
try:
    sys.set_int_max_str_digits()
except TypeError as e:
    print("TypeError", e)
try:
    sys.set_int_max_str_digits(1, 2)
except TypeError as e:
    print("TypeError", e)
for a in [639, 640, 0, -1, 1.5]:
    try:
        sys.set_int_max_str_digits(a)
        print("ok", sys.get_int_max_str_digits())
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
sys.set_int_max_str_digits(700)
big = 10**700
show("str", as_str)
show("repr", as_repr)
show("f-string", as_fstring)
show("grouped", as_grouped)
show("negative", negative)
show("int()", from_text)
print(len(str(10**699)), len(str(-(10**699))), len(f"{big:x}"))
print(int("1" * 700) % 7, int("f" * 800, 16) % 7)
sys.set_int_max_str_digits(0)
print(len(str(10**5000)))
sys.set_int_max_str_digits(4300)
show("4300", as_str)
big = 10**5000
show("5001 digits", as_str)
