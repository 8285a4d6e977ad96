import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/pymm.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pymm-tl-'));
const pymm = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

// A small, well-formed trace: an arena, a pool of 48-byte blocks, frees, a raw block.
const lines = ['#pymtrace 1', 'A 7f0000000000'];
for (let k = 0; k < 20; k++) lines.push(`M ${(0x7f0000000030 + 48 * k).toString(16)} 40`);
for (let k = 0; k < 20; k += 2) lines.push(`F ${(0x7f0000000030 + 48 * k).toString(16)}`);
lines.push('M 555500001000 600', 'F 555500001000', 'F 0');
const trace = join(dir, 't.trace');
writeFileSync(trace, lines.join('\n') + '\n');
const log = join(dir, 't.pymmlog');

describe('pymm log build / show / history / pins / diff / verify', () => {
  it('builds a log and refuses to overwrite it without --force', () => {
    const r = pymm('log', 'build', trace, '-o', log, '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ calls: 33, events: 32 + 2 /* ArenaAllocated, PoolInitialized */ });
    const again = pymm('log', 'build', trace, '-o', log);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already exists.*--force/);
    expect(pymm('log', 'build', trace, '-o', log, '--force').status).toBe(0);
  });

  it('show, history, pins and diff answer', () => {
    const show = pymm('show', log, '--at', '2', '--json');
    expect(show.status).toBe(0);
    expect(JSON.parse(show.stdout).record).toMatch(/^PoolInitialized/);
    const block = pymm('show', log, '--at', '60', '--block', '7f0000000030', '--json');
    expect(JSON.parse(block.stdout)).toMatchObject({ status: 'free', blockBytes: 48 });
    const hist = JSON.parse(pymm('history', log, '--address', '0x7f0000000030', '--json').stdout);
    expect(hist.entries.map((e: { kind: string }) => e.kind)).toEqual(['allocated', 'freed']);
    const pins = JSON.parse(pymm('pins', log, '--at', '61', '--json').stdout);
    expect(pins.arenas[0].liveBlocks).toHaveLength(10);
    const diff = JSON.parse(pymm('diff', log, '--from', '41', '--to', '61', '--json').stdout);
    expect(diff.classes[0]).toMatchObject({ sizeIndex: 2, blocks: [20, 10] });
  });

  it('log build of a malformed trace (parsed on a worker thread) names the line, leaves no log', () => {
    const bad = join(dir, 'bad.trace');
    writeFileSync(bad, lines.slice(0, 10).join('\n') + '\nM 7f00zz 40\n' + lines.slice(10).join('\n') + '\n');
    const out = join(dir, 'bad-out.pymmlog');
    const r = pymm('log', 'build', bad, '-o', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.trace:11: malformed event 'M 7f00zz 40'/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('bad input: seq out of range, a corrupt log, a file that is not a log', () => {
    const out = pymm('show', log, '--at', '999999');
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/seq 999999 is outside the log/);
    const bytes = readFileSync(log);
    const corrupt = join(dir, 'corrupt.pymmlog');
    const copy = Buffer.from(bytes);
    copy[Math.floor(copy.length / 2)] ^= 0xff;
    writeFileSync(corrupt, copy);
    const v = pymm('verify', corrupt);
    expect(v.status).toBe(2);
    expect(v.stderr).toMatch(/damaged/);
    const notLog = pymm('show', trace, '--at', '0');
    expect(notLog.status).toBe(2);
    expect(notLog.stderr.trim().split('\n')).toHaveLength(1);
    expect(notLog.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('log export and import round-trip through JSON Lines; a bad line is named', () => {
    const jsonl = join(dir, 't.jsonl'), back = join(dir, 'back.pymmlog');
    expect(pymm('log', 'export', log, '-o', jsonl).status).toBe(0);
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]).header.codec).toBe('obmalloc-v1');
    expect(JSON.parse(lines[1])).toMatchObject({ seq: 0, kind: 'command', command: { type: 'Malloc', requestBytes: 40 } });
    expect(pymm('log', 'import', jsonl, '-o', back).status).toBe(0);
    expect(pymm('verify', back).status).toBe(0);
    expect(pymm('log', 'export', back).stdout.trim()).toBe(readFileSync(jsonl, 'utf8').trim());
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, [...lines.slice(0, 3), '{not json', ...lines.slice(3)].join('\n'));
    const r = pymm('log', 'import', bad, '-o', join(dir, 'bad.pymmlog'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.jsonl:4: /);
  });

  it('verify passes a good log; bench seek reports its figures as JSON', () => {
    expect(pymm('verify', log).status).toBe(0);
    const b = JSON.parse(pymm('bench', 'seek', log, '--n', '50', '--json').stdout);
    for (const k of ['p50Ms', 'p99Ms', 'checkpointBytes', 'logBytes']) expect(typeof b[k]).toBe('number');
  });
});
