import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpython311, objFree, objMalloc, tiny, type ObmallocState } from '@pymm/obmalloc';
import { contractSeed } from '@pymm/eventlog/testing';
import {
  allocatorModelCommands, allocatorModelRun, FreeCommand, LiveBlocksModel, MallocCommand, modelCommands, type AllocatorModelCommand,
} from './index.js';

const seed = contractSeed();

describe('allocatorModelRun: pymalloc against the live-blocks model, every invariant after every command', () => {
  for (const [profile, numRuns, maxCommands] of [[tiny, 150, 300], [cpython311, 6, 150]] as const) {
    it(profile.name, () => {
      fc.assert(fc.property(allocatorModelCommands(profile, maxCommands), (cmds) => allocatorModelRun(profile, cmds)), { seed, numRuns });
    });
  }

  it("takes obmalloc's own (CheckedCommand-wrapped) model commands too", () => {
    fc.assert(fc.property(modelCommands(tiny, 100), (cmds) => allocatorModelRun(tiny, cmds)), { seed, numRuns: 30 });
  });
});

describe('allocatorModelRun fails, naming the command, when the system and the model part ways', () => {
  /** A free that forgets to tell the model: the model keeps a block the heap freed. */
  class ForgetfulFree extends FreeCommand {
    override run(model: LiveBlocksModel, s: ObmallocState): void {
      objFree(s, model.blocks[this.pick % model.blocks.length].address);
    }
    override toString(): string {
      return `ForgetfulFree(#${this.pick})`;
    }
  }
  /** A malloc that hands the model a block 16 bytes off the one the heap returned. */
  class SkewedMalloc extends MallocCommand {
    override run(model: LiveBlocksModel, s: ObmallocState): void {
      const p = objMalloc(s, this.requestBytes);
      model.add({ address: p + 16, requestBytes: this.requestBytes, pymalloc: true, classBytes: 16 });
    }
  }

  it('a free the model does not see: liveBlocksAllocated and allocatedBlocks', () => {
    const cmds = fc.commands<LiveBlocksModel, ObmallocState>([
      fc.integer({ min: 1, max: 64 }).map((n) => new MallocCommand(n)),
      fc.nat().map((p) => new ForgetfulFree(p)),
    ]);
    const details = fc.check(fc.property(cmds, (c) => allocatorModelRun(tiny, c)), { seed, includeErrorInReport: true });
    expect(details.failed).toBe(true);
    expect(String(details.counterexample![0])).toMatch(/^Malloc\(\d+\),ForgetfulFree\(#\d+\)( \/\*replayPath=.*\*\/)?$/);
    expect(fc.defaultReportMessage(details)).toMatch(/allocator invariants violated after ForgetfulFree\(#\d+\):\n {2}liveBlocksAllocated: live pymalloc block 0x[0-9a-f]+ is not allocated in the state\n {2}allocatedBlocks: getallocatedblocks\(\) = 0, 1 blocks are live/);
  });

  it('a block the model places where the heap did not: liveBlocksAllocated', () => {
    const cmds = fc.commands<LiveBlocksModel, ObmallocState>([fc.integer({ min: 1, max: 16 }).map((n): AllocatorModelCommand => new SkewedMalloc(n))]);
    const details = fc.check(fc.property(cmds, (c) => allocatorModelRun(tiny, c)), { seed, includeErrorInReport: true });
    expect(details.failed).toBe(true);
    expect(fc.defaultReportMessage(details)).toMatch(/after Malloc\(\d+\):\n {2}liveBlocksAllocated: live pymalloc block 0x[0-9a-f]+ is not allocated in the state/);
  });
});
