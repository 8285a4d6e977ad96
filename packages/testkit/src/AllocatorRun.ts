/**
 * A command list run step by step on a fresh heap: what an allocator property's predicate
 * receives. The run remembers how far the last iteration got, so a failing property can
 * say at which command (and which log seq) it failed.
 */
import {
  execute, initialState, type Address, type ObmallocCommand, type ObmallocEvent, type ObmallocState, type Profile,
} from '@pymm/obmalloc';

export interface AllocatorStep {
  /** Index of the command in the list. */
  readonly index: number;
  readonly command: ObmallocCommand;
  /** What the call returned (0 for Free). */
  readonly result: Address;
  /** The events it caused, in order. */
  readonly events: readonly ObmallocEvent[];
  /** The heap after the command. The same object advances with the next step: clone it to keep it. */
  readonly state: ObmallocState;
}

export class AllocatorRun {
  /**
   * Index of the last step handed out by the latest `steps()` iteration: -1 when it
   * stopped before the first (its command threw), null when `steps()` never ran.
   */
  lastStep: number | null = null;

  constructor(
    readonly profile: Profile,
    readonly commands: readonly ObmallocCommand[],
  ) {}

  /**
   * Executes the commands one by one on a fresh heap, yielding after each. An invalid
   * command throws its ObmallocError out of the iteration (and fails the property).
   */
  *steps(): Generator<AllocatorStep, ObmallocState, undefined> {
    const state = initialState({ profile: this.profile });
    this.lastStep = -1;
    for (let index = 0; index < this.commands.length; index++) {
      const command = this.commands[index];
      const events: ObmallocEvent[] = [];
      const result = execute(state, command, (e) => events.push(e));
      this.lastStep = index;
      yield { index, command, result, events, state };
    }
    return state;
  }

  /** The heap after every command. */
  finalState(): ObmallocState {
    const it = this.steps();
    for (;;) {
      const r = it.next();
      if (r.done) return r.value;
    }
  }
}
