/**
 * Object ids. An ObjectId names one object for its whole life and is never reused: a
 * new object at a recycled address (a free list, a freed block) gets a new id, so a
 * timeline can ask about "object 1234" without ambiguity. CPython's id() is the address;
 * ours is `addressOf(id)` (the block address plus the pre-header).
 *
 * The first ids are list heads (PyGC_Head sentinels), not objects: the three generations,
 * the permanent generation, and the collector's temporary lists.
 */
export type ObjectId = number & { readonly __brand: 'ObjectId' };

export const NULL_ID = -1 as ObjectId;

/** GC list heads, in the same arrays as object headers (gcNext / gcPrev). */
export const GEN0 = 0;
export const GEN1 = 1;
export const GEN2 = 2;
export const PERMANENT = 3;
/** handle_weakrefs' and the collector's temporary lists. */
export const UNREACHABLE = 4;
export const FINALIZERS = 5;
export const WRCB_TO_CALL = 6;
export const SEEN = 7;
/** handle_resurrected_objects' still_unreachable (delete_garbage's input). */
export const FINAL_UNREACHABLE = 8;
export const LIST_HEADS = 9;

export const LIST_NAMES = ['gen0', 'gen1', 'gen2', 'permanent', 'unreachable', 'finalizers', 'wrcb_to_call', 'seen', 'final_unreachable'] as const;
