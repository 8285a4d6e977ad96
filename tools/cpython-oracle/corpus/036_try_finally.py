# finally: runs on normal exit, on a caught exception, on return from inside try, and while
# an exception propagates through several functions; nested try blocks and their order.
log = []
def normal():
    try:
        log.append('try')
    finally:
        log.append('finally')
def returns():
    try:
        log.append('about to return')
        return 'value'
    finally:
        log.append('finally after return')
def finally_wins():
    try:
        return 'from try'
    finally:
        return 'from finally'
def inner():
    try:
        log.append('inner raises')
        raise ValueError('deep')
    finally:
        log.append('inner finally')
def middle():
    try:
        inner()
        log.append('never')
    finally:
        log.append('middle finally')
normal()
print(returns(), finally_wins())
try:
    middle()
except ValueError as e:
    log.append('outer caught ' + str(e))
finally:
    log.append('outer finally')
for entry in log:
    print(entry)
def nested(n):
    out = []
    try:
        try:
            out.append('a')
            if n:
                raise KeyError(n)
            out.append('b')
        except KeyError:
            out.append('c')
            raise
        finally:
            out.append('d')
    except KeyError as e:
        out.append('e' + str(e))
    return out
print(nested(0), nested(7))
