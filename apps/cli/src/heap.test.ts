import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HeapRecorder } from '@pymm/engine';

const bin = fileURLToPath(new URL('../bin/pymm.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pymm-heap-cli-'));
const pymm = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

// holder = [[]]; l = []; l.append(l); del l; gc.collect()
const rec = new HeapRecorder({ source: 'heap.test' });
rec.run({ line: 'gc.disable()' }, ({ gc }) => gc.disable());
const inner = rec.run({ line: 'inner = []' }, ({ heap }) => heap.list());
const holder = rec.run({ line: 'holder = [inner]' }, ({ heap }) => heap.list([inner]));
rec.run({ line: 'del inner' }, ({ heap }) => heap.decref(inner));
const l = rec.run({ line: 'l = []' }, ({ heap }) => heap.list());
rec.run({ line: 'l.append(l)' }, ({ heap }) => heap.listAppend(l, l));
rec.run({ line: 'del l' }, ({ heap }) => heap.decref(l));
const beforeCollect = rec.records.length;
rec.run({ line: 'gc.collect()' }, ({ gc }) => gc.collect());
const log = join(dir, 'run.pymmlog');
rec.write(log);

describe('pymm heap', () => {
  it('collections, history, why, show, pins, stats answer (text and --json)', () => {
    const c = pymm('heap', 'collections', log);
    expect(c.status).toBe(0);
    expect(c.stdout).toMatch(/1 collection in \d+ records\n\s+seq\s+\d+\s+gen 2: 1 collected, 0 uncollectable\s+\[gc\.collect\(\)\]/);
    const h = pymm('heap', 'history', log, '--object', String(l));
    expect(h.stdout).toMatch(/created \(1\)\s+l = \[\]/);
    expect(h.stdout).toMatch(/\+1 -> 2\s+l\.append\(l\)/);
    expect(h.stdout).toMatch(/destroyed\s+gc\.collect\(\)/);
    const w = pymm('heap', 'why', log, '--object', String(inner));
    expect(w.stdout).toMatch(/^list#\d+ has 1 reference from outside the heap; \[0\] -> list#\d+/);
    const g = pymm('heap', 'why', log, '--object', String(l), '--at', String(beforeCollect));
    expect(g.stdout).toMatch(/kept alive only by list#\d+\[0\]/);
    const show = JSON.parse(pymm('heap', 'show', log, '--object', String(holder), '--json').stdout);
    expect(show).toMatchObject({ type: 'list', refcount: 1, external: 1, getsizeof: 64, tracked: true, generation: 2 });
    expect(show.references).toEqual([expect.objectContaining({ to: inner, via: '[0]' })]);
    const pins = JSON.parse(pymm('heap', 'pins', log, '--arena', '0', '--json').stdout);
    expect(pins.pins.map((p: { id: number; part: string }) => `${p.id}:${p.part}`)).toEqual(expect.arrayContaining([`${holder}:object`, `${holder}:storage`, `${inner}:object`]));
    const stats = pymm('heap', 'stats', log);
    expect(stats.stdout).toMatch(/live objects; gc\.get_count\(\) \[\d+,0,0\], thresholds \[700,10,10\]/);
    expect(stats.stdout).toContain('# arenas allocated total');
  });

  it('bad input: usage errors and corrupt or foreign files exit 2 with one line', () => {
    const missing = pymm('heap', 'why', log);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/missing --object ID/);
    expect(pymm('heap', 'frobnicate', log).stderr).toMatch(/unknown question 'frobnicate'/);
    expect(pymm('heap', 'show', log, '--object', '5', '--at', '999999').stderr).toMatch(/past the end of the log/);
    const nope = pymm('heap', 'collections', join(dir, 'nope.pymmlog'));
    expect(nope.status).toBe(2);
    expect(nope.stderr).toMatch(/nope\.pymmlog: no such file/);
    const junk = join(dir, 'junk.pymmlog');
    writeFileSync(junk, 'not a log at all');
    const j = pymm('heap', 'collections', junk);
    expect(j.status).toBe(2);
    expect(j.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
