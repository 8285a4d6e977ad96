# global: reading a module variable, rebinding it from a function, creating a new global,
# a local that shadows a global, and UnboundLocalError when assigning without global.
counter = 0
def bump():
    global counter
    counter += 1
def read():
    return counter
def shadow():
    counter = 'local'
    return counter
def make_new():
    global created
    created = 'made in a function'
for i in range(3):
    bump()
print(counter, read(), shadow(), counter)
make_new()
print(created)
def broken():
    total = counter
    counter = 5
    return total
try:
    broken()
except UnboundLocalError as e:
    print('UnboundLocalError:', e)
config = {'debug': False}
def enable():
    config['debug'] = True
enable()
print(config)
def two():
    global a, b
    a, b = 1, 2
two()
print(a + b)
