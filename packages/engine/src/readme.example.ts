import { AllocatorTimeline, memorySource } from '@pymm/engine';
import { ObmallocCodec, executeRecorded, initialState, type ObmallocRecord } from '@pymm/obmalloc';

// Record a short history: 100 blocks of 48 bytes, then free every other one.
const profile = initialState().profile;
const heap = initialState();
const records: ObmallocRecord[] = [];
const blocks: number[] = [];
for (let k = 0; k < 100; k++) blocks.push(executeRecorded(heap, { type: 'Malloc', requestBytes: 40 }, records.length, records));
for (let k = 0; k < 100; k += 2) executeRecorded(heap, { type: 'Free', address: blocks[k] as never }, records.length, records);

// A timeline over those records (a .pymmlog file works the same way: logSource(LogReader.open(path))).
const codec = new ObmallocCodec(profile);
const timeline = AllocatorTimeline.open(memorySource(codec, records), codec);

const last = timeline.length - 1;
export const result = {
  liveAtEnd: timeline.pins(last)[0].liveBlocks.length, // 50 blocks still pin the arena
  liveBeforeFrees: timeline.pins(201)[0].liveBlocks.length, // after the 100th malloc's events: 100
  firstBlockHistory: timeline.history(blocks[0]).map((h) => `${h.kind}@${h.seq}`), // allocated, then freed
  stepBack: (timeline.seek(last), timeline.stepBack()), // one record back
};
