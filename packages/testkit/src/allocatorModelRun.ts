/**
 * Model-based testing of the allocator: fast-check command sequences run against the
 * naive model (obmalloc's LiveBlocksModel: the set of live blocks) and the real heap, with
 * every allocator invariant (allocatorInvariants, the model's blocks as the live set)
 * checked after every command.
 */
import fc from 'fast-check';
import { initialState, type ObmallocState, type Profile } from '@pymm/obmalloc';
import { FreeCommand, LiveBlocksModel, MallocCommand, ReallocCommand, requestBytes } from '@pymm/obmalloc/testing';
import { checkAllocatorInvariants } from './allocatorInvariants.js';

export type AllocatorModelCommand = fc.Command<LiveBlocksModel, ObmallocState>;

/**
 * Model commands (fc.commands of MallocCommand, Calloc, FreeCommand, ReallocCommand) with
 * obmalloc's weights and request sizes, not wrapped in CheckedCommand: allocatorModelRun
 * checks the invariants itself. (obmalloc's `modelCommands` works too; its CheckedCommand
 * then checks obmalloc's invariants a second time.)
 */
export function allocatorModelCommands(profile: Profile, maxCommands = 300): fc.Arbitrary<Iterable<AllocatorModelCommand>> {
  const n = requestBytes(profile);
  const pick = fc.nat({ max: 1 << 20 });
  return fc.commands<LiveBlocksModel, ObmallocState>(
    [
      n.map((x) => new MallocCommand(x)),
      n.map((x) => new MallocCommand(x, true)),
      pick.map((p) => new FreeCommand(p)),
      pick.map((p) => new FreeCommand(p)),
      fc.tuple(pick, n).map(([p, x]) => new ReallocCommand(p, x)),
    ],
    { maxCommands, size: 'max' },
  );
}

/** Runs a command, then every allocator invariant against the model's live blocks. */
class InvariantsAfter implements AllocatorModelCommand {
  constructor(readonly inner: AllocatorModelCommand) {}
  check(model: Readonly<LiveBlocksModel>): boolean {
    return this.inner.check(model);
  }
  run(model: LiveBlocksModel, real: ObmallocState): void {
    this.inner.run(model, real);
    checkAllocatorInvariants(real, model.blocks, `after ${this.inner.toString()}`);
  }
  toString(): string {
    return this.inner.toString();
  }
}

function* checkedEach(cmds: Iterable<AllocatorModelCommand>): Generator<AllocatorModelCommand> {
  for (const c of cmds) yield new InvariantsAfter(c);
}

/**
 * fc.modelRun from an empty LiveBlocksModel and a fresh heap of `profile`; after every
 * command that runs, every allocator invariant must hold (it throws
 * AllocatorInvariantViolation naming the command otherwise). Use inside fc.property:
 *
 *   fc.assert(fc.property(allocatorModelCommands(tiny), (cmds) => allocatorModelRun(tiny, cmds)));
 */
export function allocatorModelRun(profile: Profile, cmds: Iterable<AllocatorModelCommand>): void {
  fc.modelRun(() => ({ model: new LiveBlocksModel(), real: initialState({ profile }) }), checkedEach(cmds));
}
