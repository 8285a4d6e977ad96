/**
 * The naive model the allocator is tested against: the set of live blocks. Simpler than
 * the system by construction: no pools, no arenas, only "which blocks are live, and how
 * big did the caller ask them to be".
 */
import { arenaOf } from '../pymalloc.js';
import type { ObmallocState } from '../state.js';

export interface LiveBlock {
  readonly address: number;
  readonly requestBytes: number;
  /** true when pymalloc served it (inside an arena), false for the raw allocator. */
  readonly pymalloc: boolean;
  /** For pymalloc blocks: the size class the block was allocated in (it keeps it). */
  readonly classBytes: number;
}

export class LiveBlocksModel {
  readonly blocks: LiveBlock[] = [];
  add(b: LiveBlock): void {
    this.blocks.push(b);
  }
  remove(address: number): LiveBlock {
    const i = this.blocks.findIndex((b) => b.address === address);
    if (i < 0) throw new Error(`model: ${address} is not live`);
    return this.blocks.splice(i, 1)[0];
  }
  toString(): string {
    return `LiveBlocks(${this.blocks.length})`;
  }
}

/** The model's view of what a fresh block must satisfy, given the blocks already live. */
export function checkFreshBlock(model: LiveBlocksModel, s: ObmallocState, address: number, requestBytes: number): LiveBlock {
  const threshold = s.profile.smallRequestThresholdBytes;
  const pymalloc = requestBytes >= 1 && requestBytes <= threshold;
  if (pymalloc) {
    if (address % s.profile.alignmentBytes !== 0) throw new Error(`block ${address} is not ${s.profile.alignmentBytes}-byte aligned`);
    if (arenaOf(s, address) < 0) throw new Error(`pymalloc block ${address} is not inside a live arena`);
  }
  const span = (b: { address: number; requestBytes: number; classBytes?: number }): number => Math.max(1, b.requestBytes, b.classBytes ?? 0);
  for (const b of model.blocks) {
    if (b.address < address + span({ address, requestBytes }) && address < b.address + span(b)) {
      throw new Error(`block ${address} (${requestBytes} B) overlaps live block ${b.address} (${b.requestBytes} B)`);
    }
  }
  const align = s.profile.alignmentBytes;
  return { address, requestBytes, pymalloc, classBytes: pymalloc ? Math.ceil(requestBytes / align) * align : 0 };
}
