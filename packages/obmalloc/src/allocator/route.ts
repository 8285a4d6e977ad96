/**
 * The router: what `_PyObject_Malloc` and friends do around pymalloc, done the same way
 * around every family, so that every allocator sees the same requests:
 *
 *   call              request n                 what happens
 *   malloc / calloc   1 .. maxRequestBytes      family.malloc
 *                     0 or above                raw allocator (RawAllocated)
 *   free(0)           -                         nothing
 *   free(p)           p a raw block             RawFreed
 *                     p a live family block     family.free
 *                     anything else             AllocatorError NOT_ALLOCATED, nothing changes
 *   realloc(0, n)     -                         malloc(n)
 *   realloc(p, n)     family block, n fits      kept (BlockResized) when n <= usable and
 *                     in the domain             4n > 3 * usable (pymalloc_realloc's rule),
 *                                               else malloc(n), then free(p)
 *                     family block, n outside   raw allocate, then free(p)
 *                     raw block, n inside       family.malloc(n), then RawFreed
 *                     raw block, n outside      a new raw block, then RawFreed
 *
 * `executeAllocator` applies a command; `decideAllocator` runs it on a clone and returns
 * the events; `evolveAllocator` applies one event (the raw and resize events here, the
 * rest through the family). A heap is the fold of its events.
 */
import { AllocatorError, type AllocatorCommand, type AllocatorEvent, type AllocatorFamily, type AllocatorHeapView, type AllocatorSink } from './Allocator.js';
import type { AllocatorHeap } from './heap.js';

/** Largest request any call accepts (PY_SSIZE_T_MAX is far above; a double stays exact). */
export const MAX_REQUEST_BYTES = 2 ** 48;

export type RoutedHeap = AllocatorHeap & AllocatorHeapView;

function checkSize(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_REQUEST_BYTES) throw new AllocatorError('INVALID_SIZE', `request size must be an integer from 0 to 2^48, got ${n}`);
}

function hex(a: number): string {
  return '0x' + a.toString(16);
}

function rawMalloc<S extends RoutedHeap>(s: S, n: number, sink: AllocatorSink | null): number {
  const address = s.nextRawAddress(n);
  s.rawAllocate(address, n);
  sink?.({ type: 'RawAllocated', address, requestBytes: n });
  return address;
}

function rawFree<S extends RoutedHeap>(s: S, address: number, sink: AllocatorSink | null): void {
  s.rawFree(address);
  sink?.({ type: 'RawFreed', address });
}

/** malloc(n) / calloc: the payload address. */
export function allocatorMalloc<S extends RoutedHeap>(family: AllocatorFamily<S>, s: S, n: number, sink: AllocatorSink | null = null): number {
  checkSize(n);
  if (n === 0 || n > s.maxRequestBytes) return rawMalloc(s, n, sink);
  return family.malloc(s, n, sink);
}

/** Refuses (changing nothing) an address where no live block starts. */
function checkLive<S extends RoutedHeap>(s: S, address: number, call: string): boolean {
  if (s.requestAt(address) !== 0) return true; // the common case first: a live family block
  if (s.isRaw(address)) return false;
  throw new AllocatorError('NOT_ALLOCATED', `${call}(${hex(address)}): no live block starts there (never allocated, already freed, or inside a block)`);
}

export function allocatorFree<S extends RoutedHeap>(family: AllocatorFamily<S>, s: S, address: number, sink: AllocatorSink | null = null): void {
  if (address === 0) return;
  if (checkLive(s, address, 'free')) family.free(s, address, sink);
  else rawFree(s, address, sink);
}

export function allocatorRealloc<S extends RoutedHeap>(family: AllocatorFamily<S>, s: S, address: number, n: number, sink: AllocatorSink | null = null): number {
  checkSize(n);
  if (address === 0) return allocatorMalloc(family, s, n, sink);
  const inFamily = checkLive(s, address, 'realloc');
  const small = n >= 1 && n <= s.maxRequestBytes;
  if (inFamily) {
    if (small) {
      const usable = family.usableBytes(s, address);
      if (n <= usable && 4 * n > 3 * usable) {
        s.resize(address, n);
        sink?.({ type: 'BlockResized', payloadAddress: address, requestBytes: n });
        return address;
      }
    }
    const moved = small ? family.malloc(s, n, sink) : rawMalloc(s, n, sink);
    family.free(s, address, sink);
    return moved;
  }
  const moved = small ? family.malloc(s, n, sink) : rawMalloc(s, n, sink);
  rawFree(s, address, sink);
  return moved;
}

/** Apply a command; returns the address the call returned (0 for Free). */
export function executeAllocator<S extends RoutedHeap>(family: AllocatorFamily<S>, s: S, command: AllocatorCommand, sink: AllocatorSink | null = null): number {
  switch (command.type) {
    case 'Malloc':
    case 'Calloc':
      return allocatorMalloc(family, s, command.requestBytes, sink);
    case 'Realloc':
      return allocatorRealloc(family, s, command.address, command.requestBytes, sink);
    case 'Free':
      allocatorFree(family, s, command.address, sink);
      return 0;
    default: {
      const never: never = command;
      throw new TypeError(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

/** The events `command` would cause; the state is not changed. Throws AllocatorError if refused. */
export function decideAllocator<S extends RoutedHeap>(family: AllocatorFamily<S>, s: S, command: AllocatorCommand): AllocatorEvent[] {
  const events: AllocatorEvent[] = [];
  executeAllocator(family, family.clone(s), command, (e) => events.push(e));
  return events;
}

/** Apply one event. */
export function evolveAllocator<S extends RoutedHeap>(family: AllocatorFamily<S>, s: S, e: AllocatorEvent): S {
  switch (e.type) {
    case 'RawAllocated':
      s.rawAllocate(e.address as number, e.requestBytes as number);
      return s;
    case 'RawFreed':
      s.rawFree(e.address as number);
      return s;
    case 'BlockResized':
      s.resize(e.payloadAddress as number, e.requestBytes as number);
      return s;
    default:
      return family.evolve(s, e);
  }
}
