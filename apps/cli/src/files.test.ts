/**
 * Commands that write never destroy their input or an existing file they did not finish:
 * an output path that is the input is refused (exit 2, the input untouched), and a write
 * that fails leaves what was at the path as it was, with no temporary file behind.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/pymm.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pymm-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pymm = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir });
const temporaries = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('outputs onto inputs are refused', () => {
  it('log build, log import and log export with -o their input: exit 2, one line, the input as it was', () => {
    writeFileSync(join(dir, 'prog.py'), 'x = [1, 2]\nprint(len(x))\n');
    expect(pymm('run', 'prog.py', '--log', 'prog.pymmlog').status).toBe(0);
    const log = readFileSync(join(dir, 'prog.pymmlog'));
    const exported = pymm('log', 'export', 'prog.pymmlog', '-o', 'prog.pymmlog');
    expect([exported.status, exported.stderr]).toEqual([2, 'pymm log export: -o prog.pymmlog is the log itself (the output would replace it)\n']);
    expect(readFileSync(join(dir, 'prog.pymmlog')).equals(log)).toBe(true);
    writeFileSync(join(dir, 'in.jsonl'), 'not json\n');
    const imported = pymm('log', 'import', 'in.jsonl', '-o', 'in.jsonl', '--force');
    expect([imported.status, imported.stderr]).toEqual([2, 'pymm log import: -o in.jsonl is the JSON Lines file itself (the output would replace it)\n']);
    expect(readFileSync(join(dir, 'in.jsonl'), 'utf8')).toBe('not json\n');
    writeFileSync(join(dir, 't.trace'), '#pymtrace 1\n');
    const built = pymm('log', 'build', 't.trace', '-o', 't.trace', '--force');
    expect([built.status, built.stderr]).toEqual([2, 'pymm log build: -o t.trace is the trace itself (the output would replace it)\n']);
    expect(readFileSync(join(dir, 't.trace'), 'utf8')).toBe('#pymtrace 1\n');
  });

  it('a failed import or build leaves an existing output as it was', () => {
    writeFileSync(join(dir, 'old.pymmlog'), 'an older log');
    writeFileSync(join(dir, 'bad.jsonl'), '{"header":{"domain":"heap","codec":"heap-v2","profile":"cpython-3.11","config":{},"seed":0,"source":"x"}}\n{"seq":5}\n');
    const imported = pymm('log', 'import', 'bad.jsonl', '-o', 'old.pymmlog', '--force');
    expect(imported.status).toBe(2);
    expect(readFileSync(join(dir, 'old.pymmlog'), 'utf8')).toBe('an older log');
    writeFileSync(join(dir, 'broken.trace'), '#pymtrace 1\nnot an event\n');
    const built = pymm('log', 'build', 'broken.trace', '-o', 'old.pymmlog', '--force');
    expect(built.status).toBe(2);
    expect(readFileSync(join(dir, 'old.pymmlog'), 'utf8')).toBe('an older log');
    expect(temporaries()).toEqual([]);
  });
});

describe('one overwrite rule, regular files only', () => {
  it('log export -o and run --log replace an existing file only with --force', () => {
    writeFileSync(join(dir, 'one.py'), 'print(1)\n');
    expect(pymm('run', 'one.py', '--log', 'one.pymmlog').status).toBe(0);
    writeFileSync(join(dir, 'kept.jsonl'), 'kept\n');
    const exported = pymm('log', 'export', 'one.pymmlog', '-o', 'kept.jsonl');
    expect([exported.status, exported.stdout, exported.stderr]).toEqual([2, '', 'pymm log export: -o kept.jsonl already exists; --force replaces it\n']);
    expect(readFileSync(join(dir, 'kept.jsonl'), 'utf8')).toBe('kept\n');
    const forced = pymm('log', 'export', 'one.pymmlog', '-o', 'kept.jsonl', '--force');
    expect(forced.status).toBe(0);
    expect(readFileSync(join(dir, 'kept.jsonl'), 'utf8')).toBe(pymm('log', 'export', 'one.pymmlog').stdout);
    const log = readFileSync(join(dir, 'one.pymmlog'));
    const again = pymm('run', 'one.py', '--log', 'one.pymmlog');
    expect([again.status, again.stdout, again.stderr]).toEqual([2, '', 'pymm run: --log one.pymmlog already exists; --force replaces it\n']);
    expect(readFileSync(join(dir, 'one.pymmlog')).equals(log)).toBe(true);
    expect(pymm('run', 'one.py', '--log', 'one.pymmlog', '--force').stdout).toBe('1\n');
    expect(pymm('log', 'export', 'one.pymmlog', '--force').stderr).toBe("pymm log export: --force only goes with -o (see 'pymm help log export')\n");
    expect(temporaries()).toEqual([]);
  });

  it('a directory or a device is never an output: exit 2, one line, nothing touched', () => {
    writeFileSync(join(dir, 'two.py'), 'print(2)\n');
    expect(pymm('run', 'two.py', '--log', 'two.pymmlog').status).toBe(0);
    for (const [args, flag, path] of [
      [['log', 'export', 'two.pymmlog', '-o', '/dev/null', '--force'], '-o', '/dev/null'],
      [['log', 'export', 'two.pymmlog', '-o', dir, '--force'], '-o', dir],
      [['run', 'two.py', '--log', '/dev/null', '--force'], '--log', '/dev/null'],
    ] as const) {
      const r = pymm(...args);
      expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `pymm ${args[0] === 'log' ? 'log export' : 'run'}: ${flag} ${path} is not a regular file (a directory, device or pipe); pymm writes only regular files\n`]);
    }
    expect(temporaries()).toEqual([]);
  });

  it('a log cut short answers from its intact prefix, says so on stderr, and exits 3', () => {
    writeFileSync(join(dir, 'long.py'), 'xs = []\nfor i in range(3000):\n    xs.append([i])\nprint(len(xs))\n');
    expect(pymm('run', 'long.py', '--log', 'long.pymmlog').status).toBe(0);
    const whole = readFileSync(join(dir, 'long.pymmlog'));
    writeFileSync(join(dir, 'cut.pymmlog'), whole.subarray(0, Math.floor(whole.length * 0.8)));
    const exported = pymm('log', 'export', 'cut.pymmlog', '-o', 'cut.jsonl');
    expect(exported.status).toBe(3);
    expect(exported.stderr).toMatch(/^pymm log export: cut\.pymmlog: .* at byte \d+; exporting the intact prefix \([\d,]+ records; exit status 3\)\n/);
    const lines = readFileSync(join(dir, 'cut.jsonl'), 'utf8').split('\n').filter(Boolean).length;
    expect(pymm('log', 'export', 'long.pymmlog', '-o', 'long.jsonl').status).toBe(0);
    const all = readFileSync(join(dir, 'long.jsonl'), 'utf8').split('\n').filter(Boolean).length;
    expect(lines).toBeGreaterThan(1);
    expect(lines).toBeLessThan(all);
    const shown = pymm('show', 'cut.pymmlog', '--json');
    expect(shown.status).toBe(3);
    expect(shown.stderr).toMatch(/using the intact prefix \([\d,]+ records; exit status 3\)/);
    expect(JSON.parse(shown.stdout)).toBeTypeOf('object');
  });
});
