import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogReader, readAllRecords } from '@pymm/eventlog';
import { contractSeed } from '@pymm/eventlog/testing';
import {
  allocatedBlocks, commandAsExecuted, execute, initialState, ObmallocCodec, obmallocLogHeader, tiny, type Address,
  type ObmallocCommand, type ObmallocEvent, type ObmallocRecord,
} from '@pymm/obmalloc';
import {
  allocatorCommands, assertAllocatorProperty, assertWithCounterexampleLog, counterexampleDir, counterexampleFileName,
  CounterexampleFailure, type AllocatorProperty,
} from './index.js';

const seed = contractSeed();
const root = fileURLToPath(new URL('../../../', import.meta.url));
const dirs: string[] = [];
const freshDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'pymm-testkit-'));
  dirs.push(d);
  return d;
};

beforeAll(() => {
  // The root test script builds the CLI first; build it here when run on its own.
  if (!existsSync(join(root, 'apps/cli/dist/main.js'))) {
    const r = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-b', 'apps/cli'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`building the CLI failed:\n${r.stdout}${r.stderr}`);
  }
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function pymm(...args: string[]) {
  return spawnSync(process.execPath, [join(root, 'apps/cli/bin/pymm.mjs'), ...args], { cwd: root, encoding: 'utf8' });
}

function failureOf(f: () => void): CounterexampleFailure<[readonly ObmallocCommand[]]> {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CounterexampleFailure);
    return e as CounterexampleFailure<[readonly ObmallocCommand[]]>;
  }
  throw new Error('the property did not fail');
}

/** The records the commands make, computed without the testkit: execute, then command-as-executed and its events. */
function expectedRecords(cmds: readonly ObmallocCommand[]): ObmallocRecord[] {
  const state = initialState({ profile: tiny });
  const out: ObmallocRecord[] = [];
  for (const c of cmds) {
    const events: ObmallocEvent[] = [];
    execute(state, c, (e) => events.push(e));
    const cause = out.length;
    out.push({ kind: 'command', command: commandAsExecuted(c, events) });
    for (const event of events) out.push({ kind: 'event', cause, event });
  }
  return out;
}

const strip = (c: ObmallocCommand) => {
  const { arenaBase: _a, rawAddress: _r, ...rest } = c as ObmallocCommand & { arenaBase?: number; rawAddress?: number };
  return rest;
};

/** Opens the log, checks its header and that its records are exactly `cmds` with their events. */
function checkLog(path: string, name: string, failure: CounterexampleFailure<unknown>, cmds: readonly ObmallocCommand[]): ObmallocRecord[] {
  const reader = LogReader.open(path);
  try {
    expect(reader.recovered).toBeNull();
    expect(reader.header).toEqual(obmallocLogHeader('tiny', `testkit:${name} seed=${failure.seed} path=${failure.counterexamplePath}`, failure.seed));
    const records = readAllRecords(reader, new ObmallocCodec(tiny));
    expect(records).toEqual(expectedRecords(cmds));
    expect(records.flatMap((r) => (r.kind === 'command' ? [strip(r.command)] : []))).toEqual(cmds.map(strip));
    return records;
  } finally {
    reader.close();
  }
}

function checkCli(path: string, atSeq: number): void {
  const verify = pymm('verify', path);
  expect(verify.stderr).toBe('');
  expect(verify.status).toBe(0);
  expect(verify.stdout).toMatch(/^ok: .*every checksum and every event matches the model/);
  const show = pymm('show', path, '--at', String(atSeq), '--quiet');
  expect(show.stderr).toBe('');
  expect(show.status).toBe(0);
}

const noFullPool: AllocatorProperty = {
  name: 'no pool ever becomes full',
  profile: tiny,
  predicate: (run) => {
    for (const step of run.steps()) if (step.events.some((e) => e.type === 'PoolFull')) return false;
  },
};

describe('assertAllocatorProperty', () => {
  it('a true property passes and leaves no log', () => {
    const dir = freshDir();
    assertAllocatorProperty(
      {
        name: 'every pymalloc block is 16-byte aligned',
        profile: tiny,
        commands: allocatorCommands(tiny, { arenaChurn: true }),
        predicate: (run) => {
          for (const { result, command } of run.steps()) {
            if (command.type !== 'Free' && command.requestBytes >= 1 && command.requestBytes <= 64 && result % 16 !== 0) return false;
          }
        },
      },
      { counterexampleDir: dir, numRuns: 60 },
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('"no pool ever becomes full" (tiny) fails, shrinks to three 64-byte-class mallocs, and leaves a log the CLI verifies', () => {
    const dir = freshDir();
    const failure = failureOf(() => assertAllocatorProperty(noFullPool, { counterexampleDir: dir }));
    const [cmds] = failure.counterexample!;
    // shrunk: the least that fills a pool is three blocks of the 64-byte class (3 per 256-byte pool)
    expect(cmds).toHaveLength(3);
    for (const c of cmds) expect(c).toEqual({ type: expect.stringMatching(/^(Malloc|Calloc)$/), requestBytes: expect.any(Number) });
    for (const c of cmds) expect((c as { requestBytes: number }).requestBytes).toBeGreaterThan(48);
    expect(failure.commands).toBe(cmds);
    expect(failure.seed).toBe(seed);

    const file = join(dir, `no-pool-ever-becomes-full.seed${seed}.pymmlog`);
    expect(failure.logPath).toBe(file);
    // fast-check's report is kept whole...
    const m = failure.message;
    expect(m).toContain(`Property failed after `);
    expect(m).toContain(`{ seed: ${seed}, path: "${failure.counterexamplePath}", endOnFailure: true }`);
    expect(m).toContain(`Counterexample: [${fc.stringify(cmds)}]`);
    expect(m).toMatch(/Shrunk \d+ time\(s\)/);
    expect(m).toContain('Got error: Property failed by returning false');
    // ...and says where it failed and where the log is
    expect(m).toContain(`the property failed at command 2 (seq `);
    expect(m.split('\n').at(-1)).toBe(`counterexample log: ${file} (open it with: pymm show ${file} --at ${failure.failedAtSeq}, pymm verify ${file})`);

    const records = checkLog(file, noFullPool.name, failure, cmds);
    // --at points at the end of the failing command: its last event is the PoolFull
    expect(failure.failedAtSeq).toBe(records.length - 1);
    expect(records[failure.failedAtSeq!]).toMatchObject({ kind: 'event', event: { type: 'PoolFull' } });
    expect(m).toContain(`the property failed at command 2 (seq ${records.map((r) => r.kind).lastIndexOf('command')}): ${JSON.stringify(cmds[2])}`);
    checkCli(file, failure.failedAtSeq!);
  });

  it('"an arena is never given back" (tiny, arena churn) fails with an ArenaFreed at the seq it names; the CLI verifies the log', () => {
    const dir = freshDir();
    const name = 'an arena is never given back';
    const failure = failureOf(() =>
      assertAllocatorProperty(
        {
          name,
          profile: tiny,
          commands: allocatorCommands(tiny, { arenaChurn: true }),
          predicate: (run) => {
            for (const step of run.steps()) if (step.events.some((e) => e.type === 'ArenaFreed')) return false;
          },
        },
        { counterexampleDir: dir },
      ),
    );
    const [cmds] = failure.counterexample!;
    const records = checkLog(failure.logPath!, name, failure, cmds);
    // the failing command is the last; its events end at failedAtSeq and include the ArenaFreed
    const lastCommandSeq = records.map((r) => r.kind).lastIndexOf('command');
    expect(failure.failedAtSeq).toBe(records.length - 1);
    expect(records.slice(lastCommandSeq).map((r) => (r.kind === 'event' ? r.event.type : 'command'))).toContain('ArenaFreed');
    expect(records.slice(0, lastCommandSeq).some((r) => r.kind === 'event' && r.event.type === 'ArenaFreed')).toBe(false);
    // shrunk towards the shortest bursts (64-byte blocks, 12 to a tiny arena): at most a fill of
    // two arenas and its drain (an arena is given back only while another is wholly free)
    expect(cmds.length).toBeLessThanOrEqual(2 * 2 * 12);
    checkCli(failure.logPath!, failure.failedAtSeq!);
  });

  it('the seed and path it reports replay the same counterexample', () => {
    const dir = freshDir();
    const first = failureOf(() => assertAllocatorProperty(noFullPool, { counterexampleDir: dir }));
    const again = failureOf(() => assertAllocatorProperty(noFullPool, { counterexampleDir: dir, seed: first.seed, path: first.counterexamplePath! }));
    expect(again.counterexample).toEqual(first.counterexample);
    expect(again.message).toMatch(/Property failed after 1 tests/);
  });

  it('a command the allocator rejects ends the log before it, and the report says so', () => {
    const dir = freshDir();
    const bad: ObmallocCommand[] = [
      { type: 'Malloc', requestBytes: 16 },
      { type: 'Free', address: 0x1234_5670 as Address },
      { type: 'Malloc', requestBytes: 32 },
    ];
    const name = 'a wild free';
    const failure = failureOf(() =>
      assertAllocatorProperty({ name, profile: tiny, commands: fc.constant(bad), predicate: (run) => void run.finalState() }, { counterexampleDir: dir, numRuns: 1 }),
    );
    expect(failure.log!.rejected!.index).toBe(1);
    expect(failure.message).toContain(`command 1 (${JSON.stringify(bad[1])}) was rejected (`);
    expect(failure.message).toMatch(/was rejected \([A-Z_]+: .*\); the log holds the 1 command\(s\) before it/);
    expect(failure.message).toContain('the property failed at command 0 (seq 0)');
    const records = checkLog(failure.logPath!, name, failure, bad.slice(0, 1));
    expect(failure.failedAtSeq).toBe(records.length - 1);
    checkCli(failure.logPath!, failure.failedAtSeq!);
  });

  it('a property that fails on the empty list leaves an empty log, shown at seq -1', () => {
    const dir = freshDir();
    const failure = failureOf(() =>
      assertAllocatorProperty({ name: 'nothing holds', profile: tiny, predicate: () => false }, { counterexampleDir: dir }),
    );
    expect(failure.counterexample).toEqual([[]]);
    expect(failure.failedAtSeq).toBe(-1);
    checkLog(failure.logPath!, 'nothing holds', failure, []);
    expect(pymm('verify', failure.logPath!).status).toBe(0);
  });
});

describe('assertWithCounterexampleLog: any property whose counterexample holds commands', () => {
  it('commands plus another value; the report points at the last record', () => {
    const dir = freshDir();
    const name = 'the heap never holds more than k blocks';
    const failure = failureOf(() =>
      assertWithCounterexampleLog(
        fc.property(allocatorCommands(tiny, { raw: false }), fc.integer({ min: 2, max: 5 }), (cmds, k) => {
          const state = initialState({ profile: tiny });
          for (const c of cmds) execute(state, c);
          return allocatedBlocks(state) <= k;
        }),
        { name, profile: tiny, commandsOf: ([cmds]) => cmds },
        { counterexampleDir: dir },
      ),
    );
    const [cmds, k] = failure.counterexample as unknown as [ObmallocCommand[], number];
    expect(k).toBe(2);
    expect(cmds).toHaveLength(3);
    const records = checkLog(failure.logPath!, name, failure, cmds);
    expect(failure.failedAtSeq).toBe(records.length - 1);
    expect(failure.message).not.toContain('the property failed at command');
    expect(failure.message).toContain(`Counterexample: [${fc.stringify(cmds)},2]`);
  });
});

describe('where counterexample logs go', () => {
  it('the option, else PYMM_COUNTEREXAMPLE_DIR, else <tmpdir>/pymm-counterexamples; named after the property and seed', () => {
    const saved = process.env.PYMM_COUNTEREXAMPLE_DIR;
    try {
      delete process.env.PYMM_COUNTEREXAMPLE_DIR;
      expect(counterexampleDir()).toBe(join(tmpdir(), 'pymm-counterexamples'));
      expect(counterexampleDir('/x')).toBe('/x');
      const dir = freshDir();
      process.env.PYMM_COUNTEREXAMPLE_DIR = join(dir, 'from-env');
      expect(counterexampleDir('/x')).toBe('/x');
      const failure = failureOf(() => assertAllocatorProperty(noFullPool));
      expect(failure.logPath).toBe(join(dir, 'from-env', `no-pool-ever-becomes-full.seed${seed}.pymmlog`));
      expect(readFileSync(failure.logPath!).subarray(0, 8).toString()).toBe('PYMMLOG\n');
    } finally {
      if (saved === undefined) delete process.env.PYMM_COUNTEREXAMPLE_DIR;
      else process.env.PYMM_COUNTEREXAMPLE_DIR = saved;
    }
    expect(counterexampleFileName('  Pools: never FULL?! ', -3)).toBe('pools-never-full.seed-3.pymmlog');
  });
});
