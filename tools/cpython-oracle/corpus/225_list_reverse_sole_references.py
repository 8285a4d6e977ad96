# list.reverse() only moves references: items the list alone holds survive the reordering,
# and die later in the new order when the list is cleared (last item first)
class Item:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print('del', self.n)
b = [[1], [2], [3]]
b.reverse()
print(b)
items = [Item(1), Item(2), Item(3), Item(4)]
items.reverse()
print([i.n for i in items])
odd = [Item(5), Item(6), Item(7)]
odd.reverse()
odd.reverse()
print([i.n for i in odd])
print('clearing')
items.clear()
print('cleared')
del odd
print('end')
