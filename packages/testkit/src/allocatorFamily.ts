/**
 * Properties every allocator family must have, whoever wrote it: pymm's own (first fit,
 * buddy, ...) and yours. A family is anything implementing obmalloc's `AllocatorFamily`
 * over a heap extending `AllocatorHeap`; its commands go through the router
 * (`executeAllocator`), as a replay's do.
 *
 *   invariant       holds when
 *   family          the family's own findViolations() reports nothing
 *   noOverlap       no two live blocks (whole extents, overhead included) share a byte
 *   aligned         every payload is aligned to alignmentBytes
 *   inRegions       every live block lies inside one mapped region
 *   accounting      liveBlocks, requestedBytes and blockBytes equal the sums over the
 *                   live blocks; each block's usable bytes >= its request; requestAt agrees
 *   matchesModel    the live blocks (and raw blocks) are exactly those the caller holds,
 *                   with the requests the caller made
 *
 *   property                  what is checked
 *   model run                 fc.commands (malloc, calloc, realloc, free, and refused
 *                             frees) against the set of blocks the caller holds; every
 *                             invariant after every command
 *   refusals change nothing   a double, interior or wild free, and a malloc of no byte
 *                             count or of more than the address space holds, throws
 *                             AllocatorError and the heap equals its copy from before
 *                             (invariant `refusal`)
 *   decider                   the fold of the events (evolveAllocator from a fresh heap)
 *                             equals the heap the commands built; replaying twice gives
 *                             the same events
 *   freed blocks are reused   free(p) then malloc(p's request): the mapped bytes do not
 *                             grow past what they were before the free (`reuse`)
 *   realloc keeps the size    after realloc(p, n) the block holds n bytes and
 *                             usableBytes >= n (the contents' size survives)
 */
import fc from 'fast-check';
import {
  AllocatorError, allocatorFree, allocatorMalloc, allocatorRealloc, evolveAllocator, executeAllocator,
  type AllocatorCommand, type AllocatorConfig, type AllocatorEvent, type AllocatorFamily, type RoutedHeap,
} from '@pymm/obmalloc';
import { contractSeed, type ContractParameters } from '@pymm/eventlog/testing';

export type FamilyInvariantName = 'family' | 'noOverlap' | 'aligned' | 'inRegions' | 'accounting' | 'matchesModel' | 'reuse' | 'refusal';

/** What the caller holds: payload address -> request, family and raw blocks alike. */
export type HeldBlocks = Map<number, number>;

export class FamilyInvariantViolation extends Error {
  override readonly name = 'FamilyInvariantViolation';
  constructor(readonly invariant: FamilyInvariantName, message: string) {
    super(`${invariant}: ${message}`);
  }
}

const hex = (a: number): string => '0x' + a.toString(16);

/** Every invariant's violations (empty when all hold). `held` enables matchesModel. */
export function findFamilyViolations<S extends RoutedHeap>(family: AllocatorFamily<S>, heap: S, held?: HeldBlocks): FamilyInvariantViolation[] {
  const out: FamilyInvariantViolation[] = [];
  const add = (k: FamilyInvariantName, m: string): void => { out.push(new FamilyInvariantViolation(k, m)); };
  for (const v of family.findViolations(heap)) add('family', v);
  const blocks = heap.liveBlockList().slice().sort((a, b) => a.blockAddress - b.blockAddress);
  for (let i = 1; i < blocks.length; i++) {
    const p = blocks[i - 1]!, q = blocks[i]!;
    if (p.blockAddress + p.blockBytes > q.blockAddress) add('noOverlap', `block ${hex(p.blockAddress)} (${p.blockBytes} B) overlaps block ${hex(q.blockAddress)}`);
  }
  const regions = heap.regions();
  let requested = 0, blockBytes = 0;
  for (const b of blocks) {
    if (b.payloadAddress % heap.alignmentBytes !== 0) add('aligned', `payload ${hex(b.payloadAddress)} is not ${heap.alignmentBytes}-byte aligned`);
    if (!regions.some((r) => b.blockAddress >= r.address && b.blockAddress + b.blockBytes <= r.address + r.sizeBytes)) {
      add('inRegions', `block ${hex(b.blockAddress)} (${b.blockBytes} B) is not inside a mapped region`);
    }
    if (b.payloadAddress < b.blockAddress || b.payloadAddress + b.usableBytes > b.blockAddress + b.blockBytes) {
      add('inRegions', `payload ${hex(b.payloadAddress)} (${b.usableBytes} B usable) is not inside its block ${hex(b.blockAddress)}`);
    }
    if (b.usableBytes < b.requestBytes) add('accounting', `block ${hex(b.payloadAddress)}: ${b.usableBytes} usable bytes for a request of ${b.requestBytes}`);
    if (heap.requestAt(b.payloadAddress) !== b.requestBytes) add('accounting', `requestAt(${hex(b.payloadAddress)}) is ${heap.requestAt(b.payloadAddress)}, the block says ${b.requestBytes}`);
    requested += b.requestBytes;
    blockBytes += b.blockBytes;
  }
  if (heap.liveBlocks !== blocks.length) add('accounting', `liveBlocks is ${heap.liveBlocks}, ${blocks.length} blocks are live`);
  if (heap.requestedBytes !== requested) add('accounting', `requestedBytes is ${heap.requestedBytes}, the live blocks hold ${requested}`);
  if (heap.blockBytes !== blockBytes) add('accounting', `blockBytes is ${heap.blockBytes}, the live blocks span ${blockBytes}`);
  if (held !== undefined) {
    const live = new Map<number, number>();
    for (const b of blocks) live.set(b.payloadAddress, b.requestBytes);
    for (const r of heap.rawBlocks()) live.set(r.address, r.requestBytes);
    for (const [a, n] of held) if (live.get(a) !== n) add('matchesModel', `the caller holds ${hex(a)} (${n} B); the heap has ${live.has(a) ? `${live.get(a)} B there` : 'no block there'}`);
    for (const [a] of live) if (!held.has(a)) add('matchesModel', `the heap has a live block at ${hex(a)} the caller does not hold`);
  }
  return out;
}

/** Throws the first violation. */
export function checkFamilyInvariants<S extends RoutedHeap>(family: AllocatorFamily<S>, heap: S, held?: HeldBlocks): void {
  const v = findFamilyViolations(family, heap, held);
  if (v.length > 0) throw v[0];
}

/** A step of a generated command list: blocks are picked by index among the held ones. */
export type FamilyStep =
  | { readonly kind: 'malloc' | 'calloc'; readonly requestBytes: number }
  | { readonly kind: 'realloc'; readonly pick: number; readonly requestBytes: number }
  | { readonly kind: 'free'; readonly pick: number };

/** Request sizes: mostly the family's domain, edges, and some for the raw allocator (0, above). */
export function familyRequestSizes(maxRequestBytes: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 1, max: maxRequestBytes }) },
    { weight: 2, arbitrary: fc.constantFrom(1, 16, 17, maxRequestBytes - 1, maxRequestBytes).filter((n) => n >= 1) },
    { weight: 1, arbitrary: fc.constantFrom(0, maxRequestBytes + 1, maxRequestBytes * 4) },
  );
}

export function familySteps(maxRequestBytes: number, maxCommands = 120): fc.Arbitrary<FamilyStep[]> {
  const size = familyRequestSizes(maxRequestBytes);
  const pick = fc.nat({ max: 1 << 16 });
  return fc.array(fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('malloc' as const), requestBytes: size }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('calloc' as const), requestBytes: size }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('realloc' as const), pick, requestBytes: size }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('free' as const), pick }) },
  ), { maxLength: maxCommands });
}

/** Turns steps into concrete commands by running them on a scratch heap (a pick with nothing held becomes a malloc). */
export function familyCommandsOf<S extends RoutedHeap>(family: AllocatorFamily<S>, config: AllocatorConfig, steps: readonly FamilyStep[]): AllocatorCommand[] {
  const heap = family.initialState(config);
  const held: number[] = [];
  const out: AllocatorCommand[] = [];
  for (const st of steps) {
    let c: AllocatorCommand;
    if (st.kind === 'malloc' || st.kind === 'calloc' || held.length === 0) {
      const n = st.kind === 'free' ? 1 : st.requestBytes;
      c = { type: st.kind === 'calloc' ? 'Calloc' : 'Malloc', requestBytes: n };
      held.push(executeAllocator(family, heap, c));
    } else if (st.kind === 'free' || st.kind === 'realloc') {
      const i = st.pick % held.length;
      const a = held[i]!;
      if (st.kind === 'free') {
        c = { type: 'Free', address: a as never };
        executeAllocator(family, heap, c);
        held.splice(i, 1);
      } else {
        c = { type: 'Realloc', address: a as never, requestBytes: st.requestBytes };
        held[i] = executeAllocator(family, heap, c);
      }
    } else continue;
    out.push(c);
  }
  return out;
}

/** Valid command lists for `family` under `config`. */
export function familyCommands<S extends RoutedHeap>(family: AllocatorFamily<S>, config: AllocatorConfig = {}, maxCommands = 120): fc.Arbitrary<AllocatorCommand[]> {
  const probe = family.initialState(config);
  return familySteps(probe.maxRequestBytes, maxCommands).map((steps) => familyCommandsOf(family, config, steps));
}

// --- model-based commands ------------------------------------------------------------

interface Real<S extends RoutedHeap> { readonly family: AllocatorFamily<S>; readonly heap: S }
interface Model { readonly held: HeldBlocks; readonly order: number[]; readonly freed: number[] }

class MallocCmd<S extends RoutedHeap> implements fc.Command<Model, Real<S>> {
  constructor(readonly requestBytes: number) {}
  check(): boolean { return true; }
  run(m: Model, r: Real<S>): void {
    const a = allocatorMalloc(r.family, r.heap, this.requestBytes);
    if (m.held.has(a)) throw new FamilyInvariantViolation('noOverlap', `malloc(${this.requestBytes}) returned ${hex(a)}, which the caller already holds`);
    m.held.set(a, this.requestBytes);
    m.order.push(a);
    checkFamilyInvariants(r.family, r.heap, m.held);
  }
  toString(): string { return `malloc(${this.requestBytes})`; }
}

class FreeCmd<S extends RoutedHeap> implements fc.Command<Model, Real<S>> {
  constructor(readonly pick: number) {}
  check(m: Readonly<Model>): boolean { return m.order.length > 0; }
  run(m: Model, r: Real<S>): void {
    const i = this.pick % m.order.length;
    const a = m.order[i]!;
    const n = m.held.get(a)!;
    const mappedBefore = r.heap.mappedBytes;
    allocatorFree(r.family, r.heap, a);
    m.held.delete(a);
    m.order.splice(i, 1);
    m.freed.push(a);
    checkFamilyInvariants(r.family, r.heap, m.held);
    // A freed block is reusable: the same request again needs no more mapped memory.
    const probe = r.family.clone(r.heap);
    allocatorMalloc(r.family, probe, n);
    if (probe.mappedBytes > mappedBefore) {
      throw new FamilyInvariantViolation('reuse', `after free(${hex(a)}) of ${n} B, malloc(${n}) mapped ${probe.mappedBytes - mappedBefore} more bytes than were mapped before the free (the freed block was not reused)`);
    }
  }
  toString(): string { return `free(#${this.pick})`; }
}

class ReallocCmd<S extends RoutedHeap> implements fc.Command<Model, Real<S>> {
  constructor(readonly pick: number, readonly requestBytes: number) {}
  check(m: Readonly<Model>): boolean { return m.order.length > 0; }
  run(m: Model, r: Real<S>): void {
    const i = this.pick % m.order.length;
    const a = m.order[i]!;
    const b = allocatorRealloc(r.family, r.heap, a, this.requestBytes);
    m.held.delete(a);
    if (m.held.has(b)) throw new FamilyInvariantViolation('noOverlap', `realloc returned ${hex(b)}, which the caller already holds`);
    m.held.set(b, this.requestBytes);
    m.order[i] = b;
    checkFamilyInvariants(r.family, r.heap, m.held);
    const n = this.requestBytes;
    if (n >= 1 && n <= r.heap.maxRequestBytes && r.family.usableBytes(r.heap, b) < n) {
      throw new FamilyInvariantViolation('accounting', `realloc(${hex(a)}, ${n}) gave a block of ${r.family.usableBytes(r.heap, b)} usable bytes`);
    }
  }
  toString(): string { return `realloc(#${this.pick}, ${this.requestBytes})`; }
}

type BadFreeKind = 'double' | 'interior' | 'wild';

class BadFreeCmd<S extends RoutedHeap> implements fc.Command<Model, Real<S>> {
  constructor(readonly kind: BadFreeKind, readonly pick: number) {}
  check(): boolean { return true; }
  run(m: Model, r: Real<S>): void {
    let a: number;
    const own = m.order.filter((x) => r.heap.requestAt(x) > 0);
    if (this.kind === 'interior' && own.length > 0) a = own[this.pick % own.length]! + r.heap.alignmentBytes;
    else if (this.kind === 'double' && m.freed.length > 0) a = m.freed[this.pick % m.freed.length]!;
    else a = 0x10 + this.pick * 16;
    if (m.held.has(a)) return;
    const before = r.family.clone(r.heap);
    let refused = false;
    try {
      allocatorFree(r.family, r.heap, a);
    } catch (e) {
      if (!(e instanceof AllocatorError)) throw e;
      refused = true;
    }
    if (!refused) throw new FamilyInvariantViolation('refusal', `free(${hex(a)}) of an address the caller does not hold was accepted`);
    const d = r.family.diff(before, r.heap);
    if (d !== null) throw new FamilyInvariantViolation('refusal', `a refused free(${hex(a)}) changed the heap: ${d}`);
  }
  toString(): string { return `badFree(${this.kind}, #${this.pick})`; }
}

/**
 * A request no allocator can serve: a size that is not a byte count (INVALID_SIZE), or one
 * so large that the raw stand-in would run into the regions (OUT_OF_ADDRESS_SPACE). Both
 * are refused and change nothing.
 */
class BadMallocCmd<S extends RoutedHeap> implements fc.Command<Model, Real<S>> {
  constructor(readonly requestBytes: number) {}
  check(): boolean { return true; }
  run(_m: Model, r: Real<S>): void {
    const before = r.family.clone(r.heap);
    let refused = false;
    try {
      allocatorMalloc(r.family, r.heap, this.requestBytes);
    } catch (e) {
      if (!(e instanceof AllocatorError)) throw e;
      refused = true;
    }
    if (!refused) throw new FamilyInvariantViolation('refusal', `malloc(${this.requestBytes}) was accepted`);
    const d = r.family.diff(before, r.heap);
    if (d !== null) throw new FamilyInvariantViolation('refusal', `a refused malloc(${this.requestBytes}) changed the heap: ${d}`);
  }
  toString(): string { return `badMalloc(${this.requestBytes})`; }
}

/** The model commands, for `fc.commands`. */
export function familyModelCommands<S extends RoutedHeap>(maxRequestBytes: number): fc.Arbitrary<fc.Command<Model, Real<S>>>[] {
  const size = familyRequestSizes(maxRequestBytes);
  const pick = fc.nat({ max: 1 << 16 });
  return [
    size.map((n) => new MallocCmd<S>(n)),
    size.map((n) => new MallocCmd<S>(n)),
    pick.map((p) => new FreeCmd<S>(p)),
    pick.map((p) => new FreeCmd<S>(p)),
    fc.tuple(pick, size).map(([p, n]) => new ReallocCmd<S>(p, n)),
    fc.tuple(fc.constantFrom<BadFreeKind>('double', 'interior', 'wild'), pick).map(([k, p]) => new BadFreeCmd<S>(k, p)),
    fc.constantFrom(-1, 1.5, Number.NaN, 2 ** 47, 2 ** 48, 2 ** 48 + 16).map((n) => new BadMallocCmd<S>(n)),
  ];
}

export interface FamilyPropertyOptions extends ContractParameters {
  /** The family's configuration (small regions reach map/unmap sooner). */
  readonly config?: AllocatorConfig;
  readonly maxCommands?: number;
  /** Which properties to run (default all). */
  readonly only?: readonly ('model' | 'decider' | 'deterministic')[];
}

/** The events of `commands` run on a fresh heap, and the heap. */
export function recordFamilyRun<S extends RoutedHeap>(family: AllocatorFamily<S>, config: AllocatorConfig, commands: readonly AllocatorCommand[]): { heap: S; events: AllocatorEvent[] } {
  const heap = family.initialState(config);
  const events: AllocatorEvent[] = [];
  for (const c of commands) executeAllocator(family, heap, c, (e) => events.push(e));
  return { heap, events };
}

/**
 * Runs every property above against `family` (fast-check, fixed seed: PYMM_SEED or
 * 20261127; `numRuns` default 100). Throws with fast-check's counterexample when one fails.
 */
export function assertFamilyProperties<S extends RoutedHeap>(family: AllocatorFamily<S>, options: FamilyPropertyOptions = {}): void {
  const config = options.config ?? {};
  const probe = family.initialState(config);
  const params = { ...options, seed: options.seed ?? contractSeed(), numRuns: options.numRuns ?? 100, includeErrorInReport: true };
  delete (params as { config?: unknown }).config;
  delete (params as { only?: unknown }).only;
  delete (params as { maxCommands?: unknown }).maxCommands;
  const only = new Set(options.only ?? ['model', 'decider', 'deterministic']);
  if (only.has('model')) {
    fc.assert(fc.property(fc.commands(familyModelCommands<S>(probe.maxRequestBytes), { maxCommands: options.maxCommands ?? 120, size: 'medium' }), (cmds) => {
      const real: Real<S> = { family, heap: family.initialState(config) };
      fc.modelRun(() => ({ model: { held: new Map(), order: [], freed: [] }, real }), cmds);
    }), params);
  }
  const lists = familyCommands(family, config, options.maxCommands ?? 120);
  if (only.has('decider')) {
    fc.assert(fc.property(lists, (cmds) => {
      const { heap, events } = recordFamilyRun(family, config, cmds);
      let folded = family.initialState(config);
      for (const e of events) folded = evolveAllocator(family, folded, e);
      const d = family.diff(heap, folded);
      if (d !== null) throw new Error(`${family.name}: the fold of the events differs from the heap the commands built: ${d}`);
    }), params);
  }
  if (only.has('deterministic')) {
    fc.assert(fc.property(lists, (cmds) => {
      const a = recordFamilyRun(family, config, cmds), b = recordFamilyRun(family, config, cmds);
      const ja = JSON.stringify(a.events), jb = JSON.stringify(b.events);
      if (ja !== jb) throw new Error(`${family.name}: the same commands gave different events`);
      const d = family.diff(a.heap, b.heap);
      if (d !== null) throw new Error(`${family.name}: the same commands gave different heaps: ${d}`);
    }), params);
  }
}
