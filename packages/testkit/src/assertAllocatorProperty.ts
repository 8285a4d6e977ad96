/**
 * Failing properties become replayable logs.
 *
 * `assertAllocatorProperty` runs a property over allocator command sequences with a fixed
 * seed (PYMM_SEED, default 20261127). When it fails, fast-check shrinks the sequence; the
 * shrunk counterexample is executed on a fresh heap with obmalloc's executeRecorded (up to
 * the first command the allocator rejects) and written as a .pymmlog:
 *
 *   <counterexampleDir>/<property-name>.seed<seed>.pymmlog
 *   counterexampleDir = options.counterexampleDir ?? $PYMM_COUNTEREXAMPLE_DIR ?? <tmpdir>/pymm-counterexamples
 *   header            obmallocLogHeader(profile.name, 'testkit:<name> seed=<seed> path=<path>', seed)
 *
 * The thrown CounterexampleFailure keeps fast-check's report (seed, path, counterexample,
 * the predicate's error) and adds where the property failed and the line
 *
 *   counterexample log: FILE (open it with: pymm show FILE --at SEQ, pymm verify FILE)
 *
 * where SEQ is the last record of the command the predicate was looking at when it
 * failed (found by running the predicate once more on the counterexample).
 *
 * `assertWithCounterexampleLog` does the same for any fast-check property whose
 * counterexample holds allocator commands (say, commands plus other generated values).
 */
import fc from 'fast-check';
import { contractSeed, type ContractParameters } from '@pymm/eventlog/testing';
import type { ObmallocCommand, Profile } from '@pymm/obmalloc';
import { allocatorCommands } from './allocatorCommands.js';
import { AllocatorRun } from './AllocatorRun.js';
import { describeRejection, writeCounterexampleLog, type CounterexampleLog } from './counterexampleLog.js';

export interface AllocatorProperty {
  /** Names the property in the report, in the log header and in the log's file name. */
  readonly name: string;
  readonly profile: Profile;
  /**
   * The command sequences (default allocatorCommands(profile)). They may hold commands the
   * allocator rejects; the log then stops before the first of them.
   */
  readonly commands?: fc.Arbitrary<readonly ObmallocCommand[]>;
  /**
   * Fails by returning false or throwing. `run.steps()` executes the commands on a fresh
   * heap, yielding each command's result, events and the heap after it.
   */
  readonly predicate: (run: AllocatorRun) => boolean | void;
}

export interface CounterexampleOptions extends ContractParameters {
  /** Where the log goes (default $PYMM_COUNTEREXAMPLE_DIR, else <tmpdir>/pymm-counterexamples). */
  readonly counterexampleDir?: string;
}

export interface CounterexampleLogSpec<Ts> {
  /** Names the property in the report, in the log header and in the log's file name. */
  readonly name: string;
  readonly profile: Profile;
  /** The allocator commands a counterexample holds: what the log records. */
  readonly commandsOf: (counterexample: Ts) => readonly ObmallocCommand[];
  /**
   * The index of the command at which the property failed (-1: before the first), or null
   * when unknown; the report points `pymm show --at` at its last record. Default: the last
   * command.
   */
  readonly failedAt?: (counterexample: Ts) => number | null;
}

/** The error a failing property throws: fast-check's report plus the counterexample log. */
export class CounterexampleFailure<Ts = unknown> extends Error {
  override readonly name = 'CounterexampleFailure';
  constructor(
    message: string,
    readonly propertyName: string,
    /** The seed and fast-check path that reproduce the failure: pass both back as options to replay it. */
    readonly seed: number,
    readonly counterexamplePath: string | null,
    /** The shrunk counterexample (the property's arguments), or null when the run was interrupted. */
    readonly counterexample: Ts | null,
    /** Its allocator commands. */
    readonly commands: readonly ObmallocCommand[],
    /** The written log, or null (no counterexample, or writing failed: see `logError`). */
    readonly log: CounterexampleLog | null,
    readonly logError: unknown,
    /** The seq `pymm show --at` should open (the state right after the failing command), or null. */
    readonly failedAtSeq: number | null,
    cause: unknown,
  ) {
    super(message, { cause });
  }
  /** The .pymmlog path, or null. */
  get logPath(): string | null {
    return this.log?.path ?? null;
  }
}

const shellWord = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * Asserts a fast-check property (synchronous) with the PYMM_SEED seed; on failure writes
 * the shrunk counterexample's commands as a .pymmlog and throws CounterexampleFailure.
 */
export function assertWithCounterexampleLog<Ts extends [unknown, ...unknown[]]>(
  property: fc.IProperty<Ts>,
  spec: CounterexampleLogSpec<Ts>,
  options: CounterexampleOptions = {},
): void {
  const { counterexampleDir: dir, ...params } = options;
  const details = fc.check(property, { includeErrorInReport: true, ...(params as fc.Parameters<Ts>), seed: params.seed ?? contractSeed() });
  if (!details.failed) return;
  const report = fc.defaultReportMessage(details);
  const lines = [report];
  const counterexample = details.counterexample;
  let commands: readonly ObmallocCommand[] = [];
  let log: CounterexampleLog | null = null;
  let logError: unknown = null;
  let failedAtSeq: number | null = null;
  if (counterexample !== null) {
    commands = spec.commandsOf(counterexample);
    try {
      log = writeCounterexampleLog({
        propertyName: spec.name, profile: spec.profile, commands, seed: details.seed, counterexamplePath: details.counterexamplePath ?? '', dir,
      });
    } catch (e) {
      logError = e;
    }
    if (log !== null) {
      const recorded = log.commandSeqs.length;
      const lastRecord = log.records.length - 1;
      let at = spec.failedAt?.(counterexample) ?? null;
      if (at !== null && at >= recorded) at = null;
      failedAtSeq = at === null ? lastRecord : at < 0 ? -1 : (at + 1 < recorded ? log.commandSeqs[at + 1] : log.records.length) - 1;
      const rejected = describeRejection(log.rejected, commands);
      if (rejected !== null) lines.push(rejected);
      if (at !== null) {
        lines.push(at < 0
          ? 'the property failed before the first command'
          : `the property failed at command ${at} (seq ${log.commandSeqs[at]}): ${JSON.stringify(commands[at])}`);
      }
      const f = shellWord(log.path);
      lines.push(`counterexample log: ${log.path} (open it with: pymm show ${f} --at ${failedAtSeq}, pymm verify ${f})`);
    } else {
      lines.push(`counterexample log: not written (${logError instanceof Error ? logError.message : String(logError)})`);
    }
  }
  throw new CounterexampleFailure<Ts>(
    lines.join('\n'), spec.name, details.seed, details.counterexamplePath, counterexample, commands, log, logError, failedAtSeq, details.errorInstance,
  );
}

/** Re-runs the predicate on the counterexample to learn which step it had reached when it failed. */
function failingStep(property: AllocatorProperty, commands: readonly ObmallocCommand[]): number | null {
  const run = new AllocatorRun(property.profile, commands);
  let failed = false;
  try {
    failed = property.predicate(run) === false;
  } catch {
    failed = true;
  }
  return failed ? run.lastStep : null;
}

/**
 * Asserts an allocator property over command sequences (see the module comment): fixed
 * seed, shrinking, and on failure a .pymmlog of the shrunk counterexample and a
 * CounterexampleFailure whose message says how to open it.
 */
export function assertAllocatorProperty(property: AllocatorProperty, options: CounterexampleOptions = {}): void {
  const commands = property.commands ?? allocatorCommands(property.profile);
  assertWithCounterexampleLog(
    fc.property(commands, (cmds) => property.predicate(new AllocatorRun(property.profile, cmds))),
    {
      name: property.name,
      profile: property.profile,
      commandsOf: ([cmds]) => cmds,
      failedAt: ([cmds]) => failingStep(property, cmds),
    },
    options,
  );
}
