/**
 * What an obmalloc log holds: each command as it was executed, followed by the events it
 * caused. Records are numbered densely by `seq`; an event's `cause` is the seq of its
 * command. A command record carries the inputs that were used (the arena base when an
 * arena was mapped, the raw address when the raw allocator served it).
 */
import type { ObmallocCommand } from '../commands.js';
import { execute } from '../decider.js';
import type { ObmallocEvent } from '../events.js';
import type { ObmallocState } from '../state.js';

export interface CommandRecord {
  readonly kind: 'command';
  readonly command: ObmallocCommand;
}
export interface EventRecord {
  readonly kind: 'event';
  readonly cause: number;
  readonly event: ObmallocEvent;
}
export type ObmallocRecord = CommandRecord | EventRecord;

/** The command with exactly the inputs its events used. */
export function commandAsExecuted(command: ObmallocCommand, events: readonly ObmallocEvent[]): ObmallocCommand {
  if (command.type === 'Free') return { type: 'Free', address: command.address };
  let arenaBase: number | undefined;
  let rawAddress: number | undefined;
  for (const e of events) {
    if (e.type === 'ArenaAllocated') arenaBase = e.baseAddress;
    else if (e.type === 'RawAllocated' || e.type === 'RawReallocated') rawAddress = e.address;
  }
  const base = command.type === 'Realloc'
    ? { type: 'Realloc' as const, address: command.address, requestBytes: command.requestBytes }
    : { type: command.type, requestBytes: command.requestBytes };
  return {
    ...base,
    ...(arenaBase !== undefined ? { arenaBase } : {}),
    ...(rawAddress !== undefined ? { rawAddress } : {}),
  } as ObmallocCommand;
}

/**
 * Executes `command` and appends its records (the command, then its events) to `out`,
 * numbering them from `nextSeq`. Returns the command's result address. On an invalid
 * command nothing is appended and the ObmallocError propagates.
 */
export function executeRecorded(state: ObmallocState, command: ObmallocCommand, nextSeq: number, out: ObmallocRecord[]): number {
  const events: ObmallocEvent[] = [];
  const result = execute(state, command, (e) => events.push(e));
  out.push({ kind: 'command', command: commandAsExecuted(command, events) });
  for (const event of events) out.push({ kind: 'event', cause: nextSeq, event });
  return result;
}
