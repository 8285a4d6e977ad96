import {
  AllocatorHeap, type AllocatorConfig, type AllocatorEvent, type AllocatorFamily, type AllocatorSink, type FreeSpace, type LiveBlockInfo,
} from '@pymm/obmalloc';
import { assertFamilyProperties } from '@pymm/testkit';

// Your allocator: a bump pointer through regions, and a LIFO free list per 16-byte size
// class (no header: a block's class is remembered beside it). A heap extends
// AllocatorHeap, which keeps the regions, the raw blocks and the accounting.
class ToyHeap extends AllocatorHeap {
  readonly familyName = 'toy';
  slot = -1; // the region being carved
  top = 0; // bytes carved in it
  freeLists: number[][] = [];
  classOf = new Map<number, number>(); // payload -> class bytes, live and free blocks
  liveBlockList(): LiveBlockInfo[] {
    return this.livePayloads().map((a) => ({
      payloadAddress: a, usableBytes: this.classOf.get(a)!, requestBytes: this.requestAt(a), blockAddress: a, blockBytes: this.classOf.get(a)!,
    }));
  }
  freeSpace(): FreeSpace {
    const free = this.freeLists.flat();
    const carvable = this.slot < 0 ? 0 : this.regionBytes - this.top;
    return {
      freeBytes: this.mappedBytes - this.blockBytes,
      freeBlocks: free.length,
      largestFreeBytes: Math.min(this.maxRequestBytes, Math.max(carvable, ...free.map((a) => this.classOf.get(a)!))),
    };
  }
}

const classBytes = (n: number): number => Math.ceil(n / 16) * 16;

// Every change goes through `apply`, which evolve also uses: one event path.
function apply(h: ToyHeap, e: AllocatorEvent): ToyHeap {
  if (e.type === 'RegionMapped') {
    h.mapRegion(e.address as number);
    h.slot = h.slotOf(e.address as number);
    h.top = 0;
  } else if (e.type === 'BlockHandedOut') {
    const a = e.payloadAddress as number, size = e.sizeBytes as number;
    const list = h.freeLists[size / 16];
    if (list !== undefined && list[list.length - 1] === a) list.pop();
    else h.top += size;
    h.classOf.set(a, size);
    h.handOut(a, e.requestBytes as number, size);
  } else if (e.type === 'BlockReturned') {
    const a = e.payloadAddress as number, size = e.sizeBytes as number;
    (h.freeLists[size / 16] ??= []).push(a);
    h.giveBack(a, size);
  }
  return h;
}

export const toy: AllocatorFamily<ToyHeap> = {
  name: 'toy',
  title: 'bump pointer with per-class LIFO free lists',
  reference: 'this README',
  initialState: (config?: AllocatorConfig) => new ToyHeap(config),
  malloc(h: ToyHeap, n: number, sink: AllocatorSink | null): number {
    const size = classBytes(n);
    const list = h.freeLists[size / 16];
    let a: number;
    if (list !== undefined && list.length > 0) a = list[list.length - 1]!;
    else {
      if (h.slot < 0 || h.top + size > h.regionBytes) {
        const e: AllocatorEvent = { type: 'RegionMapped', address: h.regionAddress(h.nextRegionSlot()), sizeBytes: h.regionBytes };
        sink?.(e);
        apply(h, e);
      }
      a = h.regionAddress(h.slot) + h.top;
    }
    const e: AllocatorEvent = { type: 'BlockHandedOut', address: a, sizeBytes: size, payloadAddress: a, requestBytes: n };
    sink?.(e);
    apply(h, e);
    return a;
  },
  free(h: ToyHeap, a: number, sink: AllocatorSink | null): void {
    const e: AllocatorEvent = { type: 'BlockReturned', address: a, sizeBytes: h.classOf.get(a)!, payloadAddress: a };
    sink?.(e);
    apply(h, e);
  },
  usableBytes: (h: ToyHeap, a: number) => h.classOf.get(a)!,
  evolve: apply,
  clone(h: ToyHeap): ToyHeap {
    const c = new ToyHeap({ regionBytes: h.regionBytes, maxRequestBytes: h.maxRequestBytes });
    Object.assign(c, { slot: h.slot, top: h.top, freeLists: h.freeLists.map((l) => (l ? [...l] : l)), classOf: new Map(h.classOf) });
    h.copySharedInto(c);
    return c;
  },
  diff(a: ToyHeap, b: ToyHeap): string | null {
    const shared = a.diffShared(b);
    if (shared !== null) return shared;
    if (a.slot !== b.slot || a.top !== b.top) return `carving at ${a.slot}:${a.top} vs ${b.slot}:${b.top}`;
    return JSON.stringify(a.freeLists) === JSON.stringify(b.freeLists) ? null : 'free lists differ';
  },
  findViolations(h: ToyHeap): string[] {
    const free = h.freeLists.flat();
    return free.filter((a) => h.requestAt(a) !== 0).map((a) => `block 0x${a.toString(16)} is both free and live`);
  },
};

// Every property pymm's own allocators are held to, on small regions so that mapping
// and reuse come quickly. It throws with a shrunk counterexample if one fails.
assertFamilyProperties(toy, { config: { regionBytes: 1024, maxRequestBytes: 64 }, numRuns: 50 });
export const passed = true;
