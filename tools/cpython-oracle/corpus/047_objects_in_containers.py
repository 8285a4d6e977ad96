# Instances in containers: a list of objects sorted through (key, object-index) tuples,
# a dict keyed by instances, objects holding lists of other objects, and identity checks.
class Task:
    def __init__(self, name, prio):
        self.name = name
        self.prio = prio
        self.deps = []
    def add_dep(self, other):
        self.deps.append(other)
        return self
tasks = [Task('write', 2), Task('test', 3), Task('plan', 1), Task('ship', 3)]
order = sorted([(t.prio, i) for i, t in enumerate(tasks)])
print([tasks[i].name for p, i in order])
tasks[3].add_dep(tasks[1]).add_dep(tasks[0])
tasks[1].add_dep(tasks[0])
tasks[0].add_dep(tasks[2])
def resolve(t, done):
    for d in t.deps:
        if d not in done:
            resolve(d, done)
    if t not in done:
        done.append(t)
    return done
print([t.name for t in resolve(tasks[3], [])])
seen = {}
for t in tasks:
    seen[t] = t.prio * 10
print([seen[t] for t in tasks], tasks[0] in seen, Task('x', 0) in seen)
same = tasks[0]
print(same is tasks[0], tasks.index(same), tasks.count(same))
groups = {}
for t in tasks:
    groups.setdefault(t.prio, []).append(t.name)
print(groups)
print(len(tasks[3].deps), tasks[3].deps[0].deps[0].name)
