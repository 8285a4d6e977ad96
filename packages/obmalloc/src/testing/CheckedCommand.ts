import type { Command } from 'fast-check';
import { checkObmallocInvariants } from '../invariants.js';
import type { ObmallocState } from '../state.js';
import { allocatedBlocks } from '../stats.js';
import type { LiveBlocksModel } from './model.js';

/**
 * Wraps a model command: after it runs, every allocator invariant must hold and
 * sys.getallocatedblocks() must equal the number of live blocks in the model.
 */
export class CheckedCommand implements Command<LiveBlocksModel, ObmallocState> {
  constructor(readonly inner: Command<LiveBlocksModel, ObmallocState>) {}
  check(model: Readonly<LiveBlocksModel>): boolean {
    return this.inner.check(model);
  }
  run(model: LiveBlocksModel, s: ObmallocState): void {
    this.inner.run(model, s);
    checkObmallocInvariants(s);
    const blocks = allocatedBlocks(s);
    if (blocks !== model.blocks.length) throw new Error(`getallocatedblocks() = ${blocks}, model has ${model.blocks.length} live blocks`);
  }
  toString(): string {
    return this.inner.toString();
  }
}
