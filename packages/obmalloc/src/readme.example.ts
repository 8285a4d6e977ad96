import { checkObmallocInvariants, debugMallocStats, execute, initialState, type ObmallocEvent } from '@pymm/obmalloc';

// A fresh CPython 3.11 allocator. The first arena goes where the mmap stand-in puts it.
const heap = initialState({ profile: 'cpython-3.11' });
const events: ObmallocEvent[] = [];
const record = (e: ObmallocEvent) => events.push(e);

// PyObject_Malloc(40): size class 2 (48-byte blocks), a new arena, a new pool.
const a = execute(heap, { type: 'Malloc', requestBytes: 40 }, record);
const b = execute(heap, { type: 'Malloc', requestBytes: 33 }, record); // same class, next block
execute(heap, { type: 'Free', address: a }, record);
const c = execute(heap, { type: 'Malloc', requestBytes: 48 }, record); // LIFO: reuses a

checkObmallocInvariants(heap);
export const result = { reusedFreedBlock: c === a, nextBlockBytes: b - a, events: events.map((e) => e.type) };
export const stats = debugMallocStats(heap);
