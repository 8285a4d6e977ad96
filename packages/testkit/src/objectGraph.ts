/**
 * Object graphs as fast-check model commands: create objects, link and unlink them, take
 * and drop external references (roots), collect. The model is deliberately naive: a
 * list of objects with their outgoing references, a root count per object, reference
 * counting by cascade, and reachability by a plain search from the roots.
 *
 * Invariants checked after every command (`checkObjectGraphInvariants`):
 *   refcount  each live object's refcount = references from live objects + roots
 *   safety    nothing reachable from a root is ever freed
 *   liveness  the heap and the model agree on which objects are alive; after a full
 *             collection (no resurrecting finalizers) every live object is reachable
 *   heap      @pymm/objects' own invariants, the allocator's included
 *
 *   const run = objectGraphSetup({ thresholds: [10, 2, 2] });
 *   fc.assert(fc.property(objectGraphCommands(), (cmds) => fc.modelRun(run, cmds)));
 */
import fc from 'fast-check';
import { createRuntime, type Runtime } from '@pymm/gc';
import { checkObjectsInvariants, ClosureHost, NULL_ID, type ObjectId } from '@pymm/objects';

export type GraphKind = 'list' | 'dict' | 'instance' | 'instanceWithDel' | 'tuple' | 'weakref';
export const GRAPH_KINDS: readonly GraphKind[] = ['list', 'dict', 'instance', 'instanceWithDel', 'tuple', 'weakref'];

interface ModelObject {
  readonly heapId: ObjectId;
  readonly kind: GraphKind;
  /** Outgoing references in storage order: [key, target index]. Lists use key ''. */
  readonly edges: [string, number][];
  alive: boolean;
}

export class ObjectGraphModel {
  readonly objects: ModelObject[] = [];
  readonly roots = new Map<number, number>();
  /** Set when a full collection ran in the last command. */
  fullCollection = false;

  live(): number[] {
    return this.objects.flatMap((o, i) => (o.alive ? [i] : []));
  }

  pick(n: number, filter: (o: ModelObject) => boolean = () => true): number | undefined {
    const c = this.live().filter((i) => filter(this.objects[i]!));
    return c.length === 0 ? undefined : c[n % c.length];
  }

  /** The naive reachability search from the roots. */
  reachable(): Set<number> {
    const seen = new Set<number>();
    const stack = [...this.roots.entries()].filter(([, c]) => c > 0).map(([i]) => i);
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (seen.has(i)) continue;
      seen.add(i);
      for (const [, t] of this.objects[i]!.edges) stack.push(t);
    }
    return seen;
  }

  /** Expected refcount of each live object: roots + references from live objects. */
  expectedRefcounts(): Map<number, number> {
    const rc = new Map<number, number>();
    for (const i of this.live()) rc.set(i, this.roots.get(i) ?? 0);
    for (const i of this.live()) for (const [, t] of this.objects[i]!.edges) rc.set(t, (rc.get(t) ?? 0) + 1);
    return rc;
  }

  /** Reference counting: objects with no references die, and what they held loses one. */
  cascade(): void {
    for (;;) {
      const rc = this.expectedRefcounts();
      const dead = [...rc].filter(([, c]) => c === 0).map(([i]) => i);
      if (dead.length === 0) return;
      for (const i of dead) this.objects[i]!.alive = false;
    }
  }
}

export interface ObjectGraphReal {
  readonly rt: Runtime;
  readonly classes: { readonly plain: ObjectId; readonly withDel: ObjectId };
}

export interface ObjectGraphSetupOptions {
  /** Thresholds for automatic collection; absent = gc disabled (only explicit collections). */
  readonly thresholds?: readonly [number, number, number];
}

/** A setup for fc.modelRun: a fresh runtime with two classes (one with an empty __del__). */
export function objectGraphSetup(options: ObjectGraphSetupOptions = {}): () => { model: ObjectGraphModel; real: ObjectGraphReal } {
  return () => {
    const host = new ClosureHost();
    const rt = createRuntime({ host });
    const h = rt.heap;
    const plain = h.newClass('Node');
    const withDel = h.newClass('WithDel', { hasDel: true });
    host.onDel(withDel, () => {});
    if (options.thresholds) rt.gc.setThreshold(...options.thresholds);
    else rt.gc.disable();
    return { model: new ObjectGraphModel(), real: { rt, classes: { plain, withDel } } };
  };
}

/** All invariants of the module comment; throws with a readable message on the first failure. */
export function checkObjectGraphInvariants(model: ObjectGraphModel, real: ObjectGraphReal): void {
  const h = real.rt.heap;
  checkObjectsInvariants(h.state);
  // objects the heap freed (by refcount or by a collection) must be unreachable in the model
  const reach = model.reachable();
  let changed = false;
  model.objects.forEach((o, i) => {
    if (o.alive && !h.isAlive(o.heapId)) {
      if (reach.has(i)) throw new Error(`object #${i} (${o.kind}) was freed but is reachable from a root`);
      o.alive = false;
      changed = true;
    }
  });
  if (changed) model.cascade();
  const rc = model.expectedRefcounts();
  model.objects.forEach((o, i) => {
    if (o.alive !== h.isAlive(o.heapId)) throw new Error(`object #${i} (${o.kind}): model alive=${o.alive}, heap alive=${h.isAlive(o.heapId)}`);
    if (o.alive && h.refcount(o.heapId) !== rc.get(i)) {
      throw new Error(`object #${i} (${o.kind}): refcount ${h.refcount(o.heapId)}, expected ${rc.get(i)} (roots + references from live objects)`);
    }
  });
  if (model.fullCollection) {
    for (const i of model.live()) if (!reach.has(i)) throw new Error(`after a full collection object #${i} (${model.objects[i]!.kind}) is alive but unreachable`);
  }
}

type GraphCommand = fc.Command<ObjectGraphModel, ObjectGraphReal>;

abstract class Base implements GraphCommand {
  abstract check(m: Readonly<ObjectGraphModel>): boolean;
  protected abstract apply(m: ObjectGraphModel, r: ObjectGraphReal): void;
  abstract toString(): string;
  run(m: ObjectGraphModel, r: ObjectGraphReal): void {
    m.fullCollection = false;
    this.apply(m, r);
    m.cascade();
    checkObjectGraphInvariants(m, r);
  }
}

class NewObject extends Base {
  constructor(readonly kind: GraphKind, readonly a: number, readonly b: number) { super(); }
  check(): boolean { return true; }
  protected apply(m: ObjectGraphModel, r: ObjectGraphReal): void {
    const h = r.rt.heap;
    let id: ObjectId;
    const edges: [string, number][] = [];
    let kind = this.kind;
    const items = [this.a, this.b].map((n) => m.pick(n)).filter((i): i is number => i !== undefined);
    if (kind === 'tuple' && items.length === 0) kind = 'list'; // () is a static singleton
    const referent = m.pick(this.a, (o) => o.kind === 'instance' || o.kind === 'instanceWithDel');
    if (kind === 'weakref' && referent === undefined) kind = 'instance';
    switch (kind) {
      case 'list': id = h.list(); break;
      case 'dict': id = h.dict(); break;
      case 'instance': id = h.instance(r.classes.plain); break;
      case 'instanceWithDel': id = h.instance(r.classes.withDel); break;
      case 'weakref':
        // a weak reference holds no strong edge: the model sees an object without references
        id = h.weakref(m.objects[referent!]!.heapId);
        if (m.objects.some((o) => o.alive && o.heapId === id)) {
          // the existing basic ref was returned (a new reference to it): count it as a root
          const i = m.objects.findIndex((o) => o.alive && o.heapId === id);
          m.roots.set(i, (m.roots.get(i) ?? 0) + 1);
          return;
        }
        break;
      case 'tuple': {
        id = h.tuple(items.map((i) => m.objects[i]!.heapId));
        for (const i of items) edges.push(['', i]);
        break;
      }
    }
    m.objects.push({ heapId: id, kind, edges, alive: true });
    m.roots.set(m.objects.length - 1, 1);
  }
  toString(): string { return `new ${this.kind}${this.kind === 'tuple' ? `(${this.a}, ${this.b})` : ''}`; }
}

const isContainer = (o: ModelObject) => o.kind !== 'tuple' && o.kind !== 'weakref';

class Link extends Base {
  constructor(readonly from: number, readonly to: number, readonly key: number) { super(); }
  check(m: Readonly<ObjectGraphModel>): boolean { return m.pick(this.from, isContainer) !== undefined; }
  protected apply(m: ObjectGraphModel, r: ObjectGraphReal): void {
    const h = r.rt.heap;
    const a = m.pick(this.from, isContainer)!;
    const b = m.pick(this.to)!;
    const oa = m.objects[a]!;
    const target = m.objects[b]!.heapId;
    const name = `k${this.key % 4}`;
    if (oa.kind === 'list') {
      h.listAppend(oa.heapId, target);
      oa.edges.push(['', b]);
      return;
    }
    if (oa.kind === 'dict') {
      const k = h.int(this.key % 4);
      h.dictSetItem(oa.heapId, k, target);
      h.decref(k);
    } else {
      h.setAttr(oa.heapId, name, target);
    }
    const at = oa.edges.findIndex(([k]) => k === name);
    if (at >= 0) oa.edges[at] = [name, b];
    else oa.edges.push([name, b]);
  }
  toString(): string { return `link ${this.from} -> ${this.to} as k${this.key % 4}`; }
}

class Unlink extends Base {
  constructor(readonly from: number, readonly key: number) { super(); }
  check(m: Readonly<ObjectGraphModel>): boolean { return m.pick(this.from, isContainer) !== undefined; }
  protected apply(m: ObjectGraphModel, r: ObjectGraphReal): void {
    const h = r.rt.heap;
    const a = m.pick(this.from, isContainer)!;
    const oa = m.objects[a]!;
    if (oa.edges.length === 0) return;
    if (oa.kind === 'list') {
      const i = this.key % oa.edges.length;
      h.listDelItem(oa.heapId, i);
      oa.edges.splice(i, 1);
      return;
    }
    const [name] = oa.edges[this.key % oa.edges.length]!;
    if (oa.kind === 'dict') {
      const k = h.int(Number(name.slice(1)));
      h.dictDelItem(oa.heapId, k);
      h.decref(k);
    } else {
      h.delAttr(oa.heapId, name);
    }
    oa.edges.splice(oa.edges.findIndex(([k]) => k === name), 1);
  }
  toString(): string { return `unlink ${this.from} slot ${this.key}`; }
}

class AddRoot extends Base {
  constructor(readonly target: number) { super(); }
  check(m: Readonly<ObjectGraphModel>): boolean { return m.pick(this.target) !== undefined; }
  protected apply(m: ObjectGraphModel, r: ObjectGraphReal): void {
    const i = m.pick(this.target)!;
    r.rt.heap.incref(m.objects[i]!.heapId);
    m.roots.set(i, (m.roots.get(i) ?? 0) + 1);
  }
  toString(): string { return `root ${this.target}`; }
}

class DropRoot extends Base {
  constructor(readonly target: number) { super(); }
  check(m: Readonly<ObjectGraphModel>): boolean { return m.pick(this.target, (o) => (m.roots.get(m.objects.indexOf(o)) ?? 0) > 0) !== undefined; }
  protected apply(m: ObjectGraphModel, r: ObjectGraphReal): void {
    const i = m.pick(this.target, (o) => (m.roots.get(m.objects.indexOf(o)) ?? 0) > 0)!;
    m.roots.set(i, m.roots.get(i)! - 1);
    r.rt.heap.decref(m.objects[i]!.heapId);
  }
  toString(): string { return `drop root ${this.target}`; }
}

class Collect extends Base {
  constructor(readonly generation: number) { super(); }
  check(): boolean { return true; }
  protected apply(m: ObjectGraphModel, r: ObjectGraphReal): void {
    r.rt.gc.collect(this.generation);
    m.fullCollection = this.generation === 2;
  }
  toString(): string { return `gc.collect(${this.generation})`; }
}

export interface ObjectGraphCommandsOptions {
  readonly maxCommands?: number;
  readonly kinds?: readonly GraphKind[];
}

/** Command lists for fc.modelRun with objectGraphSetup(). */
export function objectGraphCommands(options: ObjectGraphCommandsOptions = {}): fc.Arbitrary<Iterable<GraphCommand>> {
  const n = fc.nat({ max: 1000 });
  const kinds = options.kinds ?? GRAPH_KINDS;
  return fc.commands([
    fc.tuple(fc.constantFrom(...kinds), n, n).map(([k, a, b]) => new NewObject(k, a, b)),
    fc.tuple(fc.constantFrom(...kinds), n, n).map(([k, a, b]) => new NewObject(k, a, b)),
    fc.tuple(n, n, n).map(([a, b, k]) => new Link(a, b, k)),
    fc.tuple(n, n, n).map(([a, b, k]) => new Link(a, b, k)),
    fc.tuple(n, n).map(([a, k]) => new Unlink(a, k)),
    n.map((t) => new AddRoot(t)),
    n.map((t) => new DropRoot(t)),
    n.map((t) => new DropRoot(t)),
    fc.constantFrom(0, 1, 2).map((g) => new Collect(g)),
  ], { maxCommands: options.maxCommands ?? 60 });
}

export { NULL_ID as NULL_OBJECT };
