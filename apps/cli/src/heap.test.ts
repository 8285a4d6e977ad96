import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { HeapRecorder, Timeline } from '@pymm/engine';

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
    // what it freed: the list holding itself (one object), by type
    expect(c.stdout).toMatch(/^1 collection in \d+ records\n +1\. seq\s+\d+\s+gen 2: 1 collected, 0 uncollectable\s+\[gc\.collect\(\)\]\n +freed 1 object: list \(1\)\n/);
    expect(json('heap', 'collections', log)).toEqual([expect.objectContaining({ generation: 2, collected: 1, freed: { total: 1, byType: { list: 1 } } })]);
    const freed = json('heap', 'collections', log, '--collection', '1');
    expect(freed.freed).toMatchObject({ total: 1, objects: [expect.objectContaining({ id: l, type: 'list' })] });
    expect(pymm('heap', 'collections', log, '--collection', '2').stderr).toMatch(/there is 1 collection in this log; no collection 2/);
    const h = pymm('heap', 'history', log, '--object', String(l));
    expect(h.stdout).toMatch(/created \(1\)\s+l = \[\]/);
    expect(h.stdout).toMatch(/\+1 -> 2\s+l\.append\(l\)/);
    expect(h.stdout).toMatch(/destroyed\s+gc\.collect\(\)/);
    const w = pymm('heap', 'why', log, '--object', String(inner));
    // a log without variables (HeapRecorder): the holder is the object held from outside
    expect(w.stdout).toMatch(new RegExp(`^at seq \\d+, the end of the log: list#${inner} is held by list#${holder}\\[0\\]\\n$`));
    // --at SEQ: the state after record SEQ (here the last one before the collection)
    const g = pymm('heap', 'why', log, '--object', String(l), '--at', String(beforeCollect - 1));
    expect(g.stdout).toBe(`at seq ${beforeCollect - 1} (del l): nothing the program holds reaches list#${l}: it is held only by list#${l}[0], in a cycle of garbage the collector will free\n`);
    expect(pymm('heap', 'why', log, '--object', String(l)).stdout).toMatch(new RegExp(`^at seq \\d+, the end of the log: list#${l} \\(dead\\) is not alive at seq \\d+`));
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

  it('a heap log cut short: collections and history answer from the intact prefix, say where it ends, and exit 3', () => {
    const program = join(dir, 'cycles.py');
    writeFileSync(program, 'import gc\nclass C:\n    pass\nfor i in range(3000):\n    a = C()\n    a.me = a\nprint(gc.collect())\n');
    const whole = join(dir, 'cycles.pymmlog'), cut = join(dir, 'cycles-cut.pymmlog');
    expect(pymm('run', program, '--log', whole).status).toBe(0);
    const bytes = readFileSync(whole);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const all = pymm('heap', 'collections', whole).stdout.match(/^(\d+) collections/)![1]!;
    for (const args of [['collections'], ['history', '--object', '130']]) {
      const r = pymm('heap', ...args, cut);
      expect(r.status).toBe(3);
      // (the first question indexes the prefix, and says so; the second reads that index)
      expect(r.stderr).toMatch(new RegExp(`^(pymm: ${cut}\\.idx: there is no index file; indexing the log \\([\\d,]+ records\\)\\n)?pymm: ${cut}: the file ends inside frame \\d+ \\(.*\\) at byte \\d+; using the intact prefix \\(([\\d,]+) records; exit status 3\\)\\n$`));
    }
    // fewer collections than the whole log has: the answer is the prefix's, and says so
    expect(Number(pymm('heap', 'collections', cut).stdout.match(/^(\d+) collections/)![1])).toBeLessThan(Number(all));
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
/** A program written to the test directory; the test that runs it with `pymm run --log`, and the log. */
const programRun = (name: string, source: string, stdout: string): { log: string; runs: () => void } => {
  const file = join(dir, `${name}.py`), log = join(dir, `${name}.pymmlog`);
  writeFileSync(file, source);
  return {
    log,
    runs: () => {
      const r = pymm('run', file, '--log', log);
      expect(r.stdout).toBe(stdout);
      expect(r.status).toBe(0);
    },
  };
};
const { log: runLog, runs: runsProgram } = programRun('prog', program, 'collected 2\n');

describe('pymm heap on a program run with --log: --name, --line, objects, names, lines', () => {
  it('runs the program', runsProgram);

  it('lines: each run of a line, paged', () => {
    const five = json('heap', 'lines', runLog, '--line', '5');
    expect(five).toMatchObject({ line: 5, text: 'a = Node()', total: 1, offset: 0 });
    const loop = json('heap', 'lines', runLog, '--line', '13');
    expect(loop).toMatchObject({ text: 'keep.append(i)', total: 3 });
    const page = json('heap', 'lines', runLog, '--line', '13', '--limit', '1', '--offset', '2');
    expect(page.seqs).toEqual([loop.seqs[2]]);
    expect(pymm('heap', 'lines', runLog, '--line', '13').stdout).toMatch(/^line 13 ran 3 times: keep\.append\(i\)\n  seq \d+\n  seq \d+\n  seq \d+\n$/);
    // a line ending in ':' is not followed by another
    expect(pymm('heap', 'lines', runLog, '--line', '12').stdout).toMatch(/^line 12 ran 4 times: for i in range\(3\):\n/);
    expect(pymm('heap', 'lines', runLog, '--line', '99').stdout).toMatch(/^line 99 ran 0 times\n$/);
  });

  it('--name X at --line N (just after line N ran) and --at SEQ (after record SEQ)', () => {
    const a = json('heap', 'show', runLog, '--name', 'a', '--line', '8');
    expect(a).toMatchObject({ type: 'Node', alive: true, refcount: 2, external: 0 }); // b.other and the module's dict
    expect(a.references).toEqual(expect.arrayContaining([expect.objectContaining({ via: '.other', description: expect.stringMatching(/^Node#\d+$/) })]));
    expect(a.referrers).toEqual(expect.arrayContaining([expect.objectContaining({ via: '.other' }), expect.objectContaining({ via: "['a']" })]));
    expect(pymm('heap', 'why', runLog, '--name', 'a', '--line', '8').stdout).toMatch(new RegExp(`^at seq \\d+, just after line 8 ran \\(b\\.other = a\\): Node#${a.id} is held by the variable a \\(module __main__\\), and by b\\.other \\(Node#\\d+\\)\\n$`));
    // the object made by record createdSeq: not there after record createdSeq - 1, there after createdSeq
    const before = pymm('heap', 'show', runLog, '--object', String(a.id), '--at', String(a.createdSeq - 1));
    expect(before.stdout).toBe(`Node#${a.id} (dead) is not alive at seq ${a.createdSeq - 1} (line 5: a = Node()) (made at seq ${a.createdSeq}, freed at seq ${a.destroyedSeq})\n`);
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
    expect(none.stdout).toMatch(/^0 live objects of type Node at seq \d+, just after line 11 ran \(print\('collected', gc\.collect\(\)\)\)\n  types alive then: .*list \(\d+\)/);
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

// Calls, a loop, a garbage cycle and interpreter shutdown: positions, names and lines.
const calls = `import gc
class Node:
    pass
def make():
    box = [1, 2]
    box.append(3)
    return box
def outer():
    r = make()
    return r
res = outer()
for i in range(3):
    res.append(i)
a = Node()
a.me = a
del a
pair = [make()]
print(len(res))
`;
const { log: callsLog, runs: runsCalls } = programRun('calls', calls, '6\n');

describe('pymm heap on a program with calls: the end of the program, holders, lines, blocks', () => {
  it('runs the program', runsCalls);

  it('without --at or --line: the end of the program (before shutdown), else the name\'s last binding, said in one line', () => {
    const res = json('heap', 'show', callsLog, '--name', 'res');
    expect(res).toMatchObject({ type: 'list', value: '[1, 2, 3, 0, 1, 2] (6 items)', resolved: { name: 'res', fallback: false, scope: 'module' } });
    const lines = json('heap', 'lines', callsLog, '--line', '18');
    // the end of the program: after its last statement, before the module's frame is left
    expect(res.seq).toBeGreaterThan(lines.seqs[0]);
    const text = pymm('heap', 'show', callsLog, '--name', 'res');
    expect(text.stdout.split('\n')[0]).toBe(`list#${res.id} at seq ${res.seq}, the end of the program (after line 18: print(len(res))), before interpreter shutdown`);
    // at shutdown __main__'s dict is freed (as cyclic garbage: its functions refer to it): its names unbound "at exit"
    const names = json('heap', 'names', callsLog, '--name', 'res');
    expect(names.bindings.map((b: { description: string; line: number | null; made: string }) => [b.description, b.line, b.made]))
      .toEqual([[`list#${res.id}`, 11, 'statement'], [null, null, 'exit']]);
    expect(pymm('heap', 'names', callsLog, '--name', 'res').stdout).toMatch(/ \(unbound: __main__ freed\) +\[at exit\]\n$/);
    // `a` was deleted: its last binding, the last seq it held it
    const h = pymm('heap', 'history', callsLog, '--name', 'a');
    expect(h.status).toBe(0);
    expect(h.stdout.split('\n')[0]).toMatch(/^'a' holds nothing at the end of the program; using 'a' as last bound: Node#(\d+), bound at seq \d+ \(line 14: a = Node\(\)\), asked at seq \d+, the last it held it \(line 16: del a\)$/);
    expect(h.stdout.split('\n')[1]).toMatch(/^Node#\d+: \d+ refcount changes$/);
    expect(json('heap', 'history', callsLog, '--name', 'a').resolved).toMatchObject({ name: 'a', fallback: true, scope: 'module' });
    // a function's local, after its frame left: the last seq it held it, with the frame
    const box = json('heap', 'why', callsLog, '--name', 'box');
    expect(box.resolved).toMatchObject({ fallback: true, scope: 'local' });
    expect(box.holders[0]).toMatchObject({ kind: 'local', name: 'box', function: 'make' });
    expect(pymm('heap', 'show', callsLog, '--name', 'nosuch').stderr).toBe(`pymm heap: no variable 'nosuch' ever held an object other than None in this log\n`);
  });

  it('why: every holder, named (module variables, locals of a frame, an expression from a variable); a garbage cycle; an immortal', () => {
    // frames are numbered as entered: 0 the module, 1 the class body, 2 outer(), 3 make()
    const local = pymm('heap', 'why', callsLog, '--name', 'box', '--line', '6');
    expect(local.stdout).toMatch(/^at seq \d+, just after line 6 ran \(box\.append\(3\)\): list#\d+ is held by the local variable box of make\(\) \(frame 3\)\n$/);
    // in outer(), after make() returned: r, a local of frame 2
    const r = json('heap', 'why', callsLog, '--name', 'r', '--line', '9');
    expect(r.holders).toEqual([expect.objectContaining({ kind: 'local', name: 'r', frame: 2, function: 'outer' })]);
    const res = json('heap', 'why', callsLog, '--name', 'res', '--line', '13');
    expect(res.holders).toEqual([expect.objectContaining({ kind: 'global', name: 'res', text: 'the variable res (module __main__)' })]);
    // an int held by the list and by the loop variable
    const i = json('heap', 'show', callsLog, '--name', 'i', '--line', '13', '--run', '3');
    expect(i).toMatchObject({ static: true, value: '2' });
    expect(pymm('heap', 'show', callsLog, '--name', 'i', '--line', '13', '--run', '3').stdout).toMatch(/refcount immortal \(a static object of the interpreter/);
    // the instance after `del a`: a cycle of garbage
    const node = json('heap', 'objects', callsLog, '--type', 'Node', '--line', '16').objects[0];
    const g = json('heap', 'why', callsLog, '--object', String(node.id), '--line', '16');
    expect(g).toMatchObject({ garbage: true, holders: [expect.objectContaining({ kind: 'object', holder: node.id, via: '.me', reachable: false })] });
    expect(g.explanation).toBe(`nothing the program holds reaches Node#${node.id}: it is held only by Node#${node.id}.me, in a cycle of garbage the collector will free`);
    const before = json('heap', 'why', callsLog, '--object', String(node.id), '--line', '15');
    expect(before.holders.map((x: { text: string }) => x.text)).toEqual(['the variable a (module __main__)', `a.me (Node#${node.id})`]);
  });

  it('names, objects and history give the line of the frame that did it: not a callee\'s last line, "at exit" for shutdown', () => {
    const r = json('heap', 'names', callsLog, '--name', 'r');
    expect(r.bindings.map((b: { line: number; where: string }) => `${b.where}@${b.line}`)).toEqual(['outer() (frame 2)@9', 'outer() (frame 2)@11']);
    const i = json('heap', 'names', callsLog, '--name', 'i');
    expect(i.bindings.map((b: { line: number | null; made: string }) => b.line ?? b.made)).toEqual([12, 12, 12, 'exit']);
    // the list made by `pair = [make()]` after make() returned: line 17, not make()'s last line
    const made = json('heap', 'objects', callsLog, '--made-by-line', '17', '--type', 'list');
    expect(made.objects.map((o: { value: string; line: number }) => `${o.value}@${o.line}`)).toEqual(['[<list>] (1 item)@17']);
    const inner = json('heap', 'objects', callsLog, '--made-by-line', '5', '--type', 'list');
    expect(inner.objects.map((o: { value: string }) => o.value)).toEqual(['[1, 2, 3, 0, 1, 2] (6 items)', '[1, 2, 3] (3 items)']);
    const listing = pymm('heap', 'objects', callsLog, '--line', '13');
    expect(listing.stdout).toMatch(/\n  range_iterator#\d+ +made at seq \d+ \(line 12\)\n/);
    expect(listing.stdout).not.toMatch(/"range_iterator"/);
  });

  it("show prints id() and the block it lies in (id() is past the GC header, as python3's sizes say); history --address and show --block take either", () => {
    // CPython 3.11: the bytes before id() are the GC header (and an instance's managed-dict pre-header)
    const py = spawnSync('python3', ['-c', 'import sys\nclass Node: pass\nprint(sys.getsizeof([]) - list.__basicsize__, sys.getsizeof(Node()) - Node.__basicsize__)'], { encoding: 'utf8' });
    expect(py.status).toBe(0);
    const [listPre, nodePre] = py.stdout.trim().split(' ').map(Number);
    const list = json('heap', 'show', callsLog, '--name', 'res');
    const node = json('heap', 'show', callsLog, '--name', 'a', '--line', '15');
    expect(list.address - list.block).toBe(listPre);
    expect(node.address - node.block).toBe(nodePre);
    const hex = (n: number) => `0x${n.toString(16)}`;
    expect(pymm('heap', 'show', callsLog, '--name', 'a', '--line', '15').stdout).toContain(`  id ${hex(node.address)}: ${nodePre} bytes into the block at ${hex(node.block)} (after the GC header and the managed-dict pre-header)\n`);
    // the block's history, from the object's id()
    const byId = pymm('history', callsLog, '--address', hex(node.address));
    expect(byId.stdout.split('\n')[0]).toMatch(new RegExp(`^${hex(node.address)} is inside the \\d+-byte block at ${hex(node.block)}, ${nodePre} bytes in: its history$`));
    expect(byId.stdout).toContain(`made Node#${node.id}`);
    const j = json('history', callsLog, '--address', hex(node.address));
    expect(j).toMatchObject({ address: node.address, block: node.block });
    expect(j.entries).toEqual(json('history', callsLog, '--address', hex(node.block)).entries);
    const blk = json('show', callsLog, '--block', hex(node.address), '--at', String(node.seq));
    expect(blk).toMatchObject({ address: node.block, asked: node.address, status: 'allocated', object: { id: node.id } });
    expect(pymm('show', callsLog, '--block', hex(node.address), '--at', String(node.seq)).stdout.split('\n')[0]).toMatch(/^0x[0-9a-f]+ is inside the \d+-byte block at 0x[0-9a-f]+, \d+ bytes in: that block$/);
  });
});

describe('frames and statements from the index equal a walk over the records', () => {
  it('framesAt, innermostFrameAt and whereAt at every seq (calls, recursion, a class body, shutdown)', () => {
    const src = join(dir, 'frames.py'), out = join(dir, 'frames.pymmlog');
    writeFileSync(src, `${calls}def fact(n):\n    if n <= 1:\n        return [1]\n    x = fact(n - 1)\n    return [n * x[0]]\nf = fact(5)\n`);
    expect(pymm('run', src, '--log', out, '--no-index').status).toBe(0);
    const t = Timeline.open(out);
    const ix = t.heap!.index;
    // the walk: a stack of frames, each with the line of its last statement
    const stack: { frame: number; line: number | null }[] = [];
    let entered = 0, startUp = true;
    for (const [seq, r] of t.heap!.entries()) {
      if (r.kind === 'command') {
        const c = r.command;
        if (typeof c['line'] === 'number' && Object.keys(c).length === 1 && stack.length > 0) stack[stack.length - 1]!.line = c['line'];
        else if (c['frame'] === 'enter') { stack.push({ frame: entered++, line: null }); startUp = false; }
        else if (c['frame'] === 'leave') stack.pop();
      }
      expect(ix.framesAt(seq).map((f) => f.frame), `seq ${seq}`).toEqual(stack.map((f) => f.frame));
      expect(ix.innermostFrameAt(seq)).toBe(stack.length > 0 ? stack[stack.length - 1]!.frame : -1);
      const w = ix.whereAt(seq);
      const own = [...stack].reverse().find((f) => f.line !== null);
      const want = stack.length === 0 ? (startUp ? 'start-up' : 'exit') : own === undefined ? 'start-up' : `line ${own.line}`;
      expect(w.kind === 'statement' ? `line ${w.line}` : w.kind, `seq ${seq}`).toBe(want);
    }
    expect(entered).toBeGreaterThan(5);
  });
});
