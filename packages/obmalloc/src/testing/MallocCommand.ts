import type { Command } from 'fast-check';
import { objMalloc } from '../pymalloc.js';
import type { ObmallocState } from '../state.js';
import { checkFreshBlock, type LiveBlocksModel } from './model.js';

/** PyObject_Malloc(n) (or Calloc: the placement is the same). */
export class MallocCommand implements Command<LiveBlocksModel, ObmallocState> {
  constructor(
    readonly requestBytes: number,
    readonly calloc = false,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: LiveBlocksModel, s: ObmallocState): void {
    const p = objMalloc(s, this.requestBytes);
    model.add(checkFreshBlock(model, s, p, this.requestBytes));
  }
  toString(): string {
    return `${this.calloc ? 'Calloc' : 'Malloc'}(${this.requestBytes})`;
  }
}
