/**
 * Time travel over any allocator's replay of a trace: the timeline of a ReplayTarget
 * (pymalloc, or any family of @pymm/allocators, or yours) over a trace's handle calls.
 *
 *   position p      the heap after the first p calls (0: a fresh heap)
 *   seek(p)         from the nearest checkpoint at or before p (or from the current
 *                   position when that is nearer), replay forward
 *   stepForward     call p + 1, with its events
 *   stepBack        seek(p - 1)
 *   checkpoints     a snapshot of the heap each `checkpointEvery` calls, taken the first
 *                   time a replay passes there
 *   addresses       addr[handle] = the address this allocator gave trace block `handle`;
 *                   written once, when the block is allocated, and identical on every
 *                   replay (the allocators are deterministic), so one array serves every
 *                   position: a block's address is read only at positions after its
 *                   allocation
 *
 * Two timelines of different allocators over the same calls, at the same position, are
 * compared with `diffAt`: the figures side by side, and where each put the blocks the
 * trace holds live there.
 */
import type { ReplayTarget, TargetFigures } from '@pymm/allocators';
import type { HandleCalls } from '@pymm/obmalloc/trace';

export interface ReplayTimelineOptions {
  /** Calls between checkpoints (default max(65536, calls / 16)). */
  readonly checkpointEvery?: number;
}

export class ReplayTimelineError extends Error {
  override readonly name = 'ReplayTimelineError';
}

export class ReplayTimeline {
  readonly addr: Float64Array;
  readonly checkpointEvery: number;
  private readonly checkpoints = new Map<number, unknown>();
  private pos = 0;

  constructor(readonly target: ReplayTarget, readonly calls: HandleCalls, options: ReplayTimelineOptions = {}) {
    this.addr = new Float64Array(calls.handles);
    this.checkpointEvery = Math.max(1, Math.floor(options.checkpointEvery ?? Math.max(65536, Math.ceil(calls.count / 16))));
    target.reset();
    this.checkpoints.set(0, target.snapshot());
  }

  get position(): number {
    return this.pos;
  }

  get length(): number {
    return this.calls.count;
  }

  private forward(to: number): void {
    const k = this.checkpointEvery;
    while (this.pos < to) {
      const next = Math.min(to, (Math.floor(this.pos / k) + 1) * k);
      this.target.run(this.calls, this.pos, next, this.addr);
      this.pos = next;
      if (next % k === 0 && !this.checkpoints.has(next)) this.checkpoints.set(next, this.target.snapshot());
    }
  }

  /** The heap after the first `position` calls. */
  seek(position: number): void {
    if (!Number.isInteger(position) || position < 0 || position > this.calls.count) {
      throw new ReplayTimelineError(`position must be an integer from 0 to ${this.calls.count}, got ${position}`);
    }
    if (position < this.pos || position - this.pos > this.checkpointEvery) {
      let best = 0;
      for (const c of this.checkpoints.keys()) if (c <= position && c > best) best = c;
      if (position < this.pos || best > this.pos) {
        this.target.restore(this.checkpoints.get(best));
        this.pos = best;
      }
    }
    this.forward(position);
  }

  /** Replay the next call, returning its events. */
  stepForward(): { readonly type: string }[] {
    if (this.pos >= this.calls.count) throw new ReplayTimelineError(`at the end of the trace (${this.calls.count} calls)`);
    const events: { readonly type: string }[] = [];
    this.target.step(this.calls, this.pos, this.addr, (e) => events.push(e));
    this.pos += 1;
    if (this.pos % this.checkpointEvery === 0 && !this.checkpoints.has(this.pos)) this.checkpoints.set(this.pos, this.target.snapshot());
    return events;
  }

  stepBack(): void {
    if (this.pos === 0) throw new ReplayTimelineError('at the start of the trace');
    this.seek(this.pos - 1);
  }

  figures(): TargetFigures {
    return this.target.figures();
  }

  /** The address this allocator gave trace block `handle` (valid once the block was allocated). */
  addressOf(handle: number): number {
    return this.addr[handle]!;
  }
}

export interface FiguresDiff {
  readonly position: number;
  readonly a: { readonly name: string; readonly figures: TargetFigures };
  readonly b: { readonly name: string; readonly figures: TargetFigures };
  /** b - a for each figure. */
  readonly delta: Record<keyof TargetFigures, number>;
}

/** Both timelines at `position`, and how their figures differ. */
export function diffAt(a: ReplayTimeline, b: ReplayTimeline, position: number): FiguresDiff {
  if (a.calls !== b.calls) throw new ReplayTimelineError('the two timelines replay different traces');
  a.seek(position);
  b.seek(position);
  const fa = a.figures(), fb = b.figures();
  const delta = {} as Record<keyof TargetFigures, number>;
  for (const k of Object.keys(fa) as (keyof TargetFigures)[]) delta[k] = fb[k] - fa[k];
  return { position, a: { name: a.target.name, figures: fa }, b: { name: b.target.name, figures: fb }, delta };
}
