/**
 * The object heap as a decider: initialState(config), decide(state, command) -> events,
 * evolve(state, event). `execute` is the fused path (validate, apply, report) every
 * front end uses; `decide` runs it on a copy.
 *
 * Commands are the heap's operations as data, so a test or a log can name them. Object
 * arguments are ids; `result` of a creating command is the new object's id (a new
 * reference the caller owns). A host (finalizer and callback bodies) is optional.
 */
import { initialState as initialMemory, type ObmallocConfig } from '@pymm/obmalloc';
import type { ObjectsEvent, ObjectsSink } from './events.js';
import { evolve } from './evolve.js';
import { Heap, type NewClassOptions, type ObjectsHost } from './Heap.js';
import { NULL_ID, type ObjectId } from './ids.js';
import type { TypeDef } from './kinds.js';
import { ObjectsState } from './ObjectsState.js';
import { cloneObjectsState } from './snapshot.js';

export type ObjectsCommand =
  | { readonly type: 'NewInt'; readonly value: string }
  | { readonly type: 'NewFloat'; readonly value: number }
  | { readonly type: 'NewStr'; readonly value: string }
  | { readonly type: 'NewTuple'; readonly items: readonly ObjectId[] }
  | { readonly type: 'NewList'; readonly items: readonly ObjectId[] }
  | { readonly type: 'NewDict' }
  | { readonly type: 'NewSet'; readonly items: readonly ObjectId[] }
  | { readonly type: 'SetAdd'; readonly set: ObjectId; readonly item: ObjectId }
  | { readonly type: 'SetDiscard'; readonly set: ObjectId; readonly item: ObjectId }
  | { readonly type: 'SetPop'; readonly set: ObjectId }
  | { readonly type: 'SetClear'; readonly set: ObjectId }
  | { readonly type: 'NewClass'; readonly name: string; readonly options?: NewClassOptions }
  | { readonly type: 'NewInstance'; readonly classId: ObjectId }
  | { readonly type: 'NewCell'; readonly contents: ObjectId }
  | { readonly type: 'NewWeakref'; readonly referent: ObjectId; readonly callback: ObjectId }
  | { readonly type: 'IncRef'; readonly id: ObjectId }
  | { readonly type: 'DecRef'; readonly id: ObjectId }
  | { readonly type: 'ListAppend'; readonly list: ObjectId; readonly item: ObjectId }
  | { readonly type: 'ListSetItem'; readonly list: ObjectId; readonly index: number; readonly item: ObjectId }
  | { readonly type: 'ListDelItem'; readonly list: ObjectId; readonly index: number }
  | { readonly type: 'ListClear'; readonly list: ObjectId }
  | { readonly type: 'DictSetItem'; readonly dict: ObjectId; readonly key: ObjectId; readonly value: ObjectId }
  | { readonly type: 'DictDelItem'; readonly dict: ObjectId; readonly key: ObjectId }
  | { readonly type: 'SetAttr'; readonly obj: ObjectId; readonly name: string; readonly value: ObjectId }
  | { readonly type: 'DelAttr'; readonly obj: ObjectId; readonly name: string }
  | { readonly type: 'MaterializeDict'; readonly obj: ObjectId }
  | { readonly type: 'CellSet'; readonly cell: ObjectId; readonly contents: ObjectId };

export interface ObjectsConfig extends ObmallocConfig {
  /** The kinds the state models (default: the builtin type table, kinds.ts). */
  readonly typeTable?: readonly TypeDef[];
}

export function initialState(config: ObjectsConfig = {}): ObjectsState {
  const s = new ObjectsState(initialMemory(config), config.typeTable);
  heapFor(s);
  return s;
}

const heaps = new WeakMap<ObjectsState, Heap>();

/** The Heap bound to `state` (one per state; its sink and host are set per call). */
export function heapFor(state: ObjectsState): Heap {
  let h = heaps.get(state);
  if (h === undefined) {
    h = new Heap(state);
    heaps.set(state, h);
  }
  return h;
}

/** Applies `command`; returns the id it created (or NULL_ID). Throws ObjectsError, changing nothing, if invalid. */
export function execute(state: ObjectsState, command: ObjectsCommand, sink: ObjectsSink | null = null, host: ObjectsHost | null = null): ObjectId {
  const h = heapFor(state);
  const savedSink = h.sink;
  const savedHost = h.host;
  h.sink = sink;
  h.host = host;
  try {
    return run(h, command);
  } finally {
    h.sink = savedSink;
    h.host = savedHost;
  }
}

function run(h: Heap, c: ObjectsCommand): ObjectId {
  switch (c.type) {
    case 'NewInt': return h.int(BigInt(c.value));
    case 'NewFloat': return h.float(c.value);
    case 'NewStr': return h.str(c.value);
    case 'NewTuple': return h.tuple(c.items);
    case 'NewList': return h.list(c.items);
    case 'NewDict': return h.dict();
    case 'NewSet': return h.set(c.items);
    case 'SetAdd': h.setAdd(c.set, c.item); return NULL_ID;
    case 'SetDiscard': h.setDiscard(c.set, c.item); return NULL_ID;
    case 'SetPop': return h.setPop(c.set);
    case 'SetClear': h.setClear(c.set); return NULL_ID;
    case 'NewClass': return h.newClass(c.name, c.options);
    case 'NewInstance': return h.instance(c.classId);
    case 'NewCell': return h.cell(c.contents);
    case 'NewWeakref': return h.weakref(c.referent, c.callback);
    case 'IncRef': h.incref(c.id); return NULL_ID;
    case 'DecRef': h.decref(c.id); return NULL_ID;
    case 'ListAppend': h.listAppend(c.list, c.item); return NULL_ID;
    case 'ListSetItem': h.listSetItem(c.list, c.index, c.item); return NULL_ID;
    case 'ListDelItem': h.listDelItem(c.list, c.index); return NULL_ID;
    case 'ListClear': h.listClear(c.list); return NULL_ID;
    case 'DictSetItem': h.dictSetItem(c.dict, c.key, c.value); return NULL_ID;
    case 'DictDelItem': h.dictDelItem(c.dict, c.key); return NULL_ID;
    case 'SetAttr': h.setAttr(c.obj, c.name, c.value); return NULL_ID;
    case 'DelAttr': h.delAttr(c.obj, c.name); return NULL_ID;
    case 'MaterializeDict': h.instanceDict(c.obj); return NULL_ID;
    case 'CellSet': h.cellSet(c.cell, c.contents); return NULL_ID;
    default: {
      const never: never = c;
      throw new TypeError(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

/** The events `command` would cause. Pure: runs on a copy. */
export function decide(state: ObjectsState, command: ObjectsCommand, host: ObjectsHost | null = null): ObjectsEvent[] {
  const copy = cloneObjectsState(state);
  const events: ObjectsEvent[] = [];
  execute(copy, command, (e) => events.push(e), host);
  return events;
}

export { evolve };
