import { describe, expect, it } from 'vitest';
import { ObmallocCodec, diffStates, executeRecorded, initialState, type Address, type ObmallocRecord } from '@pymm/obmalloc';
import { Branch } from './Branch.js';
import { AllocatorTimeline as Timeline } from './alloc/AllocatorTimeline.js';
import { memorySource } from './FrameSource.js';

describe('branches', () => {
  // Trunk: 300 blocks of 48 bytes, then every block freed.
  const heap = initialState();
  const records: ObmallocRecord[] = [];
  const blocks: number[] = [];
  for (let k = 0; k < 300; k++) blocks.push(executeRecorded(heap, { type: 'Malloc', requestBytes: 48 }, records.length, records));
  const forkSeq = records.length - 1;
  for (const b of blocks) executeRecorded(heap, { type: 'Free', address: b as Address }, records.length, records);
  const codec = new ObmallocCodec(heap.profile);
  const trunk = Timeline.open(memorySource(codec, records, 64), codec, { checkpointEveryRecords: 128 });

  it('forks the state at a seq and applies other commands without touching the trunk', () => {
    const branch = new Branch(trunk, forkSeq);
    expect(diffStates(branch.state, trunk.seek(forkSeq), { semantic: true })).toBeNull();
    // On the branch, allocate 700 more blocks instead of freeing: a third pool is needed.
    for (let k = 0; k < 700; k++) branch.apply({ type: 'Malloc', requestBytes: 48 });
    expect(branch.records[0]).toMatchObject({ kind: 'command', command: { type: 'Malloc' } });
    const d = branch.compare(forkSeq);
    expect(d.classes).toEqual([{ sizeIndex: 2, blockBytes: 48, pools: [1, 3], blocks: [300, 1000] }]);
    // The trunk is unchanged: at its end every block is free.
    expect(trunk.seek(trunk.length - 1).poolCount.reduce((a, b) => a + b, 0)).toBe(0);
    // Branch against the trunk's end: 1000 blocks here, none there.
    expect(branch.compare(trunk.length - 1).classes[0]).toMatchObject({ blocks: [0, 1000] });
  });
});
