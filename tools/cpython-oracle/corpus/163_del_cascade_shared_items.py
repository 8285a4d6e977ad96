# __del__ order in a cascade: a dying list releases its items last to first, and each
# item's __del__ runs before it releases what it owns (depth first); an item listed twice
# dies at its first position; an item also held elsewhere survives the list.
class Part:
    def __init__(self, name, owns):
        self.name = name
        self.owns = owns

    def __del__(self):
        print('  del', self.name, 'owning', len(self.owns))


shared = Part('shared', [])
twice = Part('twice', [])
parts = [Part('p0', [Part('p0.a', []), Part('p0.b', [])]), twice, Part('p2', [twice]), twice]
del twice
print('dropping the list:')
del parts
print('shared child, two owners:')
owners = [Part('o1', [shared]), Part('o2', [shared])]
del shared
owners.pop(0)
print('first owner gone')
owners.clear()
print('tuple of parts:')
t = (Part('t0', []), Part('t1', [Part('t1.x', [])]))
t = None
print('done')
