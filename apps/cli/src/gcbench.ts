/**
 * `pymm bench gc`: the simulator's full collection over a heap of N objects and 2·N
 * references, timed. tools/bench/gc_heap.py builds the SAME heap in python3 and times
 * its own gc.collect(); tools/bench/gc.mjs runs both and prints the ratio.
 *
 * The heap shape (keep identical to tools/bench/gc_heap.py):
 *   - `class Node` (a plain class: managed dict, inline values) whose __init__ sets
 *     self.a = None, self.b = None, created first. Both attributes set at creation stay in
 *     the instance's inline values (set only after all N nodes exist, CPython 3.11 would
 *     have used up the cached keys' dk_usable, one per instance, and `b` would materialise
 *     a __dict__ per node: 2·N objects).
 *   - Warm-up: gc.disable(), gc.collect() clears what exists so far, gc.freeze() puts it in
 *     the permanent generation, so the timed collection scans the built heap only.
 *   - N nodes (default 1,000,000) appended to a temporary list (the list comprehension);
 *     each is one GC object (its values array is not an object).
 *   - PRNG: xorshift32 (x ^= x << 13; x ^= x >>> 17; x ^= x << 5, 32-bit), state seeded with
 *     (S·0x9E3779B1 + 0x6D2B79F5) mod 2³² (1 if that is 0); pick(m) = ⌊next()·m / 2³²⌋.
 *   - For i = 0 … N-1, in order, two draws each (a first, then b), attribute a set before b:
 *       i even: a = nodes[2·pick(E)],   b = nodes[2·pick(E)]      E = ⌈N/2⌉ even nodes
 *       i odd:  a = nodes[2·pick(O)+1], b = nodes[pick(N)]        O = ⌊N/2⌋ odd nodes
 *     exactly 2·N node-to-node references (a target may be the node itself). Nothing even
 *     points to an odd node, so the odd half is garbage; its `a` edges stay inside it, so
 *     it is cyclic; `b` lets garbage point into the live half too.
 *   - roots = nodes[::2]: a list of every even node (⌈N/2⌉ references, counted apart from
 *     the 2·N); then the temporary list is dropped: odd nodes nothing refers to any more are
 *     freed by reference counting there, the rest is cyclic garbage for the collector.
 *   - Timed: gc.collect() (full, generation 2), with performance.now().
 */
import { createRuntime } from '@pymm/gc';
import type { ObjectId } from '@pymm/objects';
import { intFlag, parseArgs, UsageError } from './args.js';
import { EXIT_OK, reportError } from './errors.js';
import { fmtInt } from './progress.js';

export const benchGcHelp = `usage: pymm bench gc [--objects N] [--seed S] [--json]

Builds a heap of N instances of a plain class Node, each with attributes a and b pointing
to other nodes chosen by a seeded xorshift32 (2·N references), plus a list of every even
node; the odd half is unreachable, and what reference counting leaves of it is cyclic
garbage. Then times one full gc.collect() over it: the same heap as tools/bench/gc_heap.py
builds in python3 (tools/bench/gc.mjs runs both and prints the ratio).

  --objects N  nodes (default 1000000)
  --seed S     PRNG seed, 0..4294967295 (default 1)
  --json       one JSON object: objects, seed, references, rootReferences, buildMs,
               collectMs, collected (gc.collect()'s return), trackedAfter, frozen`;

export interface GcBenchResult {
  readonly implementation: string;
  readonly objects: number;
  readonly seed: number;
  readonly references: number;
  readonly rootReferences: number;
  readonly buildMs: number;
  readonly collectMs: number;
  readonly collected: number;
  readonly trackedAfter: number;
  readonly frozen: number;
}

/** xorshift32 seeded as gc_heap.py seeds it; pick(m) = floor(next() * m / 2**32), exact for any m < 2**37. */
function prng(seed: number): (m: number) => number {
  let x = (Math.imul(seed, 0x9e3779b1) + 0x6d2b79f5) >>> 0;
  if (x === 0) x = 1;
  return (m: number): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const u = x >>> 0;
    // (u * m) >> 32 without leaving the exact range of a double: split u in 16-bit halves
    return Math.floor(((u >>> 16) * m + Math.floor(((u & 0xffff) * m) / 65536)) / 65536);
  };
}

/** Builds the heap, collects once; the figures of one run. */
export function runGcBench(objects: number, seed: number): GcBenchResult {
  const { heap: h, gc } = createRuntime();
  gc.disable();
  // class Node: def __init__(self): self.a = None; self.b = None
  const init = h.func({ name: '__init__', qualname: 'Node.__init__' });
  const Node = h.newClass('Node', { attributes: [['__init__', init]] });
  h.decref(init);
  gc.collect(2);
  gc.freeze();
  const frozen = gc.getFreezeCount();

  const t0 = performance.now();
  const next = prng(seed);
  const evens = Math.ceil(objects / 2);
  const odds = Math.floor(objects / 2);
  const ids = new Int32Array(objects);
  const none = h.noneId;
  // nodes = [Node() for _ in range(n)]
  const nodes = h.list();
  for (let i = 0; i < objects; i++) {
    const o = h.instance(Node);
    h.setAttr(o, 'a', none);
    h.setAttr(o, 'b', none);
    h.listAppend(nodes, o);
    h.decref(o);
    ids[i] = o;
  }
  for (let i = 0; i < objects; i++) {
    const node = ids[i]! as ObjectId;
    if ((i & 1) === 0) {
      h.setAttr(node, 'a', ids[2 * next(evens)]! as ObjectId);
      h.setAttr(node, 'b', ids[2 * next(evens)]! as ObjectId);
    } else {
      h.setAttr(node, 'a', ids[2 * next(odds) + 1]! as ObjectId);
      h.setAttr(node, 'b', ids[next(objects)]! as ObjectId);
    }
  }
  // roots = nodes[::2]; del nodes
  const rootItems: ObjectId[] = new Array(evens);
  for (let k = 0; k < evens; k++) rootItems[k] = ids[2 * k]! as ObjectId;
  const roots = h.list(rootItems);
  h.decref(nodes);
  const buildMs = performance.now() - t0;

  const t1 = performance.now();
  const collected = gc.collect(2);
  const collectMs = performance.now() - t1;
  const trackedAfter = gc.getObjects().length;
  const rootReferences = h.state.slotLen[roots]!;
  h.decref(roots);

  return {
    implementation: `pymm @pymm/gc (CPython 3.11 model), node ${process.version}`,
    objects, seed, references: 2 * objects, rootReferences,
    buildMs: Number(buildMs.toFixed(3)), collectMs: Number(collectMs.toFixed(3)),
    collected, trackedAfter, frozen,
  };
}

export async function benchGcCommand(argv: string[]): Promise<number> {
  try {
    const { positionals, flags } = parseArgs(argv, { objects: 'string', seed: 'string', json: 'boolean', help: 'boolean' });
    if (flags.help) {
      console.log(benchGcHelp);
      return EXIT_OK;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const objects = intFlag(flags.objects, 'objects', 1_000_000);
    const seed = intFlag(flags.seed, 'seed', 1, 0);
    if (seed > 0xffffffff) throw new UsageError(`--seed takes a whole number in 0..4294967295, got '${flags.seed}'`);
    const r = runGcBench(objects, seed);
    if (flags.json === true) console.log(JSON.stringify(r));
    else {
      console.log(`${r.implementation}: ${fmtInt(r.objects)} nodes, ${fmtInt(r.references)} references (+${fmtInt(r.rootReferences)} from the roots list), seed ${r.seed}`);
      console.log(`  build ${r.buildMs.toFixed(1)} ms; gc.collect() ${r.collectMs.toFixed(1)} ms, returned ${fmtInt(r.collected)}; ${fmtInt(r.trackedAfter)} tracked after (${fmtInt(r.frozen)} frozen at startup)`);
    }
    return EXIT_OK;
  } catch (e) {
    return reportError('bench', undefined, e);
  }
}
