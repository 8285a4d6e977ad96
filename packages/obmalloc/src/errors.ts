/** Errors a command can be rejected with. A rejected command changes nothing. */
export type ObmallocErrorCode =
  | 'INVALID_SIZE'
  | 'INVALID_ADDRESS'
  | 'FREE_OF_UNALLOCATED'
  | 'DOUBLE_FREE'
  | 'ARENA_BASE_INVALID'
  | 'ARENA_OVERLAP'
  | 'RAW_ADDRESS_IN_USE';

export class ObmallocError extends Error {
  override readonly name = 'ObmallocError';
  constructor(
    readonly code: ObmallocErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Addresses are printed the way the trace format and CPython's %p print them. */
export function hex(address: number): string {
  return '0x' + address.toString(16);
}
