#!/usr/bin/env python3
"""Sanity-check a pymalloc trace (format: docs/formats/pymalloc-trace.md).

usage: check_trace.py NAME.trace[.gz] ...

Checks: header; first event is an A; every F/R of a non-zero address refers to a live
block; no address is returned twice while live; A/D bases are page aligned, A of a new
base, D of a live arena; last event is `S exit`; every S has its stats file starting with
the pymalloc header; and at each S, the blocks that the trace says live inside arenas
agree with the stats file (arenas allocated total/current, blocks in use per size class,
bytes in allocated blocks).  Exit status 1 on any failure.
"""
import gzip
import os
import re
import sys

ARENA = 1 << 20
FIRST_STATS_LINE = "Small block threshold = 512, in 32 size classes."


def open_text(path):
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="ascii", newline="\n")
    return open(path, "r", encoding="ascii", newline="\n")


def stats_dir_of(path):
    base = path
    if base.endswith(".gz"):
        base = base[:-3]
    if base.endswith(".trace"):
        base = base[:-6]
    return base + ".stats"


def parse_stats(text):
    per_class = {}
    kv = {}
    for line in text.splitlines():
        m = re.match(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", line)
        if m:
            c, size, pools, used, avail = map(int, m.groups())
            per_class[c] = (pools, used, avail)
            continue
        m = re.match(r"^# (.*?)\s*=\s*([\d,]+)$", line)
        if m:
            kv[m.group(1)] = int(m.group(2).replace(",", ""))
    return per_class, kv


def check(path):
    errors = []

    def err(lineno, msg):
        if len(errors) < 20:
            errors.append(f"{path}:{lineno}: {msg}")
        elif len(errors) == 20:
            errors.append("... (more errors)")

    live = {}  # addr -> size class (int) if inside an arena, else -1
    arenas = {}  # base -> True
    by_mb = {}  # (base >> 20) -> [bases]
    class_count = [0] * 32
    n_a_total = 0
    counts = {}
    first_event = None
    last_event = None
    labels = []
    sdir = stats_dir_of(path)

    def arena_of(p):
        k = p >> 20
        for kk in (k, k - 1):
            for b in by_mb.get(kk, ()):
                if b <= p < b + ARENA:
                    return b
        return None

    def add(p, n, lineno, cls=None):
        if p == 0:
            return
        if p in live:
            err(lineno, f"address {p:x} returned while still live")
        if arena_of(p) is not None:
            if cls is None:
                if not 1 <= n <= 512:
                    err(lineno, f"block of {n} bytes inside an arena")
                cls = (max(n, 1) - 1) >> 4
            live[p] = cls
            class_count[cls] += 1
        else:
            if cls is None and 1 <= n <= 512 and arenas:
                err(lineno, f"small request ({n}) served outside all arenas")
            live[p] = -1

    def remove(p, lineno, what):
        cls = live.pop(p, None)
        if cls is None:
            err(lineno, f"{what} of {p:x}, which is not live")
            return None
        if cls >= 0:
            class_count[cls] -= 1
        return cls

    with open_text(path) as f:
        head = f.readline()
        if head != "#pymtrace 1\n":
            err(1, f"first line is {head!r}")
        lineno = 1
        for line in f:
            lineno += 1
            if line[0] == "#":
                continue
            parts = line.split()
            tag = parts[0]
            counts[tag] = counts.get(tag, 0) + 1
            if first_event is None:
                first_event = tag
            last_event = line.rstrip("\n")
            if tag == "M" or tag == "C":
                add(int(parts[1], 16), int(parts[2]), lineno)
            elif tag == "F":
                p = int(parts[1], 16)
                if p:
                    remove(p, lineno, "F")
            elif tag == "R":
                old, new, n = int(parts[1], 16), int(parts[2], 16), int(parts[3])
                if new == 0:
                    if old and old not in live:
                        err(lineno, f"R of {old:x}, which is not live")
                    continue
                cls = remove(old, lineno, "R") if old else None
                if cls == -1:
                    # a raw block stays raw, whatever the new size
                    if new in live:
                        err(lineno, f"address {new:x} returned while still live")
                    if arena_of(new) is not None:
                        err(lineno, f"raw block {old:x} moved into an arena")
                    live[new] = -1
                elif cls is not None and new == old:
                    live[new] = cls  # resized in place: same pymalloc block
                    class_count[cls] += 1
                else:
                    add(new, n, lineno)
            elif tag == "A":
                b = int(parts[1], 16)
                if b % 4096:
                    err(lineno, f"arena base {b:x} not page aligned")
                if b in arenas:
                    err(lineno, f"arena {b:x} allocated twice")
                arenas[b] = True
                by_mb.setdefault(b >> 20, []).append(b)
                n_a_total += 1
            elif tag == "D":
                b = int(parts[1], 16)
                if b % 4096:
                    err(lineno, f"arena base {b:x} not page aligned")
                if b not in arenas:
                    err(lineno, f"D of {b:x}, not a live arena")
                else:
                    del arenas[b]
                    by_mb[b >> 20].remove(b)
            elif tag == "S":
                label = parts[1]
                labels.append(label)
                sp = os.path.join(sdir, label + ".txt")
                if not os.path.exists(sp):
                    err(lineno, f"stats file {sp} missing")
                    continue
                with open(sp) as sf:
                    text = sf.read()
                if not text.startswith(FIRST_STATS_LINE + "\n"):
                    err(lineno, f"{sp} does not start with the pymalloc header")
                    continue
                per_class, kv = parse_stats(text)
                if kv.get("arenas allocated current") != len(arenas):
                    err(lineno, f"[{label}] arenas current {kv.get('arenas allocated current')} != trace {len(arenas)}")
                if kv.get("arenas allocated total") != n_a_total:
                    err(lineno, f"[{label}] arenas total {kv.get('arenas allocated total')} != trace {n_a_total}")
                want = {c: u for c, (p_, u, a_) in per_class.items() if u}
                have = {c: k for c, k in enumerate(class_count) if k}
                if want != have:
                    diff = {c: (want.get(c), have.get(c)) for c in set(want) | set(have) if want.get(c) != have.get(c)}
                    err(lineno, f"[{label}] blocks in use differ (stats, trace): {diff}")
                nbytes = sum(k * (c + 1) * 16 for c, k in enumerate(class_count))
                if kv.get("bytes in allocated blocks") != nbytes:
                    err(lineno, f"[{label}] bytes in allocated blocks {kv.get('bytes in allocated blocks')} != trace {nbytes}")
            else:
                err(lineno, f"unknown event {line!r}")

    if first_event != "A":
        err(0, f"first event is {first_event!r}, not A")
    if last_event != "S exit":
        err(0, f"last event is {last_event!r}, not 'S exit'")
    total = sum(counts.values())
    summary = " ".join(f"{k}={counts[k]}" for k in sorted(counts))
    print(f"{path}: {total} events ({summary}); checkpoints: {', '.join(labels)}; "
          f"live at end: {len(live)} blocks, {len(arenas)} arenas: "
          f"{'OK' if not errors else 'FAILED'}")
    for e in errors:
        print("  " + e)
    return not errors


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    ok = True
    for p in argv[1:]:
        ok &= check(p)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
