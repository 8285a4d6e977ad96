import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { HeapRecorder } from '@pymm/engine';

const bin = fileURLToPath(new URL('../bin/pymm.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pymm-heap-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pymm = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const json = (...args: string[]) => {
  const r = pymm(...args, '--json');
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
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
/** Records before the gc.collect() command: the state after record beforeCollect - 1 is the one just before it. */
const beforeCollect = rec.records.length;
rec.run({ line: 'gc.collect()' }, ({ gc }) => gc.collect());
const log = join(dir, 'rec.pymmlog');
rec.write(log);

describe('pymm heap on a recorded heap log', () => {
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
    // --at SEQ: the state after record SEQ (here the last one before the collection)
    const g = pymm('heap', 'why', log, '--object', String(l), '--at', String(beforeCollect - 1));
    expect(g.stdout).toMatch(/kept alive only by list#\d+\[0\]/);
    expect(pymm('heap', 'why', log, '--object', String(l)).stdout).toMatch(new RegExp(`^list#${l} \\(dead\\) is not alive at seq \\d+`));
    const show = json('heap', 'show', log, '--object', String(holder));
    expect(show).toMatchObject({ type: 'list', refcount: 1, external: 1, getsizeof: 64, tracked: true, generation: 2 });
    expect(show.references).toEqual([expect.objectContaining({ to: inner, via: '[0]' })]);
    // the blocks keeping arena 0 mapped: the two lists' own blocks, and holder's item array (no object)
    const pins = json('heap', 'pins', log, '--arena', '0');
    const objects = pins.pins.map((p: { object: number | null }) => p.object);
    expect(objects).toEqual(expect.arrayContaining([holder, inner, null]));
    expect(pins.pins.find((p: { object: number | null }) => p.object === holder)).toMatchObject({ description: `list#${holder}`, allocatedAt: expect.any(Number) });
    expect(pins.total).toBe(pins.pins.length);
    const stats = pymm('heap', 'stats', log);
    expect(stats.stdout).toMatch(/live objects; gc\.get_count\(\) \[\d+,0,0\], thresholds \[700,10,10\]/);
    expect(stats.stdout).toContain('# arenas allocated total');
  });

  it('history is paged', () => {
    const all = json('heap', 'history', log, '--object', String(l));
    expect(all.total).toBe(all.entries.length);
    expect(all.total).toBeGreaterThan(3);
    const page = json('heap', 'history', log, '--object', String(l), '--limit', '2', '--offset', '1');
    expect(page).toMatchObject({ object: l, total: all.total, offset: 1 });
    expect(page.entries.map((e: { seq: number }) => e.seq)).toEqual(all.entries.slice(1, 3).map((e: { seq: number }) => e.seq));
    const text = pymm('heap', 'history', log, '--object', String(l), '--limit', '1');
    expect(text.stdout).toMatch(new RegExp(`^list#${l}: ${all.total} refcount changes \\(1\\.\\.1; --offset/--limit for more\\)\\n +seq +\\d+ +created \\(1\\) +l = \\[\\]\\n$`));
  });

  it('bad input: usage errors and corrupt or foreign files exit 2 with one line', () => {
    const missing = pymm('heap', 'why', log);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/missing --object ID \(or --name X\)/);
    expect(pymm('heap', 'frobnicate', log).stderr).toMatch(/unknown question 'frobnicate'/);
    expect(pymm('heap', 'show', log, '--object', '5', '--at', '999999').stderr).toMatch(/--at 999999 is past the end of the log/);
    expect(pymm('heap', 'show', log, '--object', '99999').stderr).toMatch(/no object 99999 in this log/);
    expect(pymm('heap', 'show', log, '--object', '5', '--name', 'x').stderr).toMatch(/give --object ID or --name X, not both/);
    const nope = pymm('heap', 'collections', join(dir, 'nope.pymmlog'));
    expect(nope.status).toBe(2);
    expect(nope.stderr).toMatch(/nope\.pymmlog: no such file/);
    const junk = join(dir, 'junk.pymmlog');
    writeFileSync(junk, 'not a log at all');
    const j = pymm('heap', 'collections', junk);
    expect(j.status).toBe(2);
    expect(j.stderr).toBe(`pymm heap: ${junk}: not a pymm log: the file does not start with "PYMMLOG\\n" (at byte offset 0)\n`);
  });
});

// A program run by `pymm run --log`: statements, lines and names.
const program = `import gc
class Node:
    pass
gc.disable()
a = Node()
b = Node()
a.other = b
b.other = a
keep = [1, 2, 3]
del a, b
print('collected', gc.collect())
for i in range(3):
    keep.append(i)
`;
const py = join(dir, 'prog.py');
writeFileSync(py, program);
const runLog = join(dir, 'run.pymmlog');

describe('pymm heap on a program run with --log: --name, --line, objects, names, lines', () => {
  it('runs the program', () => {
    const r = pymm('run', py, '--log', runLog);
    expect(r.stdout).toBe('collected 2\n');
    expect(r.status).toBe(0);
  });

  it('lines: each run of a line, paged', () => {
    const five = json('heap', 'lines', runLog, '--line', '5');
    expect(five).toMatchObject({ line: 5, text: 'a = Node()', total: 1, offset: 0 });
    const loop = json('heap', 'lines', runLog, '--line', '13');
    expect(loop).toMatchObject({ text: 'keep.append(i)', total: 3 });
    const page = json('heap', 'lines', runLog, '--line', '13', '--limit', '1', '--offset', '2');
    expect(page.seqs).toEqual([loop.seqs[2]]);
    expect(pymm('heap', 'lines', runLog, '--line', '13').stdout).toMatch(/^line 13: keep\.append\(i\): ran 3 times\n  seq \d+\n  seq \d+\n  seq \d+\n$/);
    expect(pymm('heap', 'lines', runLog, '--line', '99').stdout).toMatch(/^line 99: ran 0 times\n$/);
  });

  it('--name X at --line N (just after line N ran) and --at SEQ (after record SEQ)', () => {
    const a = json('heap', 'show', runLog, '--name', 'a', '--line', '8');
    expect(a).toMatchObject({ type: 'Node', alive: true, refcount: 2, external: 0 }); // b.other and the module's dict
    expect(a.references).toEqual(expect.arrayContaining([expect.objectContaining({ via: '.other', description: expect.stringMatching(/^Node#\d+$/) })]));
    expect(a.referrers).toEqual(expect.arrayContaining([expect.objectContaining({ via: '.other' }), expect.objectContaining({ via: "['a']" })]));
    expect(pymm('heap', 'why', runLog, '--name', 'a', '--line', '8').stdout).toMatch(new RegExp(`^dict#\\d+ has 1 reference from outside the heap; \\['a'\\] -> Node#${a.id}\\n$`));
    // the object made by record createdSeq: not there after record createdSeq - 1, there after createdSeq
    const before = pymm('heap', 'show', runLog, '--object', String(a.id), '--at', String(a.createdSeq - 1));
    expect(before.stdout).toBe(`Node#${a.id} (dead) is not alive at seq ${a.createdSeq - 1} (made at seq ${a.createdSeq}, freed at seq ${a.destroyedSeq})\n`);
    expect(json('heap', 'show', runLog, '--object', String(a.id), '--at', String(a.createdSeq))).toMatchObject({ alive: true, refcount: 1, seq: a.createdSeq });
    // --line N --run K: after the K-th run of a line
    const second = json('heap', 'show', runLog, '--name', 'keep', '--line', '13', '--run', '2');
    expect(second.references.map((r: { description: string }) => r.description)).toEqual(['1', '2', '3', '0', '1'].map((v) => expect.stringMatching(new RegExp(`^int#\\d+ "${v}"$`))));
    expect(pymm('heap', 'show', runLog, '--name', 'i', '--line', '13', '--run', '4').stderr).toMatch(/line 13 ran 3 times; there is no run 4/);
    expect(pymm('heap', 'show', runLog, '--name', 'nosuch', '--line', '5').stderr).toMatch(/no variable 'nosuch' holds an object at seq \d+/);
    expect(pymm('heap', 'show', runLog, '--name', 'a', '--line', '77').stderr).toMatch(/line 77 never ran/);
    expect(pymm('heap', 'show', runLog, '--name', 'a', '--line', '5', '--at', '3').stderr).toMatch(/give --at SEQ or --line N, not both/);
  });

  it('objects: live objects by type and by the line that made them, paged', () => {
    const nodes = json('heap', 'objects', runLog, '--type', 'Node', '--line', '8');
    expect(nodes).toMatchObject({ total: 2, offset: 0 });
    expect(nodes.objects.map((o: { line: number; type: string }) => `${o.type}@${o.line}`)).toEqual(['Node@5', 'Node@6']);
    expect(json('heap', 'objects', runLog, '--type', 'Node', '--line', '11').total).toBe(0);
    const none = pymm('heap', 'objects', runLog, '--type', 'Node', '--line', '11');
    expect(none.stdout).toMatch(/^0 live objects of type Node at seq \d+\n  types alive then: .*list \(\d+\)/);
    const made = json('heap', 'objects', runLog, '--made-by-line', '9', '--line', '9');
    expect(made.objects.map((o: { type: string }) => o.type)).toContain('list');
    const page = json('heap', 'objects', runLog, '--type', 'Node', '--line', '8', '--limit', '1', '--offset', '1');
    expect(page.objects).toEqual([nodes.objects[1]]);
  });

  it('names: every binding of a name, with the line', () => {
    const n = json('heap', 'names', runLog, '--name', 'i');
    expect(n.total).toBeGreaterThanOrEqual(3);
    expect(n.bindings.slice(0, 3).map((b: { description: string; where: string }) => `${b.where} ${b.description}`))
      .toEqual([0, 1, 2].map((k) => expect.stringMatching(new RegExp(`^__main__ int#\\d+ "${k}"$`))));
    expect(n.bindings[0].line).toBe(12);
    expect(pymm('heap', 'names', runLog, '--name', 'keep').stdout).toMatch(/^'keep': \d+ bindings?\n +seq +\d+ +__main__ +list#\d+ +\[line 9\]/);
  });

  it('object questions on an allocator log are refused with one line (exit 2)', () => {
    const trace = join(dir, 't.trace'), alog = join(dir, 'alloc.pymmlog');
    writeFileSync(trace, '#pymtrace 1\nA 7f0000000000\nM 7f0000000030 40\n');
    expect(pymm('log', 'build', trace, '-o', alog).status).toBe(0);
    for (const q of [['objects'], ['show', '--object', '5'], ['names', '--name', 'x'], ['lines', '--line', '1']]) {
      const r = pymm('heap', q[0]!, alog, ...q.slice(1));
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^pymm heap: .*alloc\.pymmlog: .*needs? a heap log \(pymm run --log\)/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    // the allocator questions work on both kinds
    expect(json('heap', 'pins', alog, '--arena', '0').pins).toEqual([expect.objectContaining({ address: 0x7f0000000030, object: null })]);
    expect(pymm('heap', 'collections', alog).stdout).toMatch(/^0 collections in 4 records \(an allocator log: no collector\)\n$/);
  });
});
