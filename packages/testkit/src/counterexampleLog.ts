/**
 * A counterexample as a .pymmlog: the commands executed on a fresh heap, each recorded
 * with the events it caused (obmalloc's executeRecorded), written through the obmalloc-v1
 * codec with a header naming the property, its seed and its fast-check path. `pymm show`,
 * `pymm history` and `pymm verify` open it like any other log.
 */
import { writeLog } from '@pymm/eventlog';
import {
  executeRecorded, initialState, ObmallocCodec, obmallocLogHeader, ObmallocError, type ObmallocCommand, type ObmallocRecord, type Profile,
} from '@pymm/obmalloc';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where counterexample logs go: the option, else PYMM_COUNTEREXAMPLE_DIR, else <tmpdir>/pymm-counterexamples. */
export function counterexampleDir(dir?: string): string {
  return dir ?? process.env.PYMM_COUNTEREXAMPLE_DIR ?? join(tmpdir(), 'pymm-counterexamples');
}

/** The file name of a property's counterexample log: its name as a slug, then the seed. */
export function counterexampleFileName(propertyName: string, seed: number): string {
  const slug = propertyName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'property';
  return `${slug}.seed${seed}.pymmlog`;
}

export interface RecordedCommands {
  readonly records: ObmallocRecord[];
  /** seq of each recorded command's record (commandSeqs[k] for command k). */
  readonly commandSeqs: number[];
  /** The first command the allocator rejected (it and the rest are not recorded), or null. */
  readonly rejected: { readonly index: number; readonly error: unknown } | null;
}

/** Executes `commands` on a fresh heap with executeRecorded, stopping at the first that throws. */
export function recordCommands(profile: Profile, commands: readonly ObmallocCommand[]): RecordedCommands {
  const heap = initialState({ profile });
  const records: ObmallocRecord[] = [];
  const commandSeqs: number[] = [];
  for (let index = 0; index < commands.length; index++) {
    const seq = records.length;
    try {
      executeRecorded(heap, commands[index], seq, records);
    } catch (error) {
      return { records, commandSeqs, rejected: { index, error } };
    }
    commandSeqs.push(seq);
  }
  return { records, commandSeqs, rejected: null };
}

export interface CounterexampleLog extends RecordedCommands {
  readonly path: string;
  /** The `source` field of the log header: `testkit:<name> seed=<seed> path=<path>`. */
  readonly source: string;
}

/**
 * Records `commands` (see recordCommands) and writes them to `<dir>/<name>.seed<seed>.pymmlog`
 * (overwriting an earlier one), creating the directory.
 */
export function writeCounterexampleLog(args: {
  readonly propertyName: string;
  readonly profile: Profile;
  readonly commands: readonly ObmallocCommand[];
  readonly seed: number;
  readonly counterexamplePath: string;
  readonly dir?: string;
}): CounterexampleLog {
  const dir = counterexampleDir(args.dir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, counterexampleFileName(args.propertyName, args.seed));
  const recorded = recordCommands(args.profile, args.commands);
  const source = `testkit:${args.propertyName} seed=${args.seed} path=${args.counterexamplePath}`;
  writeLog(path, obmallocLogHeader(args.profile.name, source, args.seed), new ObmallocCodec(args.profile), recorded.records, { overwrite: true });
  return { ...recorded, path, source };
}

/** One line about a rejected command, for reports. */
export function describeRejection(rejected: RecordedCommands['rejected'], commands: readonly ObmallocCommand[]): string | null {
  if (rejected === null) return null;
  const e = rejected.error;
  const why = e instanceof ObmallocError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
  return `command ${rejected.index} (${JSON.stringify(commands[rejected.index])}) was rejected (${why}); the log holds the ${rejected.index} command(s) before it`;
}
