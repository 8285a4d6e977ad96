import type { Command } from 'fast-check';
import { objFree } from '../pymalloc.js';
import type { ObmallocState } from '../state.js';
import type { LiveBlocksModel } from './model.js';

/** PyObject_Free of the live block chosen by `pick` (modulo the number of live blocks). */
export class FreeCommand implements Command<LiveBlocksModel, ObmallocState> {
  constructor(readonly pick: number) {}
  check(model: Readonly<LiveBlocksModel>): boolean {
    return model.blocks.length > 0;
  }
  run(model: LiveBlocksModel, s: ObmallocState): void {
    const b = model.blocks[this.pick % model.blocks.length];
    objFree(s, b.address);
    model.remove(b.address);
  }
  toString(): string {
    return `Free(#${this.pick})`;
  }
}
