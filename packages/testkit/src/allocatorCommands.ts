/**
 * Arbitraries of *valid* concrete allocator command sequences, for users' own property
 * tests of the allocator.
 *
 * How a sequence is made (eager materialisation of plans):
 *
 *   allocatorPlans     an AllocatorPlan: steps that name blocks by their index in the list
 *                      of live blocks (obmalloc's CommandPlan steps), plus `fill` / `drain`
 *                      steps for arena churn. This is what fast-check generates and shrinks.
 *   expandPlan         fill / drain steps become plain malloc / free steps (a CommandPlan).
 *   materializePlan    obmalloc's `planCommands` runs the CommandPlan against a scratch heap
 *                      and returns the concrete commands (Free and Realloc name real
 *                      addresses; arena bases and raw addresses are left to the
 *                      deterministic stand-ins, so a fresh heap replays them exactly).
 *
 * `allocatorCommands` = allocatorPlans(...).map(materializePlan): the scratch heap runs once
 * per generated (or shrunk) value, inside `map`. Shrinking works on the plan, and every
 * shrunk plan materialises to a valid sequence again (a pick is taken modulo the number
 * of live blocks; a free with nothing live becomes a malloc), so counterexamples stay
 * valid and get short.
 *
 *   step      expands to                                   why
 *   malloc    Malloc(requestBytes)                         sizes: every class, or a few hot ones
 *   calloc    Calloc(requestBytes)
 *   free      Free(live[pick % live])
 *   realloc   Realloc(live[pick % live], requestBytes)     in place or moved (CPython's rule)
 *   fill      arenas * pools-per-arena * NUMBLOCKS(c)      maps fresh arenas and fills them
 *             mallocs of class c's block size
 *   drain     a free of every block of the newest          empties whole pools and arenas:
 *             undrained fill still live, FIFO, LIFO or     PoolFreed, ArenaFreed, mmap reuse
 *             shuffled
 */
import fc from 'fast-check';
import { execute, geometryOf, initialState, type ObmallocCommand, type Profile } from '@pymm/obmalloc';
import { planCommands, requestBytes, type CommandPlan } from '@pymm/obmalloc/testing';

/** A step of obmalloc's CommandPlan: block picks are indices into the live list. */
export type BasicPlanStep = CommandPlan[number];

/** Allocate enough blocks of size class `sizeIndex` to fill `arenas` whole arenas. */
export interface FillStep {
  readonly kind: 'fill';
  readonly sizeIndex: number;
  readonly arenas: number;
}

/** Free every still-live block of the newest undrained fill; `order` picks FIFO, LIFO or a shuffle. */
export interface DrainStep {
  readonly kind: 'drain';
  readonly order: number;
}

export type AllocatorPlanStep = BasicPlanStep | FillStep | DrainStep;
/** A CommandPlan is an AllocatorPlan without fill and drain steps. */
export type AllocatorPlan = readonly AllocatorPlanStep[];

export interface ArenaChurnOptions {
  /** Most arenas one fill step fills (default 2). */
  readonly maxArenas?: number;
  /**
   * Most blocks one fill step allocates (default 4096). Classes whose arena holds more
   * blocks than this are never filled (on cpython-3.11: classes below 256 bytes).
   */
  readonly maxBurstBlocks?: number;
}

export interface AllocatorCommandsOptions {
  /** Most plan steps (default 100). A fill or drain step counts as one, whatever it expands to. */
  readonly maxCommands?: number;
  /**
   * Bias towards a few hot size classes: this many classes, chosen per generated value,
   * get four requests in five (default 0: sizes spread over every class as obmalloc's
   * `requestBytes` spreads them). Few classes fill and empty pools quickly.
   */
  readonly hotClasses?: number;
  /** Add fill and drain steps (one in eight steps each): arenas are mapped, filled, emptied and given back. Default false. */
  readonly arenaChurn?: boolean | ArenaChurnOptions;
  /** Include requests the raw allocator serves: 0 bytes and above the small-request threshold (default true, one request in ten). */
  readonly raw?: boolean;
}

/**
 * Request sizes (bytes): obmalloc's `requestBytes` (mostly 1 .. threshold, some at the
 * edges 1, ALIGNMENT and threshold, one in ten 0 or above the threshold: the raw
 * allocator); with `raw: false`, its small part only.
 */
export function requestSizes(profile: Profile, options: { readonly raw?: boolean } = {}): fc.Arbitrary<number> {
  if (options.raw !== false) return requestBytes(profile);
  const t = profile.smallRequestThresholdBytes;
  return fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: 1, max: t }) },
    { weight: 6, arbitrary: fc.constantFrom(1, profile.alignmentBytes, t) },
  );
}

/** A request size that is either concrete or "hot class slot k, byte j of that class" (resolved per value). */
type SizeChoice = { readonly bytes: number } | { readonly hot: number; readonly within: number };

function churnOptions(option: AllocatorCommandsOptions['arenaChurn']): Required<ArenaChurnOptions> | null {
  if (!option) return null;
  const o = option === true ? {} : option;
  return { maxArenas: o.maxArenas ?? 2, maxBurstBlocks: o.maxBurstBlocks ?? 4096 };
}

/** Blocks of class `sizeIndex` that fill one whole (pool-aligned) arena. */
function blocksPerArena(profile: Profile, sizeIndex: number): number {
  const g = geometryOf(profile);
  return g.maxPoolsInArena * g.blocksPerPool[sizeIndex];
}

/**
 * The classes a fill step may use (an arena of them holds at most `maxBurstBlocks`
 * blocks), fewest blocks per arena first: fill steps shrink towards the shortest bursts.
 */
function fillableClasses(profile: Profile, churn: Required<ArenaChurnOptions>): number[] {
  const g = geometryOf(profile);
  const out: number[] = [];
  for (let c = 0; c < g.nClasses; c++) if (blocksPerArena(profile, c) <= churn.maxBurstBlocks) out.push(c);
  if (out.length === 0) {
    throw new RangeError(`arenaChurn: no size class of profile ${profile.name} fills an arena with at most ${churn.maxBurstBlocks} blocks`);
  }
  return out.sort((a, b) => blocksPerArena(profile, a) - blocksPerArena(profile, b) || b - a);
}

/**
 * Plans (see the module comment): what `allocatorCommands` generates and shrinks. Request
 * sizes are concrete numbers; fill steps are clamped so a burst holds at most
 * `maxBurstBlocks` blocks.
 */
export function allocatorPlans(profile: Profile, options: AllocatorCommandsOptions = {}): fc.Arbitrary<AllocatorPlan> {
  const g = geometryOf(profile);
  const maxLength = options.maxCommands ?? 100;
  const hotCount = Math.max(0, Math.min(g.nClasses, options.hotClasses ?? 0));
  const churn = churnOptions(options.arenaChurn);
  const align = profile.alignmentBytes;

  const any = requestSizes(profile, options).map((bytes): SizeChoice => ({ bytes }));
  const size: fc.Arbitrary<SizeChoice> = hotCount === 0
    ? any
    : fc.oneof(
      { weight: 4, arbitrary: fc.record({ hot: fc.nat({ max: hotCount - 1 }), within: fc.nat({ max: align - 1 }) }) },
      { weight: 1, arbitrary: any },
    );
  const pick = fc.nat({ max: 1 << 20 });
  type RawStep = { kind: 'malloc' | 'calloc' | 'free' | 'realloc'; pick: number; size: SizeChoice } | FillStep | DrainStep;
  const basic = fc.record({
    kind: fc.constantFrom<'malloc' | 'calloc' | 'free' | 'realloc'>('malloc', 'malloc', 'calloc', 'free', 'free', 'realloc'),
    pick,
    size,
  });
  const steps: fc.Arbitrary<RawStep>[] = [basic];
  let weights = [6];
  if (churn !== null) {
    const classes = fillableClasses(profile, churn);
    const fill = fc.record({
      kind: fc.constant<'fill'>('fill'),
      sizeIndex: fc.constantFrom(...classes),
      arenas: fc.integer({ min: 1, max: Math.max(1, churn.maxArenas) }),
    }).map((f): FillStep => ({ ...f, arenas: Math.max(1, Math.min(f.arenas, Math.floor(churn.maxBurstBlocks / blocksPerArena(profile, f.sizeIndex)))) }));
    const drain = fc.record({ kind: fc.constant<'drain'>('drain'), order: fc.nat({ max: 1 << 20 }) });
    steps.push(fill, drain);
    weights = [6, 1, 1];
  }
  const step = steps.length === 1 ? steps[0] : fc.oneof(...steps.map((arbitrary, i) => ({ weight: weights[i], arbitrary })));
  const hotSet = hotCount === 0
    ? fc.constant<number[]>([])
    : fc.uniqueArray(fc.nat({ max: g.nClasses - 1 }), { minLength: hotCount, maxLength: hotCount });

  return fc.tuple(hotSet, fc.array(step, { maxLength, size: 'max' })).map(([hot, raw]) =>
    raw.map((s): AllocatorPlanStep => {
      if (s.kind === 'fill' || s.kind === 'drain') return s;
      const c = s.size;
      const requestBytes = 'bytes' in c ? c.bytes : hot[c.hot] * align + 1 + c.within;
      return { kind: s.kind, pick: s.pick, requestBytes };
    }),
  );
}

/** A small deterministic generator (LCG) for drain orders: plans stay plain data. */
function shuffled<T>(items: T[], seed: number): T[] {
  let x = (seed * 2654435761 + 1) >>> 0;
  for (let i = items.length - 1; i > 0; i--) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const j = x % (i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Turns fill and drain steps into malloc and free steps, keeping the live-list semantics
 * of obmalloc's `planCommands` (malloc appends; free removes index `pick % live`; realloc
 * keeps the index; free or realloc with nothing live is a malloc), which it simulates with
 * block ids to know where each filled block sits when the drain frees it.
 */
export function expandPlan(profile: Profile, plan: AllocatorPlan): CommandPlan {
  const g = geometryOf(profile);
  const out: BasicPlanStep[] = [];
  const live: number[] = [];
  const bursts: number[][] = [];
  let nextId = 0;
  for (const step of plan) {
    switch (step.kind) {
      case 'malloc':
      case 'calloc':
        out.push(step);
        live.push(nextId++);
        break;
      case 'free':
      case 'realloc':
        out.push(step);
        if (live.length === 0) live.push(nextId++);
        else if (step.kind === 'free') live.splice(step.pick % live.length, 1);
        break;
      case 'fill': {
        const n = step.arenas * g.maxPoolsInArena * g.blocksPerPool[step.sizeIndex];
        const ids: number[] = [];
        for (let k = 0; k < n; k++) {
          out.push({ kind: 'malloc', pick: 0, requestBytes: g.blockSizeBytes[step.sizeIndex] });
          ids.push(nextId);
          live.push(nextId++);
        }
        bursts.push(ids);
        break;
      }
      case 'drain': {
        const burst = bursts.pop();
        if (burst === undefined) break;
        const alive = new Set(live);
        let ids = burst.filter((id) => alive.has(id));
        const how = step.order % 3;
        if (how === 1) ids.reverse();
        else if (how === 2) ids = shuffled(ids, step.order);
        for (const id of ids) {
          const i = live.lastIndexOf(id);
          out.push({ kind: 'free', pick: i, requestBytes: 0 });
          live.splice(i, 1);
        }
        break;
      }
      default: {
        const never: never = step;
        throw new TypeError(`unknown plan step ${JSON.stringify(never)}`);
      }
    }
  }
  return out;
}

/** The concrete commands of a plan: expands it, then runs it on a scratch heap of `profile` (obmalloc's planCommands). */
export function materializePlan(profile: Profile, plan: AllocatorPlan): ObmallocCommand[] {
  const heap = initialState({ profile });
  return [...planCommands(expandPlan(profile, plan), (c) => execute(heap, c))];
}

/**
 * Valid concrete command sequences (Malloc, Calloc, Free and Realloc of addresses returned
 * earlier): every one runs on a fresh `initialState({ profile })` without an error. See
 * the module comment for how they are made and shrunk, and AllocatorCommandsOptions for
 * the biases (hot classes, arena churn, raw requests).
 */
export function allocatorCommands(profile: Profile, options: AllocatorCommandsOptions = {}): fc.Arbitrary<ObmallocCommand[]> {
  return allocatorPlans(profile, options).map((plan) => materializePlan(profile, plan));
}
