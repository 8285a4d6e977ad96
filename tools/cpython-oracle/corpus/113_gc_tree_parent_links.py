# A tree whose children point back at their parent is full of cycles: dropping the root
# leaves it all to the collector. With weakref parent links there are no cycles and
# refcounting frees the whole tree at once (collect() then finds nothing).
import gc, weakref
class TreeNode:
    def __init__(self, name, parent):
        self.name = name
        self.parent = parent
        self.children = []
        if parent is not None:
            parent.children.append(self)
class WeakTreeNode:
    deleted = 0
    def __init__(self, name, parent):
        self.name = name
        self.children = []
        self.parent = None
        if parent is not None:
            self.parent = weakref.ref(parent)
            parent.children.append(self)
    def __del__(self):
        WeakTreeNode.deleted += 1
def build(cls, depth, parent, name):
    node = cls(name, parent)
    if depth > 0:
        build(cls, depth - 1, node, name + 'L')
        build(cls, depth - 1, node, name + 'R')
    return node
def count(node):
    total = 1
    for ch in node.children:
        total += count(ch)
    return total
gc.disable()
gc.collect()
root = build(TreeNode, 4, None, 'r')
print('strong tree, nodes:', count(root))
del root
print('collected (31 nodes + 31 children lists):', gc.collect())
wroot = build(WeakTreeNode, 4, None, 'r')
leaf = wroot.children[1].children[0].children[1].children[0]
print('leaf path:', leaf.name, leaf.parent().name, leaf.parent().parent().name)
del leaf
del wroot
print('weak tree: freed by refcount:', WeakTreeNode.deleted)
print('collected:', gc.collect())
