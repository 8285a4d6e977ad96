import { buddy, compareAllocators, familyTarget, firstFit, simpleSegregated } from '@pymm/allocators';
import { executeAllocator, type Address } from '@pymm/obmalloc';
import { HandleCallsBuilder, parseTraceChunks } from '@pymm/obmalloc/trace';

// One family on its own: a command in, an address out, its events to a sink.
const heap = buddy.initialState();
const events: string[] = [];
const block = executeAllocator(buddy, heap, { type: 'Malloc', requestBytes: 40 }, (e) => events.push(e.type));
executeAllocator(buddy, heap, { type: 'Free', address: block as Address }, (e) => events.push(e.type));

// A trace in pymm's trace format (tools/cpython-trace captures real ones; these lines are
// made up): 1,000 blocks of 16 to 168 bytes, then every other one freed.
let text = '#pymtrace 1\n';
const at = (k: number): string => (0x7f0000000000 + 256 * k).toString(16);
for (let k = 0; k < 1000; k++) text += `M ${at(k)} ${16 + (k % 20) * 8}\n`;
for (let k = 0; k < 1000; k += 2) text += `F ${at(k)}\n`;
const builder = new HandleCallsBuilder();
await parseTraceChunks((async function* () { yield new TextEncoder().encode(text); })(), { onBatch: (b) => builder.add(b) });

// The same calls through three families, side by side.
const compared = compareAllocators(builder.finish(), [familyTarget(firstFit), familyTarget(simpleSegregated), familyTarget(buddy)]);

export const result = {
  events, // RegionMapped, BlockSplit..., BlockHandedOut, then BlockReturned, BlocksCoalesced..., RegionUnmapped
  liveBlocks: compared.targets.map((t) => t.final.liveBlocks), // 500 for each family
  blockBytes: compared.targets.map((t) => t.final.blockBytes), // what each spends on the same 500 requests
  requestedBytes: compared.finalRequestedBytes,
};
