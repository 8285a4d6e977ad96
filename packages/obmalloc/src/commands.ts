/**
 * Commands of the pymalloc decider, imperative. They are the calls of the mem/object
 * domains (PyObject_Malloc and friends); the two inputs CPython gets from outside the
 * allocator are optional fields:
 *   arenaBase   where the arena allocator (mmap) puts a new arena, if the call needs one;
 *   rawAddress  what the raw allocator (malloc) returns, if the call falls back to it.
 * Absent, the state's deterministic stand-ins choose (see placement.ts).
 */
import type { Address } from './ids.js';

export interface Malloc {
  readonly type: 'Malloc';
  readonly requestBytes: number;
  readonly arenaBase?: Address;
  readonly rawAddress?: Address;
}
export interface Calloc {
  readonly type: 'Calloc';
  /** nelem * elsize */
  readonly requestBytes: number;
  readonly arenaBase?: Address;
  readonly rawAddress?: Address;
}
export interface Realloc {
  readonly type: 'Realloc';
  /** 0 = NULL: behaves as Malloc. */
  readonly address: Address;
  readonly requestBytes: number;
  readonly arenaBase?: Address;
  readonly rawAddress?: Address;
}
export interface Free {
  readonly type: 'Free';
  /** 0 = NULL: a no-op. */
  readonly address: Address;
}

export type ObmallocCommand = Malloc | Calloc | Realloc | Free;
