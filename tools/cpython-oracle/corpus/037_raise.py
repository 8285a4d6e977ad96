# raise of built-in exceptions: with and without a message, a class vs an instance,
# re-raise with bare raise, raising in one function and catching in its caller,
# the exception's args, and raising a different exception inside an except block.
def check_age(age):
    if age < 0:
        raise ValueError('age must be >= 0, got ' + str(age))
    if age > 150:
        raise ValueError
    return age
for a in [30, -1, 200]:
    try:
        print('ok', check_age(a))
    except ValueError as e:
        print('ValueError', repr(str(e)), e.args)
try:
    raise KeyError
except KeyError as e:
    print('bare class:', repr(e), e.args)
try:
    raise IndexError('i', 2)
except IndexError as e:
    print('two args:', e, e.args)
def reraiser():
    try:
        {}['missing']
    except KeyError:
        print('logging, then re-raising')
        raise
try:
    reraiser()
except KeyError as e:
    print('caller got', repr(e))
def convert(s):
    try:
        return int(s)
    except ValueError:
        raise TypeError('not a number: ' + s)
try:
    convert('abc')
except TypeError as e:
    print('TypeError:', e)
try:
    raise RuntimeError('stop here')
except Exception as e:
    print(type(e).__name__, e, isinstance(e, RuntimeError), isinstance(e, Exception))
errors = [ValueError('v'), KeyError('k'), ZeroDivisionError('z')]
for err in errors:
    try:
        raise err
    except LookupError as e:
        print('lookup:', repr(e))
    except Exception as e:
        print('other:', repr(e))
