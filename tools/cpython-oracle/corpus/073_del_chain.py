# Deallocation cascades: when the head of a chain dies, its __del__ runs first, then it
# releases what it holds, whose __del__ runs next -- depth first. A shared child dies only
# with its last parent.
class Node:
    def __init__(self, name, child):
        self.name = name
        self.child = child
    def __del__(self):
        print('del', self.name)
chain = Node('a', Node('b', Node('c', None)))
print('dropping the chain')
chain = None
leaf = Node('shared leaf', None)
p1 = Node('parent 1', leaf)
p2 = Node('parent 2', leaf)
leaf = None
print('dropping parent 1')
del p1
print('dropping parent 2')
del p2
tree = Node('root', [Node('left', None), Node('right', Node('right child', None))])
print('dropping the tree')
del tree
long = None
for i in range(5):
    long = Node('n' + str(i), long)
print('dropping a chain built from the tail')
long = None
print('done')
