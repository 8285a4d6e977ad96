/**
 * `pymm trace`: scripts this repository has never seen, traced with the machine's python3
 * through pymtrace (the built CLI as a child process), then replayed exactly; two
 * captures at the same time; the errors, one line each. Every file lives in a temporary
 * directory, removed at the end.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { getJson, serve } from './serve/testServer.js';

const bin = fileURLToPath(new URL('../bin/pymm.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pymm-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ran { status: number | null; stdout: string; stderr: string }
const pymm = (args: string[], cwd = dir): Ran => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
/** The same, without waiting: for captures that run at the same time. */
const pymmAsync = (args: string[], cwd = dir): Promise<Ran> => new Promise((ok, bad) => {
  const p = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  p.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  p.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  p.on('error', bad);
  p.on('close', (status) => ok({ status, stdout, stderr }));
});
/** `pymm replay --expect-stats`: every address, arena and checkpoint as python3 had them. */
function replaysExactly(trace: string, stats: string, checkpoints: number): void {
  const r = pymm(['replay', trace, '--expect-stats', stats, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const summary = JSON.parse(r.stdout);
  expect(summary.checkpoints).toBe(checkpoints);
  expect(summary.checkpointsMatched).toBe(checkpoints);
  expect(summary.arenasAllocated).toBeGreaterThan(0);
}
/** The line `pymm trace` ends with (a first run may say above it that it builds pymtrace). */
const wrote = (r: Ran): string => r.stderr.trimEnd().split('\n').pop()!;

// A script and the module beside it that it imports; the checkpoints imported guarded, as
// the help text shows, so that plain python3 runs it too.
const GUARD = [
  'try:',
  '    import _pymtrace',
  '    checkpoint = _pymtrace.checkpoint',
  'except ImportError:  # plain python3',
  '    def checkpoint(label):',
  '        pass',
];
const app = join(dir, 'app');
mkdirSync(app);
writeFileSync(join(app, 'inventory.py'), [
  'class Item:',
  '    def __init__(self, name, price, tags):',
  '        self.name = name',
  '        self.price = price',
  '        self.tags = tags',
  '',
  'def stock(n):',
  '    return [Item("item-%d" % i, i * 1.5, ["t%d" % (i % 7), "x" * (i % 40)]) for i in range(n)]',
  '',
].join('\n'));
writeFileSync(join(app, 'shop.py'), [
  'import sys',
  ...GUARD,
  'from inventory import stock',
  '',
  'items = stock(int(sys.argv[1]))',
  'by_name = {it.name: it for it in items}',
  'checkpoint("stocked")',
  'for name in list(by_name)[::2]:',
  '    del by_name[name]',
  'del items[::3]',
  'prices = sorted(it.price for it in by_name.values())',
  'checkpoint("sold")',
  'print(len(by_name), len(items), prices[:3])',
  '',
].join('\n'));

describe('pymm trace', () => {
  it('traces a new script (importing its sibling module) that replays exactly, the same bytes every time', async () => {
    // relative paths: the script's from the working directory, as python3 takes it
    const r = pymm(['trace', 'app/shop.py', '3000', '-o', 'shop.trace.gz']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('1500 2000 [1.5, 4.5, 7.5]\n');
    // plain python3 prints the same, and leaves a __pycache__ beside the script
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'PYTHONDONTWRITEBYTECODE' && k !== 'PYTHONPYCACHEPREFIX'));
    expect(spawnSync('python3', ['app/shop.py', '3000'], { cwd: dir, encoding: 'utf8', env }).stdout).toBe(r.stdout);
    expect(readdirSync(join(app, '__pycache__'))).toEqual([expect.stringMatching(/^inventory\./)]);
    expect(wrote(r)).toMatch(/^pymm trace: wrote shop\.trace\.gz \([\d,]+ events, [1-9]\d* arenas allocated, \d+ given back\) and 3 checkpoints to shop\.stats\/$/);
    const trace = join(dir, 'shop.trace.gz'), stats = join(dir, 'shop.stats');
    expect(readdirSync(stats).sort()).toEqual(['exit.txt', 'sold.txt', 'stocked.txt']);
    replaysExactly(trace, stats, 3);

    // Again beside the script (with python3's __pycache__ there now), then from elsewhere
    // with that trace beside the script: only the *.py files and packages are staged, so
    // the trace is the same, byte for byte.
    expect(pymm(['trace', 'shop.py', '3000', '-o', 'inside.trace.gz'], app).status).toBe(0);
    const again = pymm(['trace', join(app, 'shop.py'), '3000', '-o', join(dir, 'again.trace.gz')], tmpdir());
    expect(again.status).toBe(0);
    for (const other of [join(app, 'inside'), join(dir, 'again')]) {
      expect(readFileSync(`${other}.trace.gz`).equals(readFileSync(trace))).toBe(true);
      for (const f of ['stocked.txt', 'sold.txt', 'exit.txt']) {
        expect(readFileSync(join(`${other}.stats`, f), 'latin1')).toBe(readFileSync(join(stats, f), 'latin1'));
      }
    }

    // the other readers take it too
    const log = pymm(['log', 'build', join(dir, 'again.trace.gz'), '-o', join(dir, 'again.pymmlog')]);
    expect(log.status).toBe(0);
    const s = await serve([join(dir, 'again.trace.gz'), '--no-open']);
    try {
      expect((await getJson(new URL('api/info', s.url).href)).body.kind).toBe('allocator');
    } finally {
      await s.stop();
    }
  });

  it('two captures at the same time: each stages its own files, both replay exactly', async () => {
    // Both scripts are main.py beside a helper.py of their own, and each waits until the
    // other has started: a staging directory shared by name would mix them up.
    const flags = join(dir, 'flags');
    mkdirSync(flags);
    const scripts = ['left', 'right'].map((side, i) => {
      const d = join(dir, side);
      mkdirSync(d);
      writeFileSync(join(d, 'helper.py'), `SIDE = ${JSON.stringify(side)}\ndef build(n):\n    return {k: [k] * ${i + 2} for k in range(n)}\n`);
      writeFileSync(join(d, 'main.py'), [
        'import os, sys, time',
        ...GUARD,
        'import helper',
        'me, other = sys.argv[1], sys.argv[2]',
        'open(me, "w").close()',
        'for _ in range(6000):  # up to a minute',
        '    if os.path.exists(other):',
        '        break',
        '    time.sleep(0.01)',
        'else:',
        '    sys.exit("the other capture never started")',
        'checkpoint("met")',
        'data = helper.build(5000)',
        'checkpoint("built")',
        'del data',
        'print(helper.SIDE, helper.build(3)[2])',
        '',
      ].join('\n'));
      return join(d, 'main.py');
    });
    const [a, b] = await Promise.all(scripts.map((script, i) => pymmAsync([
      'trace', script, join(flags, String(i)), join(flags, String(1 - i)), '-o', join(dir, `side${i}.trace.gz`),
    ])));
    expect(a!.stdout).toBe('left [2, 2]\n');
    expect(b!.stdout).toBe('right [2, 2, 2]\n');
    for (const [i, r] of [a!, b!].entries()) {
      expect(r.status).toBe(0);
      expect(wrote(r)).toMatch(new RegExp(`^pymm trace: wrote .*side${i}\\.trace\\.gz \\(.*\\) and 3 checkpoints to .*side${i}\\.stats/$`));
      replaysExactly(join(dir, `side${i}.trace.gz`), join(dir, `side${i}.stats`), 3);
    }
  });

  it("passes ARGS on, prints the script's output and exits with its status", () => {
    const script = join(dir, 'fails.py');
    writeFileSync(script, [
      'import sys',
      'print("args", sys.argv[1:])',
      'print("to stderr", file=sys.stderr)',
      'print(sys.path[0], file=sys.stderr)',
      'sys.exit(3)',
      '',
    ].join('\n'));
    const r = pymm(['trace', script, 'one', '-o', 'fails.trace.gz', '--', '--two', '-o']);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe("args ['one', '--two', '-o']\n");
    // the script ran from a private copy (a name of fixed length), removed afterwards
    const [said, stage] = r.stderr.split('\n');
    expect(said).toBe('to stderr');
    expect(stage).toMatch(/\/pymtrace\.[A-Za-z0-9]{10}\/run$/);
    expect(existsSync(dirname(stage!))).toBe(false);
    expect(wrote(r)).toMatch(/^pymm trace: wrote fails\.trace\.gz \(.*\) and 1 checkpoint to fails\.stats\/; the script's exit status: 3$/);
    replaysExactly(join(dir, 'fails.trace.gz'), join(dir, 'fails.stats'), 1);
    // an uncaught exception: python3's traceback and status 1, and still a whole trace
    writeFileSync(script, 'x = [1, 2]\nprint(x[5])\n');
    const e = pymm(['trace', script, '-o', 'fails.trace.gz', '--force']);
    expect(e.status).toBe(1);
    expect(e.stderr).toMatch(/IndexError: list index out of range\npymm trace: wrote /);
    replaysExactly(join(dir, 'fails.trace.gz'), join(dir, 'fails.stats'), 1);
  });

  it('errors: one line, exit status 2, nothing written', () => {
    const missing = join(dir, 'nope.py');
    const r1 = pymm(['trace', missing, '-o', 'nope.trace.gz']);
    expect([r1.status, r1.stdout, r1.stderr]).toEqual([2, '', `pymm trace: ${missing}: no such file\n`]);
    expect(existsSync(join(dir, 'nope.trace.gz'))).toBe(false);

    writeFileSync(join(dir, 'taken.trace.gz'), 'not mine\n');
    const r2 = pymm(['trace', 'app/shop.py', '10', '-o', 'taken.trace.gz']);
    expect([r2.status, r2.stdout, r2.stderr]).toEqual([2, '', 'pymm trace: taken.trace.gz already exists; --force replaces it\n']);
    expect(readFileSync(join(dir, 'taken.trace.gz'), 'utf8')).toBe('not mine\n');
    expect(existsSync(join(dir, 'taken.stats'))).toBe(false);
    mkdirSync(join(dir, 'kept.stats'));
    const r3 = pymm(['trace', 'app/shop.py', '10', '-o', 'kept.trace.gz']);
    expect([r3.status, r3.stderr]).toEqual([2, 'pymm trace: kept.stats already exists; --force replaces it\n']);
    expect(existsSync(join(dir, 'kept.trace.gz'))).toBe(false);

    const r4 = pymm(['trace', 'app/shop.py', '10']);
    expect([r4.status, r4.stdout, r4.stderr]).toEqual([2, '', "pymm trace: missing -o OUT.trace.gz (see 'pymm help trace')\n"]);

    const r5 = pymm(['trace', 'app/shop.py', '10', '-o', 'shop.json']);
    expect([r5.status, r5.stderr]).toEqual([2, "pymm trace: -o shop.json: the name must end in .trace.gz (or .trace) (see 'pymm help trace')\n"]);
    const r6 = pymm(['trace', 'app/shop.py', '-o', join('no', 'such', 'x.trace.gz')]);
    expect([r6.status, r6.stderr]).toEqual([2, `pymm trace: ${join('no', 'such')}: no such directory\n`]);
  });
});
