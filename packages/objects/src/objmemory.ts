/**
 * The heap's memory interface (PyObject_Malloc / Realloc / Free over obmalloc), held to
 * the simulated machine's memory: with a limit set (a front end's, pylite's --max-memory),
 * a request that would take what the process has from the system past it fails before
 * anything changes, as a malloc returning NULL does (ObjectsError NO_MEMORY).
 *
 *   what the process has from the system   its arenas (each ARENA_SIZE) and its raw blocks
 *   what a request takes                   a raw block: its size; a small one: nothing,
 *                                          unless its size class has no pool with room and
 *                                          no arena a free pool (then a new arena)
 */
import { objFree, objMalloc, objRealloc, type ObmallocEvent, type ObmallocState } from '@pymm/obmalloc';
import { ObjectsError } from './errors.js';

type MemorySink = ((e: ObmallocEvent) => void) | null;

/** NONE in obmalloc's state: no usable arena. */
const NO_ARENA = -1;

export class ObjectMemory {
  /** The simulated machine's memory in bytes (Infinity: no limit). */
  limitBytes = Infinity;
  /** The raw blocks' bytes, kept while a limit is set (NaN: to be counted again). */
  private rawBytes = NaN;

  constructor(private readonly m: ObmallocState) {}

  /** `sink` hears obmalloc's events (null: they are applied without event objects), in each call below. */
  malloc(requestBytes: number, sink: MemorySink): number {
    const tracked = this.trackRaw();
    if (tracked) this.check(requestBytes, 0);
    const m = this.m;
    const address = objMalloc(m, requestBytes, NaN, NaN, sink);
    if (tracked && (requestBytes === 0 || requestBytes > m.smallRequestThresholdBytes)) this.rawBytes += m.rawBlocks.get(address) ?? 0;
    return address;
  }

  realloc(address: number, requestBytes: number, sink: MemorySink): number {
    if (address === 0) return this.malloc(requestBytes, sink);
    const tracked = this.trackRaw();
    const m = this.m;
    const old = tracked ? m.rawBlocks.get(address) ?? 0 : 0;
    if (tracked) this.check(requestBytes, old);
    const moved = objRealloc(m, address, requestBytes, NaN, NaN, sink);
    if (tracked) this.rawBytes += (m.rawBlocks.get(moved) ?? 0) - old;
    return moved;
  }

  free(address: number, sink: MemorySink): void {
    if (address === 0) return;
    const tracked = this.trackRaw();
    const m = this.m;
    const old = tracked ? m.rawBlocks.get(address) ?? 0 : 0;
    objFree(m, address, sink);
    if (tracked) this.rawBytes -= old;
  }

  /** Whether a limit is set; then rawBytes is counted (from the raw blocks, the first time). */
  private trackRaw(): boolean {
    if (this.limitBytes === Infinity) {
      this.rawBytes = NaN;
      return false;
    }
    if (Number.isNaN(this.rawBytes)) {
      this.rawBytes = 0;
      for (const [, n] of this.m.rawBlocks.entries()) this.rawBytes += n;
    }
    return true;
  }

  /** Throws NO_MEMORY when `requestBytes` (replacing a raw block of `freedBytes`) needs more than the limit leaves. */
  private check(requestBytes: number, freedBytes: number): void {
    const m = this.m;
    let need = requestBytes;
    if (requestBytes >= 1 && requestBytes <= m.smallRequestThresholdBytes) {
      const i = (requestBytes - 1) >> m.alignmentShift;
      need = m.poolNext[i] === i && m.usableArenas === NO_ARENA ? m.arenaSizeBytes : 0;
    }
    if (need === 0) return;
    const inUse = m.narenasCurrentlyAllocated * m.arenaSizeBytes + this.rawBytes - freedBytes;
    if (inUse + need > this.limitBytes) {
      throw new ObjectsError('NO_MEMORY', `a request for ${requestBytes} bytes (${need} more from the system, ${inUse} in use) passes the memory limit of ${this.limitBytes} bytes`);
    }
  }
}
