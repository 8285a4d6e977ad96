"""algorithms: sorting (list.sort with keys, a merge sort on lists), heapq-based
Dijkstra on a random graph, generators, recursion (memoised and not), an n-body
simulation with floats, and a tiny stack-machine interpreter for arithmetic programs.

Checkpoints: after-sorting, after-graph, after-nbody, after-interp.
"""
import functools
import heapq
import itertools
import math
import random

try:
    import _pymtrace
    cp = _pymtrace.checkpoint
except ImportError:  # plain python3
    def cp(label):
        pass

rng = random.Random(42)


def merge_sort(xs):
    if len(xs) <= 1:
        return xs
    mid = len(xs) // 2
    a, b = merge_sort(xs[:mid]), merge_sort(xs[mid:])
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            out.append(a[i]); i += 1
        else:
            out.append(b[j]); j += 1
    out.extend(a[i:]); out.extend(b[j:])
    return out


def sorting():
    nums = [rng.random() for _ in range(40000)]
    pairs = [(rng.randint(0, 1000), "k%05d" % rng.randint(0, 99999)) for _ in range(30000)]
    s1 = sorted(nums)
    s2 = merge_sort(nums[:20000])
    assert s2 == sorted(nums[:20000])
    s3 = sorted(pairs, key=lambda p: (p[1], -p[0]))
    groups = {k: len(list(g)) for k, g in itertools.groupby(sorted(p[0] for p in pairs))}
    top = heapq.nlargest(10, nums)
    return len(s1) + len(s3) + len(groups) + len(top)


def dijkstra(adj, src):
    dist = {src: 0.0}
    pq = [(0.0, src)]
    while pq:
        d, u = heapq.heappop(pq)
        if d > dist.get(u, math.inf):
            continue
        for v, w in adj[u]:
            nd = d + w
            if nd < dist.get(v, math.inf):
                dist[v] = nd
                heapq.heappush(pq, (nd, v))
    return dist


def graph():
    n = 3000
    adj = [[] for _ in range(n)]
    for u in range(n):
        for _ in range(6):
            v = rng.randrange(n)
            adj[u].append((v, rng.uniform(1.0, 10.0)))
    total = 0.0
    for src in range(0, n, 300):
        dist = dijkstra(adj, src)
        total += sum(dist.values()) / len(dist)
    return total


def primes():
    yield 2
    found = []
    for k in itertools.count(3, 2):
        if all(k % p for p in itertools.takewhile(lambda p: p * p <= k, found)):
            found.append(k)
            yield k


@functools.lru_cache(maxsize=None)
def partitions(n, k):
    if n == 0:
        return 1
    if n < 0 or k == 0:
        return 0
    return partitions(n - k, k) + partitions(n, k - 1)


def hanoi(n, a, b, c, moves):
    if n:
        hanoi(n - 1, a, c, b, moves)
        moves.append((a, c))
        hanoi(n - 1, b, a, c, moves)


class Body:
    __slots__ = ("x", "y", "z", "vx", "vy", "vz", "m")

    def __init__(self, *a):
        self.x, self.y, self.z, self.vx, self.vy, self.vz, self.m = a


def nbody(steps):
    bodies = [Body(rng.uniform(-5, 5), rng.uniform(-5, 5), rng.uniform(-5, 5),
                   rng.uniform(-0.1, 0.1), rng.uniform(-0.1, 0.1), rng.uniform(-0.1, 0.1),
                   rng.uniform(0.5, 2.0)) for _ in range(12)]
    dt = 0.01
    energy = []
    for step in range(steps):
        for b1, b2 in itertools.combinations(bodies, 2):
            dx, dy, dz = b1.x - b2.x, b1.y - b2.y, b1.z - b2.z
            d2 = dx * dx + dy * dy + dz * dz + 0.01
            mag = dt / (d2 * math.sqrt(d2))
            m1, m2 = b1.m * mag, b2.m * mag
            b1.vx -= dx * m2; b1.vy -= dy * m2; b1.vz -= dz * m2
            b2.vx += dx * m1; b2.vy += dy * m1; b2.vz += dz * m1
        for b in bodies:
            b.x += dt * b.vx; b.y += dt * b.vy; b.z += dt * b.vz
        if step % 50 == 0:
            energy.append(sum(0.5 * b.m * (b.vx ** 2 + b.vy ** 2 + b.vz ** 2) for b in bodies))
    return energy


def tokenize(src):
    for tok in src.replace("(", " ( ").replace(")", " ) ").split():
        yield tok


def parse(tokens):
    tok = next(tokens)
    if tok == "(":
        lst = []
        while True:
            t = parse(tokens)
            if t == ")":
                return lst
            lst.append(t)
    try:
        return int(tok)
    except ValueError:
        return tok


def compile_expr(e, code):
    if isinstance(e, int):
        code.append(("push", e))
    elif isinstance(e, str):
        code.append(("load", e))
    elif e[0] == "let":
        compile_expr(e[2], code)
        code.append(("store", e[1]))
        compile_expr(e[3], code)
    else:
        for a in e[1:]:
            compile_expr(a, code)
        code.append(("op", e[0], len(e) - 1))
    return code


OPS = {"+": lambda xs: sum(xs), "*": lambda xs: math.prod(xs),
       "-": lambda xs: xs[0] - sum(xs[1:]), "max": max, "min": min}


def run(code):
    stack, env = [], {}
    for ins in code:
        if ins[0] == "push":
            stack.append(ins[1])
        elif ins[0] == "load":
            stack.append(env[ins[1]])
        elif ins[0] == "store":
            env[ins[1]] = stack.pop()
        else:
            n = ins[2]
            args = stack[-n:]
            del stack[-n:]
            stack.append(OPS[ins[1]](args))
    return stack.pop()


def random_expr(depth, names):
    if depth == 0 or rng.random() < 0.2:
        if names and rng.random() < 0.5:
            return rng.choice(names)
        return str(rng.randint(-50, 50))
    if rng.random() < 0.15:
        name = "v%d" % len(names)
        return "(let %s %s %s)" % (name, random_expr(depth - 1, names),
                                   random_expr(depth - 1, names + [name]))
    op = rng.choice(list(OPS))
    return "(%s %s)" % (op, " ".join(random_expr(depth - 1, names) for _ in range(rng.randint(2, 4))))


def interp():
    total = 0
    for _ in range(400):
        src = random_expr(6, [])
        code = compile_expr(parse(tokenize(src)), [])
        total += run(code) % 1000003
    return total


def main():
    print("sorting:", sorting())
    cp("after-sorting")
    print("graph: %.3f" % graph())
    p = list(itertools.islice(primes(), 3000))
    moves = []
    hanoi(14, "a", "b", "c", moves)
    print("primes:", p[-1], "partitions:", partitions(120, 120), "hanoi:", len(moves))
    cp("after-graph")
    e = nbody(800)
    print("nbody energy: %.6f -> %.6f" % (e[0], e[-1]))
    cp("after-nbody")
    print("interp:", interp())
    cp("after-interp")


if __name__ == "__main__":
    main()
