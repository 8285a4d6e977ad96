/** Branded ids. An Address is a byte address below 2^52 (exact in a double). */
export type Address = number & { readonly __brand: 'Address' };
export type ArenaIndex = number & { readonly __brand: 'ArenaIndex' };
export type SizeIndex = number & { readonly __brand: 'SizeIndex' };

/** The largest address the model accepts: every address must be exact in a double. */
export const MAX_ADDRESS = 2 ** 52;
