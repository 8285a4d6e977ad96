import type { Command } from 'fast-check';
import { objRealloc } from '../pymalloc.js';
import type { ObmallocState } from '../state.js';
import { checkFreshBlock, type LiveBlocksModel } from './model.js';

/**
 * PyObject_Realloc of a live block. The model knows CPython's keep rule: a pymalloc block
 * stays put when the new size fits its class and shrinks it by less than 25 %; a raw block
 * stays raw.
 */
export class ReallocCommand implements Command<LiveBlocksModel, ObmallocState> {
  constructor(
    readonly pick: number,
    readonly requestBytes: number,
  ) {}
  check(model: Readonly<LiveBlocksModel>): boolean {
    return model.blocks.length > 0;
  }
  run(model: LiveBlocksModel, s: ObmallocState): void {
    const b = model.blocks[this.pick % model.blocks.length];
    const q = objRealloc(s, b.address, this.requestBytes);
    model.remove(b.address);
    const n = this.requestBytes;
    if (b.pymalloc) {
      const size = b.classBytes;
      const keep = n <= size && 4 * n > 3 * size;
      if (keep !== (q === b.address)) throw new Error(`realloc ${b.requestBytes}->${n}: expected ${keep ? 'in place' : 'a move'}`);
      model.add(keep ? { ...b, requestBytes: n } : checkFreshBlock(model, s, q, n));
    } else {
      model.add({ address: q, requestBytes: n, pymalloc: false, classBytes: 0 });
    }
  }
  toString(): string {
    return `Realloc(#${this.pick}, ${this.requestBytes})`;
  }
}
