export type ObjectsErrorCode =
  | 'DEAD_OBJECT'        // the object was already deallocated
  | 'REFCOUNT_UNDERFLOW' // a decref of a reference no one outside the heap holds
  | 'UNKNOWN_OBJECT'     // no object has this id
  | 'WRONG_KIND'         // e.g. list_append on a dict
  | 'INDEX_ERROR'        // list index out of range
  | 'KEY_ERROR'          // dict / set key missing
  | 'ATTRIBUTE_ERROR'    // instance attribute missing
  | 'TYPE_ERROR'         // unhashable key, weakref to an object that cannot have one, …
  | 'VALUE_ERROR'        // gc.collect(3), negative threshold, …
  | 'STATIC_OBJECT'      // None, True, small ints: never deallocated
  | 'NO_MEMORY';         // a request past the simulated memory limit (malloc returning NULL)

/** A command the heap refuses. The state is unchanged when one is thrown. */
export class ObjectsError extends Error {
  readonly code: ObjectsErrorCode;
  constructor(code: ObjectsErrorCode, message: string) {
    super(message);
    this.name = 'ObjectsError';
    this.code = code;
  }
}
