# Uncaught KeyError from a dict lookup inside a loop; the exception line shows the key's
# repr: KeyError: 'missing'.
inventory = {'apples': 3, 'pears': 0}
orders = ['apples', 'pears', 'missing', 'apples']
for item in orders:
    print('checking', item)
    if inventory[item] > 0:
        inventory[item] -= 1
        print('shipped', item)
    else:
        print('out of stock', item)
print('never printed')
