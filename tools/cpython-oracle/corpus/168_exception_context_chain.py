# Exception chaining keeps earlier exceptions (and what their args hold) alive: raising
# inside an except block sets __context__ to the exception being handled, so the last one
# holds the whole chain; dropping it frees its own args first, then its context. A
# re-raise of the handled exception makes no self-loop; outside a handler there is none.
class Tag:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('  del', self.name)


def step(n):
    try:
        if n == 0:
            raise KeyError(Tag('first key'))
        step(n - 1)
    except LookupError:
        raise IndexError(Tag('index ' + str(n)))


try:
    step(2)
except IndexError as e:
    last = e
chain = []
c = last
while c is not None:
    chain.append(type(c).__name__ + ' ' + c.args[0].name)
    c = c.__context__
print('chain:', chain)
print('cause', last.__cause__, 'suppress', last.__suppress_context__)
print('dropping the last exception:')
del last
try:
    try:
        raise ValueError('x')
    except ValueError as v:
        raise v
except ValueError as v2:
    print('re-raised, context:', v2.__context__)
try:
    raise KeyError('alone')
except KeyError as k:
    print('raised outside a handler, context:', k.__context__)
print('end')
