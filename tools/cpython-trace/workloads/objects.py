"""objects: an in-memory "database" of records built from dicts, lists, class
instances, tuples and strings; then half of it is deleted, then all of it.

Checkpoints: after-build, after-partial-delete, after-full-delete (arenas given back,
the tail arena kept), after-gc.
"""
import gc
import random

try:
    import _pymtrace
    cp = _pymtrace.checkpoint
except ImportError:  # plain python3
    def cp(label):
        pass

rng = random.Random(20240611)

FIRST = ["ada", "alan", "grace", "linus", "guido", "barbara", "ken", "dennis",
         "margaret", "edsger", "donald", "frances", "john", "radia", "tim"]
LAST = ["lovelace", "turing", "hopper", "torvalds", "rossum", "liskov", "thompson",
        "ritchie", "hamilton", "dijkstra", "knuth", "allen", "mccarthy", "perlman"]
CITIES = ["Amsterdam", "Berlin", "Cambridge", "Delft", "Edinburgh", "Florence",
          "Geneva", "Helsinki", "Istanbul", "Jakarta"]
TAGS = ["admin", "dev", "ops", "qa", "sales", "support", "research", "legal"]


class Address:
    def __init__(self, street, number, city, zipcode):
        self.street = street
        self.number = number
        self.city = city
        self.zipcode = zipcode


class Person:
    __slots__ = ("pid", "name", "email", "age", "address", "tags", "scores", "notes")

    def __init__(self, pid):
        first = rng.choice(FIRST)
        last = rng.choice(LAST)
        self.pid = pid
        self.name = f"{first.title()} {last.title()}"
        self.email = f"{first}.{last}{pid}@example.org"
        self.age = rng.randint(18, 90)
        self.address = Address(f"{rng.choice(LAST).title()}straat", rng.randint(1, 300),
                               rng.choice(CITIES), "%04d%s" % (rng.randint(1000, 9999),
                                                               rng.choice(["AB", "CD", "EF"])))
        self.tags = set(rng.sample(TAGS, rng.randint(0, 4)))
        self.scores = [rng.random() * 100 for _ in range(rng.randint(0, 12))]
        self.notes = {}
        for _ in range(rng.randint(0, 6)):
            self.notes["n%d" % rng.randint(0, 999)] = " ".join(
                rng.choice(FIRST) for _ in range(rng.randint(1, 30)))


class Database:
    def __init__(self):
        self.rows = {}
        self.by_city = {}
        self.by_tag = {}
        self.log = []

    def insert(self, p):
        self.rows[p.pid] = p
        self.by_city.setdefault(p.address.city, []).append(p.pid)
        for t in p.tags:
            self.by_tag.setdefault(t, set()).add(p.pid)
        self.log.append(("insert", p.pid, p.name))

    def delete(self, pid):
        p = self.rows.pop(pid)
        self.by_city[p.address.city].remove(pid)
        for t in p.tags:
            self.by_tag[t].discard(pid)
        self.log.append(("delete", pid))

    def report(self):
        rows = [(p.address.city, p.age, sum(p.scores)) for p in self.rows.values()]
        by = {}
        for city, age, score in rows:
            acc = by.setdefault(city, [0, 0, 0.0])
            acc[0] += 1
            acc[1] += age
            acc[2] += score
        return {c: (n, round(a / n, 2), round(s / n, 2)) for c, (n, a, s) in sorted(by.items())}

    def as_dicts(self):
        return [{"pid": p.pid, "name": p.name, "email": p.email, "age": p.age,
                 "city": p.address.city, "tags": sorted(p.tags), "scores": list(p.scores)}
                for p in self.rows.values()]


def main():
    db = Database()
    N = 9000
    for pid in range(N):
        db.insert(Person(pid))
    export = db.as_dicts()  # a second, dict-based copy of everything
    cities = db.report()
    print("built", len(db.rows), "records,", len(export), "exported,", len(cities), "cities")
    cp("after-build")

    victims = rng.sample(range(N), N // 2)
    for pid in victims:
        db.delete(pid)
    export = [d for d in export if d["pid"] in db.rows]
    print("after partial delete:", len(db.rows), "records; report:", len(db.report()))
    cp("after-partial-delete")

    # some churn on the half-empty heap
    for pid in range(N, N + N // 4):
        db.insert(Person(pid))
    strings = ["%s:%d" % (p.email, p.age) for p in db.rows.values()]
    print("churn:", len(db.rows), "records,", sum(map(len, strings)), "chars")
    cp("after-churn")

    del strings, export, victims
    db.rows.clear()
    db.by_city.clear()
    db.by_tag.clear()
    db.log.clear()
    del db
    print("after full delete")
    cp("after-full-delete")
    gc.collect()
    cp("after-gc")


if __name__ == "__main__":
    main()
