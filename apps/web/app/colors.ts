/**
 * Colours the page uses, named so that tests and the legend agree: a pool is coloured by
 * its size class (hue) and how full it is (darker = fuller); blocks by their state.
 */
export const BLOCK_COLOURS = { allocated: '#2b6cb0', free: '#f6ad55', virgin: '#ffffff' } as const;
export const EMPTY_POOL = '#eef0f3';
export const UNCARVED_POOL = '#c8ccd2';

/** Hue of size class c: neighbouring classes far apart on the wheel. */
export function classHue(c: number): number {
  return Math.round((c * 137.508) % 360);
}

/** A used pool: its class's hue, lightness from 80 % (one block) down to 35 % (full). */
export function poolColour(sizeIndex: number, count: number, blocksPerPool: number): string {
  if (sizeIndex === -1) return UNCARVED_POOL;
  if (sizeIndex === -2 || count === 0) return EMPTY_POOL;
  const fill = blocksPerPool > 0 ? Math.min(1, count / blocksPerPool) : 1;
  const light = Math.round(80 - 45 * fill);
  return `hsl(${classHue(sizeIndex)}, 70%, ${light}%)`;
}

export function classColour(sizeIndex: number): string {
  return `hsl(${classHue(sizeIndex)}, 70%, 50%)`;
}

export const MARKER_COLOURS: Record<string, string> = {
  collection: '#c53030', 'arena-allocated': '#2f855a', 'arena-freed': '#805ad5', finalizer: '#d69e2e', error: '#e53e3e', bookmark: '#3182ce',
};
