/**
 * An ObjectsHost whose Python bodies are TypeScript closures: for tests, examples and
 * tools that drive the heap without an interpreter. `fn` makes a real function object
 * in the heap (so it is allocated, referenced and collected like a lambda) and binds a
 * body to it; `onDel` gives a class its `__del__` body.
 */
import type { Heap, ObjectsHost } from './Heap.js';
import type { ObjectId } from './ids.js';

export type Body = (heap: Heap, args: readonly ObjectId[]) => void;

export class ClosureHost implements ObjectsHost {
  private readonly bodies = new Map<number, Body>();
  private readonly dels = new Map<number, Body>();

  /** A new function object (a new reference) whose calls run `body`. */
  fn(heap: Heap, name: string, body: Body): ObjectId {
    const id = heap.func({ name });
    this.bodies.set(id, body);
    return id;
  }

  /** `__del__` (or `__tp_del__` for legacy classes) of instances of `type`. */
  onDel(type: ObjectId, body: Body): void {
    this.dels.set(type, body);
  }

  callFinalizer(heap: Heap, self: ObjectId): void {
    // the most derived class with a body wins, as method lookup would
    const spec = heap.state.types.get(heap.state.typeOf[self]!);
    for (const t of spec?.mro ?? []) {
      const body = this.dels.get(t);
      if (body !== undefined) { body(heap, [self]); return; }
    }
  }

  callWeakrefCallback(heap: Heap, callback: ObjectId, wr: ObjectId): void {
    this.call(heap, callback, [wr]);
  }

  callGcCallback(heap: Heap, callback: ObjectId, phase: 'start' | 'stop', info: ObjectId): void {
    const p = heap.str(phase);
    try {
      this.call(heap, callback, [p, info]);
    } finally {
      heap.decrefUnchecked(p);
    }
  }

  call(heap: Heap, callable: ObjectId, args: readonly ObjectId[]): void {
    const body = this.bodies.get(callable);
    if (body === undefined) throw new TypeError(`'${heap.typeName(callable)}' object ${callable} is not callable here`);
    body(heap, args);
  }
}
