import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { LogReader } from '@pymm/eventlog';
import { HeapCodec, type HeapRecord } from '@pymm/gc';
import { verifyHeapLog } from '@pymm/engine';

const bin = fileURLToPath(new URL('../bin/pymm.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pymm-tl-'));
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
/** Every record of a heap log, decoded. */
const records = (path: string): HeapRecord[] => {
  const r = LogReader.open(path);
  try {
    const codec = new HeapCodec();
    return r.frames.flatMap((f, i) => codec.decode(r.readFrame(i), f.firstSeq, f.count));
  } finally {
    r.close();
  }
};
/** A copy of a log with one byte flipped in the middle. */
const corrupt = (log: string, name: string): string => {
  const copy = Buffer.from(readFileSync(log));
  copy[Math.floor(copy.length / 2)] ^= 0xff;
  const out = join(dir, name);
  writeFileSync(out, copy);
  return out;
};

// A small, well-formed trace: an arena, a pool of 48-byte blocks, frees, a raw block.
const lines = ['#pymtrace 1', 'A 7f0000000000'];
for (let k = 0; k < 20; k++) lines.push(`M ${(0x7f0000000030 + 48 * k).toString(16)} 40`);
for (let k = 0; k < 20; k += 2) lines.push(`F ${(0x7f0000000030 + 48 * k).toString(16)}`);
lines.push('M 555500001000 600', 'F 555500001000', 'F 0');
const trace = join(dir, 't.trace');
writeFileSync(trace, lines.join('\n') + '\n');
const log = join(dir, 't.pymmlog');

describe('allocator logs: pymm log build / show / history / pins / diff / verify', () => {
  it('builds a log (and its index) and refuses to overwrite it without --force', () => {
    const r = pymm('log', 'build', trace, '-o', log, '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ calls: 33, events: 32 + 2 /* ArenaAllocated, PoolInitialized */ });
    expect(existsSync(`${log}.idx`)).toBe(true);
    const again = pymm('log', 'build', trace, '-o', log);
    expect(again.status).toBe(2);
    // the flag to pass, not the writer's API ("{ overwrite: true }")
    expect(again.stderr).toBe(`pymm log build: -o ${log} already exists; --force replaces it\n`);
    expect(pymm('log', 'build', trace, '-o', log, '--force').status).toBe(0);
  });

  it('show, history, pins and diff answer', () => {
    const show = json('show', log, '--at', '2');
    expect(show).toMatchObject({ seq: 2, kind: 'allocator', heap: null });
    expect(show.record).toMatch(/^PoolInitialized/);
    expect(show.stats).toContain('# arenas allocated total');
    const text = pymm('show', log, '--at', '1');
    expect(text.stdout).toMatch(/^seq 1 of \d+: ArenaAllocated .*\(caused by seq 0\)\n\nSmall block threshold = 512/);
    const block = json('show', log, '--at', '60', '--block', '7f0000000030');
    expect(block).toMatchObject({ status: 'free', blockBytes: 48, object: null });
    expect(block.history.map((h: { kind: string }) => h.kind)).toEqual(['allocated', 'freed']);
    const pool = json('show', log, '--at', '60', '--pool', '7f0000000000');
    expect(pool).toMatchObject({ sizeIndex: 2, count: 11, blocksPerPool: 340, arenaIndex: 0 }); // seq 60: the 10th Free, its BlockFreed next
    expect(pool.history).toEqual([expect.objectContaining({ kind: 'initialized', sizeIndex: 2 })]);
    const hist = json('history', log, '--address', '0x7f0000000030');
    expect(hist).toMatchObject({ address: 0x7f0000000030, total: 2, offset: 0 });
    expect(hist.entries.map((e: { kind: string; command: string }) => `${e.kind} ${e.command}`)).toEqual(['allocated Malloc', 'freed Free']);
    const pins = json('pins', log, '--at', '61');
    expect(pins.arenas[0].liveBlocks).toHaveLength(10);
    expect(pins.arenas[0].liveBlocks[0]).toEqual({ address: 0x7f0000000060, sizeIndex: 2, allocatedAt: expect.any(Number) });
    const diff = json('diff', log, '--from', '41', '--to', '61');
    expect(diff.classes[0]).toMatchObject({ sizeIndex: 2, blocks: [20, 10] });
    expect(diff.heap).toBeNull();
    const diffText = pymm('diff', log, '--from', '41', '--to', '61');
    expect(diffText.stdout).toMatch(/class {2}2 \( 48 B\): pools 1 -> 1 \(0\), blocks 20 -> 10 \(-10\)/);
  });

  it('history is paged: it says how many entries there are and shows --limit from --offset', () => {
    const page = json('history', log, '--address', '0x7f0000000030', '--limit', '1', '--offset', '1');
    expect(page).toMatchObject({ total: 2, offset: 1 });
    expect(page.entries).toEqual([expect.objectContaining({ kind: 'freed', command: 'Free' })]);
    const text = pymm('history', log, '--address', '0x7f0000000030', '--limit', '1');
    expect(text.stdout).toMatch(/^0x7f0000000030: 2 events, 1\.\.1 shown \(--offset N, --limit N for others\)/);
    expect(text.stdout.trim().split('\n')).toHaveLength(2);
    expect(text.stdout).toMatch(/seq +\d+ {2}allocated +Malloc\(40 B\)/);
    // a Free has no size to say
    expect(pymm('history', log, '--address', '0x7f0000000030', '--offset', '1').stdout).toMatch(/seq +\d+ {2}freed +Free\n$/);
    expect(pymm('history', log, '--address', '0x7f0000000030', '--limit', '0').stderr).toMatch(/--limit takes a whole number >= 1/);
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
    expect(out.stderr).toMatch(/^pymm show: seq 999999 is outside the log \(-1 \.\. \d+\)\n$/);
    expect(pymm('diff', log, '--from', '-2', '--to', '3').stderr).toMatch(/seq -2 is outside the log/);
    expect(pymm('show', log, '--at', 'end').stderr).toMatch(/--at takes a seq/);
    const v = pymm('verify', corrupt(log, 'corrupt.pymmlog'));
    expect(v.status).toBe(2);
    expect(v.stderr).toMatch(/corrupt\.pymmlog: damaged\n/);
    for (const cmd of [['show', trace, '--at', '0'], ['verify', trace], ['log', 'export', trace]]) {
      const notLog = pymm(...cmd);
      expect(notLog.status).toBe(2);
      expect(notLog.stderr).toMatch(/t\.trace: not a pymm log/);
      expect(notLog.stderr).not.toMatch(/t\.trace: .*t\.trace:/);
      expect(notLog.stderr.trim().split('\n')).toHaveLength(1);
      expect(notLog.stderr).not.toMatch(/\bat .*\.js:\d+/);
    }
  });

  it('log export and import round-trip through JSON Lines; a bad line is named', () => {
    const jsonl = join(dir, 't.jsonl'), back = join(dir, 'back.pymmlog');
    expect(pymm('log', 'export', log, '-o', jsonl).status).toBe(0);
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!).header).toMatchObject({ domain: 'obmalloc', codec: 'obmalloc-v1' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ seq: 0, kind: 'command', command: { type: 'Malloc', requestBytes: 40 } });
    const imported = pymm('log', 'import', jsonl, '-o', back);
    expect(imported.stdout).toMatch(/back\.pymmlog: 67 records imported from .*t\.jsonl \(an allocator log\)/);
    expect(pymm('verify', back).status).toBe(0);
    expect(pymm('log', 'export', back).stdout.trim()).toBe(readFileSync(jsonl, 'utf8').trim());
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, [...lines.slice(0, 3), '{not json', ...lines.slice(3)].join('\n'));
    const r = pymm('log', 'import', bad, '-o', join(dir, 'bad.pymmlog'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^pymm log import: .*bad\.jsonl:4: invalid JSON/);
    const foreign = join(dir, 'foreign.jsonl');
    writeFileSync(foreign, [JSON.stringify({ header: { ...JSON.parse(lines[0]!).header, domain: 'tcp' } }), ...lines.slice(1)].join('\n'));
    const f = pymm('log', 'import', foreign, '-o', join(dir, 'foreign.pymmlog'));
    expect(f.status).toBe(2);
    expect(f.stderr).toMatch(/foreign\.jsonl:1: this log holds 'tcp' records; pymm reads allocator \('obmalloc'\) and heap \('heap'\) logs/);
  });

  it('verify passes a good log; one whose events the model does not make fails with exit 1', () => {
    const ok = pymm('verify', log);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^ok: .*t\.pymmlog: an allocator log, 1 frame, 67 records \(33 commands\): every checksum and every event matches the model/);
    expect(json('verify', log)).toMatchObject({ ok: true, kind: 'allocator', records: 67, commands: 33, disagreement: null });
    // the first Malloc said to return another block than the model gives
    const jsonl = join(dir, 'wrong.jsonl'), wrong = join(dir, 'wrong.pymmlog');
    pymm('log', 'export', log, '-o', jsonl);
    const recs = readFileSync(jsonl, 'utf8').trim().split('\n');
    const i = recs.findIndex((l) => l.includes('"BlockAllocated"'));
    recs[i] = recs[i]!.replace(/"address":(\d+)/, (_, a: string) => `"address":${Number(a) + 48}`);
    writeFileSync(jsonl, recs.join('\n'));
    expect(pymm('log', 'import', jsonl, '-o', wrong).status).toBe(0);
    const v = pymm('verify', wrong);
    expect(v.status).toBe(1);
    expect(v.stderr).toMatch(/wrong\.pymmlog: seq 0: the log and the model disagree: .*BlockAllocated/);
    const j = pymm('verify', wrong, '--json');
    expect(j.status).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, kind: 'allocator', problems: [], disagreement: { seq: 0 } });
  });

  it('bench seek reports its figures as JSON', () => {
    const b = json('bench', 'seek', log, '--n', '50');
    for (const k of ['p50Ms', 'p99Ms', 'maxMs', 'checkpointBytes', 'indexBytes', 'logBytes', 'indexFileBytes', 'openMs', 'historyMs', 'pinsMs']) expect(typeof b[k]).toBe('number');
    expect(b).toMatchObject({ kind: 'allocator', seeks: 50, records: 67, indexOrigin: 'read' });
  });

  it('an index that is missing or stale is rebuilt with a one-line notice (none with --json)', () => {
    unlinkSync(`${log}.idx`);
    const r = pymm('show', log, '--at', '5');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^pymm: .*t\.pymmlog\.idx: there is no index file; indexing the log \(67 records\)\n$/);
    expect(existsSync(`${log}.idx`)).toBe(true);
    expect(pymm('show', log, '--at', '5').stderr).toBe('');
    unlinkSync(`${log}.idx`);
    expect(pymm('history', log, '--address', '7f0000000030', '--json').stderr).toBe('');
  });
});

// A heap log written by `pymm run --log`: two Nodes in a cycle, collected.
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
x = Node()
print('done')
`;
const py = join(dir, 'cycle.py');
writeFileSync(py, program);
const heapLog = join(dir, 'run.pymmlog');

describe('heap logs (pymm run --log): the same commands', () => {
  let beforeDel = 0, afterCollect = 0, nodes: number[] = [];

  it('pymm run writes the log and its index', () => {
    const r = pymm('run', py, '--log', heapLog);
    expect(r.stdout).toBe('collected 2\ndone\n');
    expect(r.status).toBe(0);
    expect(existsSync(`${heapLog}.idx`)).toBe(true);
    beforeDel = json('heap', 'lines', heapLog, '--line', '10').seqs[0] - 1;
    afterCollect = json('heap', 'lines', heapLog, '--line', '12').seqs[0] - 1;
    nodes = json('heap', 'objects', heapLog, '--type', 'Node', '--at', String(beforeDel)).objects.map((o: { id: number }) => o.id);
    expect(nodes).toHaveLength(2);
  });

  it('show: stats with the heap counts; the record line names the statement', () => {
    const s = json('show', heapLog, '--at', String(beforeDel));
    expect(s).toMatchObject({ kind: 'heap', seq: beforeDel, heap: { thresholds: [700, 10, 10] } });
    expect(s.heap.liveObjects).toBeGreaterThan(100);
    expect(s.stats).toContain('# arenas allocated total');
    const text = pymm('show', heapLog, '--at', String(beforeDel + 1));
    expect(text.stdout).toMatch(/^seq \d+ of \d+: line 10: del a, b\n\d+ live objects; gc\.get_count\(\) \[\d+,0,0\], thresholds \[700,10,10\]\n\nSmall block threshold/);
    // an event names its cause, the statement, and an allocator event is spelled out
    const events = pymm('show', heapLog, '--at', String(beforeDel + 3)).stdout.split('\n')[0];
    expect(events).toMatch(/\(caused by seq \d+: line 10: del a, b\)$/);
  });

  it('pins, show --block and history say which object is in a block', () => {
    const pins = json('pins', heapLog, '--at', String(beforeDel));
    const blocks = pins.arenas.flatMap((a: { liveBlocks: { address: number; object: number | null; description: string | null }[] }) => a.liveBlocks);
    const a = blocks.find((b: { object: number | null }) => b.object === nodes[0]);
    expect(a).toMatchObject({ description: `Node#${nodes[0]}`, allocatedAt: expect.any(Number) });
    expect(blocks.some((b: { object: number | null }) => b.object === null)).toBe(true); // storage: the list's items
    const pinsText = pymm('pins', heapLog, '--at', String(beforeDel), '--limit', '100').stdout;
    expect(pinsText).toMatch(new RegExp(`0x${a.address.toString(16)} +class +\\d+ +allocated at seq ${a.allocatedAt} +Node#${nodes[0]}\\n`));
    const address = `0x${a.address.toString(16)}`;
    const block = json('show', heapLog, '--at', String(beforeDel), '--block', address);
    expect(block).toMatchObject({ status: 'allocated', allocatedAt: a.allocatedAt, object: { id: nodes[0], type: 'Node', description: `Node#${nodes[0]}` } });
    expect(pymm('show', heapLog, '--at', String(beforeDel), '--block', address).stdout).toContain(`\n  holds Node#${nodes[0]}\n`);
    const freed = json('show', heapLog, '--at', String(afterCollect), '--block', address);
    expect(freed).toMatchObject({ status: 'free', allocatedAt: null, object: null });
    const hist = json('history', heapLog, '--address', address);
    expect(hist.total).toBe(hist.entries.length);
    const mine = hist.entries.filter((e: { seq: number }) => e.seq >= a.allocatedAt && e.seq <= afterCollect);
    expect(mine.map((e: { kind: string; object?: number }) => `${e.kind}${e.object !== undefined ? ` ${e.object}` : ''}`)).toEqual(['allocated', `object ${nodes[0]}`, 'freed']);
    const histText = pymm('history', heapLog, '--address', address).stdout;
    expect(histText).toMatch(new RegExp(`made Node#${nodes[0]} +\\[line 5: a = Node\\(\\)\\]`));
    expect(histText).toMatch(/freed +\[line 11: print\('collected', gc\.collect\(\)\)\]/);
    const page = json('history', heapLog, '--address', address, '--limit', '1', '--offset', String(hist.total - 1));
    expect(page).toMatchObject({ total: hist.total, offset: hist.total - 1, entries: [hist.entries[hist.total - 1]] });
    // pool history is indexed for allocator logs only: null, and said so
    const pool = `0x${(a.address - (a.address % 16384)).toString(16)}`;
    expect(json('show', heapLog, '--at', String(beforeDel), '--pool', pool).history).toBeNull();
    expect(pymm('show', heapLog, '--at', String(beforeDel), '--pool', pool).stdout).toContain('(pool events are indexed for allocator logs only)');
  });

  it('diff: the allocator part and the objects freed, by type', () => {
    const d = json('diff', heapLog, '--from', String(beforeDel), '--to', String(afterCollect));
    expect(d.heap.removed.map((o: { id: number }) => o.id)).toEqual(nodes);
    expect(d.heap.added).toEqual([]);
    expect(d.heap.byType).toContainEqual({ type: 'Node', count: [2, 0] });
    expect(d.classes.length).toBeGreaterThan(0);
    const text = pymm('diff', heapLog, '--from', String(beforeDel), '--to', String(afterCollect)).stdout;
    expect(text).toContain('  objects: 0 made, 2 freed');
    expect(text).toContain('  type Node: 2 -> 0 (-2)');
    expect(text).toContain(`  - Node#${nodes[0]}\n  - Node#${nodes[1]}\n`);
  });

  it('verify folds every record; a log the model cannot have made exits 1, a damaged one 2', () => {
    const ok = pymm('verify', heapLog);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^ok: .*run\.pymmlog: a heap log, 1 frame, \d+ records \(13 statements, .*\d+ objects made, \d+ freed, 2 collections\): every checksum holds, every event has a command as its cause and touches only live objects, and applies to the model; the heap's invariants hold at 1 point \(the end; sampled: statement boundaries at least 1,024 records apart, as many as fit in 20% of the time the fold took\)/);
    expect(json('verify', heapLog)).toMatchObject({
      ok: true, kind: 'heap', disagreement: null,
      heap: { statements: 13, collections: 2, invariantChecks: 1, invariantPoints: { moduleLevel: 0, inCalls: 0, end: 1 }, invariantBudget: { records: 1024, share: 0.2, by: 'time' } },
    }); // gc.collect() and the one at exit
    // `del a` takes 3 references from the first Node instead of 1
    const jsonl = join(dir, 'run.jsonl');
    expect(pymm('log', 'export', heapLog, '-o', jsonl).status).toBe(0);
    const recs = readFileSync(jsonl, 'utf8').trim().split('\n');
    const i = recs.findIndex((l) => l.includes(`"RefcountChanged","id":${nodes[0]},"delta":-1`) && JSON.parse(l).seq > beforeDel);
    recs[i] = recs[i]!.replace('"delta":-1', '"delta":-3');
    const negative = join(dir, 'negative.pymmlog');
    writeFileSync(jsonl, recs.join('\n'));
    expect(pymm('log', 'import', jsonl, '-o', negative).status).toBe(0);
    const v = pymm('verify', negative);
    expect(v.status).toBe(1);
    expect(v.stderr).toBe(`pymm verify: ${negative}: seq ${i - 1}: the log and the model disagree: RefcountChanged -3 of object ${nodes[0]} takes its refcount from 2 below 0\n`);
    // an event whose cause is another event
    const causes = readFileSync(join(dir, 'run.jsonl'), 'utf8').trim().split('\n');
    const k = causes.findIndex((l, n) => n > 2 && l.includes('"kind":"event"') && causes[n - 1]!.includes('"kind":"event"'));
    causes[k] = causes[k]!.replace(/"cause":\d+/, `"cause":${k - 2}`);
    const badCause = join(dir, 'cause.pymmlog');
    writeFileSync(jsonl, causes.join('\n'));
    expect(pymm('log', 'import', jsonl, '-o', badCause).status).toBe(0);
    const c = pymm('verify', badCause);
    expect(c.status).toBe(1);
    expect(c.stderr).toContain(`seq ${k - 1}: the log and the model disagree: its cause, record ${k - 2}, is not an earlier command record`);
    // the other commands cannot index such a log: one line, not a stack trace
    const s = pymm('show', badCause, '--at', '0', '--quiet');
    expect([1, 2]).toContain(s.status);
    expect(s.stderr.trim().split('\n')).toHaveLength(1);
    expect(s.stderr).toMatch(/is not an earlier command record/);
    const d = pymm('verify', corrupt(heapLog, 'corrupt-heap.pymmlog'));
    expect(d.status).toBe(2);
    expect(d.stderr).toMatch(/corrupt-heap\.pymmlog: damaged\n/);
  });

  it('log export and import round-trip a heap log exactly (floats JSON cannot hold included)', () => {
    const floats = join(dir, 'floats.py'), floatLog = join(dir, 'floats.pymmlog');
    writeFileSync(floats, "x = float('inf')\ny = float('-inf')\nz = float('nan')\nw = -0.0\nprint(x, y, z, w)\n");
    const run = pymm('run', floats, '--log', floatLog);
    expect(run.stdout).toBe('inf -inf nan -0.0\n');
    for (const source of [heapLog, floatLog]) {
      const jsonl = join(dir, 'rt.jsonl'), back = join(dir, 'rt.pymmlog');
      expect(pymm('log', 'export', source, '-o', jsonl, '--force').status).toBe(0);
      const text = readFileSync(jsonl, 'utf8');
      expect(JSON.parse(text.split('\n')[0]!).header).toMatchObject({ domain: 'heap', codec: 'heap-v2' });
      expect(JSON.parse(text.split('\n')[1]!)).toMatchObject({ seq: 0, kind: 'command' });
      const imported = pymm('log', 'import', jsonl, '-o', back, '--force');
      expect(imported.stdout).toMatch(/imported from .*rt\.jsonl \(a heap log\)/);
      expect(pymm('log', 'export', back).stdout).toBe(text);
      expect(pymm('verify', back).status).toBe(0);
      // the very same records (NaN, -0.0 and all)
      const a = records(source), b = records(back);
      expect(b.length).toBe(a.length);
      expect(isDeepStrictEqual(a, b)).toBe(true);
      if (source === floatLog) {
        for (const v of ['inf', '-inf', 'nan', '-0.0']) expect(text).toMatch(new RegExp(`"type":"ObjectCreated","id":\\d+,"kind":4,.*"value":"${v}"`));
        const values = b.flatMap((r) => (r.kind === 'event' && r.event.type === 'ObjectCreated' && r.event.kind === 4 ? [r.event.value] : []));
        expect(values).toEqual(expect.arrayContaining([Infinity, -Infinity, NaN, -0]));
      }
    }
  });

  it('bench seek times whole-heap seeks and reads the index', () => {
    const b = json('bench', 'seek', heapLog, '--n', '30');
    expect(b).toMatchObject({ kind: 'heap', seeks: 30, checkpointBytes: null, indexOrigin: 'read' });
    for (const k of ['p50Ms', 'p99Ms', 'indexBytes', 'indexFileBytes', 'historyMs', 'pinsMs']) expect(typeof b[k]).toBe('number');
  });

  it('a stale index is rebuilt with a notice; --json and --quiet keep stderr empty', () => {
    const other = join(dir, 'other.pymmlog'), small = join(dir, 'small.py');
    writeFileSync(small, 'x = [1]\n');
    expect(pymm('run', py, '--log', other).status).toBe(0);
    // the log is written again (another program) and its old index stays beside it
    expect(pymm('run', small, '--log', other, '--no-index', '--force').status).toBe(0);
    const quiet = pymm('show', other, '--json');
    expect(quiet.stderr).toBe('');
    expect(JSON.parse(quiet.stdout).record).toMatch(/start-up and exit/);
    copyFileSync(`${heapLog}.idx`, `${other}.idx`);
    expect(pymm('pins', other, '--quiet').stderr).toBe('');
    copyFileSync(`${heapLog}.idx`, `${other}.idx`);
    const r = pymm('show', other);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^pymm: .*other\.pymmlog\.idx: the index was built for another version of the log \(its size or checksum differ\); indexing the log \(\d+ records\)\n$/);
    expect(pymm('show', other).stderr).toBe('');
  });
});

describe('wrong files: every timeline command says what is wrong in one line and exits 2', () => {
  // a heap log and its index, then files that are not logs
  const wrong = join(dir, 'wrong');
  mkdirSync(wrong, { recursive: true });
  const good = join(wrong, 'good.pymmlog');
  const files: Record<string, string> = {
    'the index file': `${good}.idx`,
    'a trace': join(wrong, 't.trace.gz'),
    'a text file': join(wrong, 'notes.txt'),
    'an empty file': join(wrong, 'empty.pymmlog'),
    'a directory': join(wrong, 'dir'),
  };
  const expected: Record<string, RegExp> = {
    'the index file': /good\.pymmlog\.idx: this is an index file \(pymm's index of a log\), not a log; pass the log .*good\.pymmlog$/,
    'a trace': /t\.trace\.gz: not a pymm log: the file does not start with "PYMMLOG\\n"/,
    'a text file': /notes\.txt: not a pymm log/,
    'an empty file': /empty\.pymmlog: an empty file, not a pymm log$/,
    'a directory': /dir: is a directory$/,
  };
  const commands: [string, (f: string) => string[]][] = [
    ['show', (f) => ['show', f]], ['show --block', (f) => ['show', f, '--block', '0x10']], ['history', (f) => ['history', f, '--address', '0x10']],
    ['pins', (f) => ['pins', f]], ['diff', (f) => ['diff', f, '--from', '0', '--to', '1']], ['verify', (f) => ['verify', f]],
    ['log export', (f) => ['log', 'export', f]], ['bench seek', (f) => ['bench', 'seek', f, '--n', '2']],
    ...['collections', 'stats', 'objects'].map((q): [string, (f: string) => string[]] => [`heap ${q}`, (f) => ['heap', q, f]]),
    ['heap show', (f) => ['heap', 'show', f, '--name', 'a']], ['heap why', (f) => ['heap', 'why', f, '--object', '5']],
    ['heap history', (f) => ['heap', 'history', f, '--name', 'a']], ['heap names', (f) => ['heap', 'names', f, '--name', 'a']],
    ['heap lines', (f) => ['heap', 'lines', f, '--line', '1']], ['heap pins', (f) => ['heap', 'pins', f, '--arena', '0']],
  ];

  it('makes the files', () => {
    const src = join(wrong, 'p.py');
    writeFileSync(src, 'a = [1]\n');
    expect(pymm('run', src, '--log', good).status).toBe(0);
    writeFileSync(files['a trace']!, gzipSync('#pymtrace 1\nA 7f0000000000\nM 7f0000000030 40\n'));
    writeFileSync(files['a text file']!, 'hello\n');
    writeFileSync(files['an empty file']!, '');
    mkdirSync(files['a directory']!);
  });

  for (const [what, file] of Object.entries(files)) {
    it(what, () => {
      for (const [name, argv] of commands) {
        const r = pymm(...argv(file));
        expect(r.status, `${name} ${what}`).toBe(2);
        const lines = r.stderr.trim().split('\n');
        expect(lines, `${name} ${what}: ${r.stderr}`).toHaveLength(1);
        expect(lines[0], name).toMatch(new RegExp(`^pymm ${name.split(' ')[0]}[a-z ]*: `));
        expect(lines[0], name).toMatch(expected[what]!);
      }
      // nothing was written beside it: no index for what is not a log
      if (what !== 'a directory' && what !== 'the index file') expect(existsSync(`${file}.idx`)).toBe(false);
    });
  }

  it('a damaged log with no usable record: said, exit 2, no index written', () => {
    for (const [how, damage] of [['a byte flipped', (b: Buffer) => { b[b.length >> 1] ^= 0xff; return b; }], ['cut short', (b: Buffer) => b.subarray(0, b.length >> 1)]] as const) {
      const log = join(wrong, `damaged-${how.replace(/ /g, '-')}.pymmlog`);
      writeFileSync(log, damage(Buffer.from(readFileSync(good))));
      for (const argv of [['heap', 'show', log, '--line', '1', '--name', 'a'], ['show', log], ['history', log, '--address', '0x10']]) {
        const r = pymm(...argv);
        expect(r.status, `${how}: ${argv.join(' ')}`).toBe(2);
        expect(r.stderr).toMatch(new RegExp(`^pymm ${argv[0]}: .*damaged-.*\\.pymmlog: the log is damaged at byte \\d+ \\(.*\\) and no record before it is intact: nothing to read \\('pymm verify .*' says more\\)\\n$`));
      }
      expect(existsSync(`${log}.idx`), how).toBe(false);
      expect(pymm('verify', log).status).toBe(2);
    }
  });
});

describe('verify: the heap\'s invariants at statements inside calls too, never while a finalizer or callback runs', () => {
  it('a program whose work is inside a call: points inside it, counted and said', () => {
    const src = join(dir, 'work.py'), out = join(dir, 'work.pymmlog');
    writeFileSync(src, 'def work():\n    xs = []\n    for i in range(400):\n        xs.append([i])\n    return len(xs)\nprint(work())\n');
    expect(pymm('run', src, '--log', out).stdout).toBe('400\n');
    const v = json('verify', out);
    const p = v.heap.invariantPoints;
    expect(p.inCalls).toBeGreaterThan(0);
    expect(p.end).toBe(1);
    expect(v.heap.invariantChecks).toBe(p.moduleLevel + p.inCalls + p.end);
    expect(v.heap.invariantBudget).toEqual({ records: 1024, share: 0.2, by: 'time' });
    // (how many fit in the time budget varies from run to run)
    expect(pymm('verify', out).stdout).toMatch(/the heap's invariants hold at \d+ points \((\d+ between module-level statements, )?\d+ between statements inside calls, the end; sampled: statement boundaries at least 1,024 records apart, as many as fit in 20% of the time the fold took\)/);
  });

  // finalizers (__del__), weakref callbacks and gc callbacks run statements in the middle of
  // a deallocation or an allocation: checked at every other statement, no false alarm
  const corpus = fileURLToPath(new URL('../../../tools/cpython-oracle/corpus/', import.meta.url));
  for (const program of ['071_dealloc_order_containers.py', '073_del_chain.py', '104_gc_automatic.py', '110_weakref_callback_order.py', '115_weakref_finalize.py']) {
    it(program, () => {
      const out = join(dir, `${program}.pymmlog`);
      expect(pymm('run', join(corpus, program), '--log', out, '--no-index').status).toBe(0);
      const r = verifyHeapLog(out, { invariantEvery: 1, checkBudget: { share: Infinity } });
      expect(r.problem).toBeNull();
      expect(r.invariantPoints.inCalls).toBeGreaterThan(0);
      expect(r.invariantPoints.moduleLevel).toBeGreaterThan(0);
    });
  }
});
