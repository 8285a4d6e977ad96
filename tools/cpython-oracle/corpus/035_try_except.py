# try/except with built-in exceptions: the message of each (str(e)), the type name,
# catching a base class (LookupError, ArithmeticError, Exception), except with a tuple,
# and the first matching handler winning.
def attempt(kind):
    try:
        if kind == 'zero':
            return 1 / 0
        if kind == 'mod':
            return 5 % 0
        if kind == 'key':
            return {'a': 1}['b']
        if kind == 'index':
            return [1, 2][5]
        if kind == 'type':
            return 'a' + 1
        if kind == 'value':
            return int('x12')
        if kind == 'attr':
            return (1).nope
        if kind == 'name':
            return undefined_name  # undefined on purpose
        if kind == 'unhashable':
            return {[]: 1}
        return 'no error'
    except (ZeroDivisionError, KeyError) as e:
        return f'caught {type(e).__name__}: {e}'
    except LookupError as e:
        return f'lookup {type(e).__name__}: {e}'
    except Exception as e:
        return f'generic {type(e).__name__}: {e}'
for k in ['zero', 'mod', 'key', 'index', 'type', 'value', 'attr', 'name', 'unhashable', 'ok']:
    print(k, '->', attempt(k))
try:
    [].pop()
except IndexError:
    print('handler without a name')
try:
    int('7') + int(7.5)
    print('no exception, no handler run')
except ValueError:
    print('not printed')
try:
    float('nan?')
except ArithmeticError:
    print('wrong handler')
except ValueError as e:
    print('ValueError', repr(e), e.args)
e = 'still bound?'
try:
    raise KeyError('k')
except KeyError as e:
    pass
try:
    print(e)
except NameError as err:
    print('except-as name is deleted:', err)
