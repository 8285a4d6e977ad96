#!/usr/bin/env python3
"""The baseline of the gc benchmark: python3's own gc.collect() over a heap of N objects
and 2*N references between them. `pymm bench gc` (apps/cli/src/gcbench.ts) builds the
SAME heap in the simulator; tools/bench/gc.mjs runs both and prints the ratio.

    python3 tools/bench/gc_heap.py [--objects N] [--seed S] [--json]

The heap shape (keep identical to apps/cli/src/gcbench.ts):
  * `class Node` (a plain class: managed dict, inline values) whose __init__ sets
    self.a = None, self.b = None, created first. Setting both attributes at creation keeps
    them in the instance's inline values: with `class Node: pass` and the attributes set
    only after all N nodes exist, CPython 3.11 has used up the cached keys' dk_usable by
    then (each instance takes one), so `b` materialises a __dict__ per node (2*N objects).
  * Warm-up: gc.disable(), gc.collect() clears the startup garbage, then gc.freeze() puts
    every object that exists so far (modules, functions, the Node class...) in the
    permanent generation, so the timed collection scans the built heap only.
  * N nodes (default 1,000,000), created by a list comprehension into a temporary list;
    each is one GC object (its values array is not an object).
  * PRNG: xorshift32 (x ^= x << 13; x ^= x >> 17; x ^= x << 5, 32-bit), state seeded with
    (S * 0x9E3779B1 + 0x6D2B79F5) mod 2**32 (1 if that is 0); pick(m) = (next() * m) >> 32.
  * For i = 0 .. N-1, in order, two draws each (a first, then b), attribute a set before b:
        i even: a = nodes[2*pick(E)],   b = nodes[2*pick(E)]        E = ceil(N/2) even nodes
        i odd:  a = nodes[2*pick(O)+1], b = nodes[pick(N)]          O = floor(N/2) odd nodes
    exactly 2*N node-to-node references (a target may be the node itself). Nothing even
    points to an odd node, so the odd half is garbage; its `a` edges stay inside the odd
    half, so it is cyclic; `b` lets garbage point into the live half too.
  * roots = nodes[::2]: a list holding every even node (ceil(N/2) references, counted
    apart from the 2*N); then the temporary list is dropped. Odd nodes nothing refers to
    any more are freed by reference counting right there (with whatever only they kept
    alive); the rest of the odd half is cyclic garbage only the collector can find.
  * Timed: gc.collect() (full, generation 2), with time.perf_counter().

Prints buildMs, collectMs, collected (gc.collect()'s return: unreachable objects found),
and trackedAfter (len(gc.get_objects()) after the collection, taken after the timing).
"""
import argparse
import gc
import json
import platform
import sys
import time

M32 = 0xFFFFFFFF


class Node:
    def __init__(self):
        self.a = None
        self.b = None


def seed_state(seed):
    x = (seed * 0x9E3779B1 + 0x6D2B79F5) & M32
    return x if x != 0 else 1


def build(n, seed):
    """The heap; returns the roots list (the only reference the caller keeps)."""
    x = seed_state(seed)
    evens = (n + 1) // 2
    odds = n // 2
    nodes = [Node() for _ in range(n)]
    for i in range(n):
        node = nodes[i]
        # xorshift32, inlined: two draws per node
        x = (x ^ (x << 13)) & M32
        x ^= x >> 17
        x = (x ^ (x << 5)) & M32
        if i & 1 == 0:
            node.a = nodes[2 * ((x * evens) >> 32)]
            x = (x ^ (x << 13)) & M32
            x ^= x >> 17
            x = (x ^ (x << 5)) & M32
            node.b = nodes[2 * ((x * evens) >> 32)]
        else:
            node.a = nodes[2 * ((x * odds) >> 32) + 1]
            x = (x ^ (x << 13)) & M32
            x ^= x >> 17
            x = (x ^ (x << 5)) & M32
            node.b = nodes[(x * n) >> 32]
    roots = nodes[::2]
    del node
    del nodes
    return roots


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--objects", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", action="store_true")
    a = p.parse_args(argv)
    if a.objects < 1:
        p.error("--objects takes a whole number >= 1")
    if not 0 <= a.seed <= M32:
        p.error("--seed takes a whole number in 0..2**32-1")

    gc.disable()
    gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()

    t0 = time.perf_counter()
    roots = build(a.objects, a.seed)
    t1 = time.perf_counter()
    collected = gc.collect()
    t2 = time.perf_counter()
    tracked_after = len(gc.get_objects())

    result = {
        "implementation": f"{platform.python_implementation()} {platform.python_version()} gc",
        "objects": a.objects,
        "seed": a.seed,
        "references": 2 * a.objects,
        "rootReferences": len(roots),
        "buildMs": round((t1 - t0) * 1000, 3),
        "collectMs": round((t2 - t1) * 1000, 3),
        "collected": collected,
        "trackedAfter": tracked_after,
        "frozen": frozen,
    }
    if a.json:
        print(json.dumps(result))
    else:
        print(f"{result['implementation']}: {a.objects:,} nodes, {2 * a.objects:,} references (+{len(roots):,} from the roots list), seed {a.seed}")
        print(f"  build {result['buildMs']:.1f} ms; gc.collect() {result['collectMs']:.1f} ms, returned {collected:,}; "
              f"{tracked_after:,} tracked after ({frozen:,} frozen at startup)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
