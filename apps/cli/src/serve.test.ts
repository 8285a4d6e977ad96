/**
 * `pymm serve`: bad input in one line, and the JSON API over a program, a heap log and a
 * CPython trace (the built CLI as a child process, free ports, temp files cleaned up).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, pymm, serve, type Served } from './serve/testServer.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const example = join(root, 'apps/web/public/examples/cycles.py');
const trace = fileURLToPath(new URL('./serve/fixtures/small.trace.gz', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pymm-serve-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pymm serve: bad input', () => {
  it('--help explains the files, --port and --host', () => {
    const r = pymm(['serve', '--help']);
    expect(r.status).toBe(0);
    for (const w of ['FILE.py', 'LOG.pymmlog', 'TRACE.gz', '--port', '--host', '127.0.0.1']) expect(r.stdout).toContain(w);
  });
  it('a missing file: one line, exit 2', () => {
    const r = pymm(['serve', join(dir, 'nope.pymmlog')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no such file/);
  });
  it('a file that is not a program, log or trace: one line, exit 2', () => {
    const f = join(dir, 'notes.txt');
    writeFileSync(f, 'hello, not a log\n');
    const r = pymm(['serve', f]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not a \.pymmlog, a CPython trace/);
  });
  it('a port in use: one line, exit 2', async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = pymm(['serve', example, '--port', String(port)]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`port ${port} .* is in use`));
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      blocker.close();
    }
  });
  it('bad flags: exit 2', () => {
    expect(pymm(['serve', '--port', 'x']).status).toBe(2);
    expect(pymm(['serve', '--colour']).status).toBe(2);
  });
});

describe('pymm serve FILE.py: the heap API', () => {
  let s: Served;
  let api: (path: string) => Promise<{ status: number; body: Record<string, any> }>;
  beforeAll(async () => {
    s = await serve([example]);
    api = (p) => getJson(new URL(`api/${p}`, s.url).href);
  });
  afterAll(async () => { await s?.stop(); });

  it('prints a localhost URL and serves the info', async () => {
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const { body } = await api('info');
    expect(body.kind).toBe('heap');
    expect(body.source).toContain('class Node');
    expect(body.run.stdout).toContain('unreachable cycle collected: 2');
    expect(body.run.byPosition).toBe(true);
    expect(body.length).toBeGreaterThan(100);
  });

  it('opens at the module\'s last statement (names bound, not None), and the output is what was printed by each position', async () => {
    const info = (await api('info')).body;
    expect(info.start).toBeGreaterThan(0);
    expect(info.start).toBeLessThan(info.length);
    const p = (await api(`position?at=${info.start}`)).body;
    // the last statement (the last print) has run: green; shutdown comes next
    const lastLine = Math.max(...Object.keys((await api('lines')).body.lines).map(Number));
    expect(p.line).toBe(lastLine);
    expect(p.stop).toBe(true);
    expect(p.nextLine).toBeNull();
    expect(p.nextCommand).toBe("the module's code ends");
    const keep = p.frames.at(-1).vars.find((v: { name: string }) => v.name === 'keep');
    expect(keep.type).toBe('Node');
    // printed so far: all but what the finalizer prints at shutdown
    expect(info.run.stdout.slice(0, p.output.stdout)).toMatch(/alive: keep 3\n$/);
    expect(info.run.stdout.slice(p.output.stdout)).toBe('finalizing keep\n');
    expect(p.output.stderr).toBe(0);
    // after shutdown __main__'s dict is gone (freed as cyclic garbage, as CPython frees it): no names
    const end = (await api(`position?at=${info.length}`)).body;
    expect(end.frames.at(-1)?.vars ?? []).toEqual([]);
    // at the start nothing is printed yet; before the first print's line, only what came before
    expect((await api('position?at=0')).body.output).toEqual({ stdout: 0, stderr: 0 });
    const printLines = info.source.split('\n').map((l: string, i: number) => (/^print\(/.test(l) ? i + 1 : 0)).filter((n: number) => n > 0);
    const lines = (await api('lines')).body.lines as Record<string, number[]>;
    const before = (await api(`position?at=${lines[String(printLines[0])]![0]}`)).body;
    const after = (await api(`position?at=${lines[String(printLines[1])]![0]}`)).body;
    expect(before.output.stdout).toBe(0);
    expect(info.run.stdout.slice(0, after.output.stdout)).toBe('finalizing a\nfinalizing b\nunreachable cycle collected: 2\n');
  });

  it('a position inside a statement says which line is running; a statement stop which is next', async () => {
    const lines = (await api('lines')).body.lines as Record<string, number[]>;
    const at = lines['19']![0]!; // before `del a, b`
    const stop = (await api(`position?at=${at}`)).body;
    expect(stop).toMatchObject({ stop: true, nextLine: 19, nextCommand: 'line 19: del a, b' });
    const inside = (await api(`position?at=${at + 1}`)).body;
    expect(inside).toMatchObject({ stop: false, nextLine: null, line: 19, command: 'line 19: del a, b' });
  });

  it('markers: the collection and the finalizers; lines: each statement', async () => {
    const { body } = await api('markers');
    const kinds = body.markers.map((m: { kind: string }) => m.kind);
    expect(kinds).toContain('collection');
    expect(kinds.filter((k: string) => k === 'finalizer').length).toBeGreaterThanOrEqual(2);
    const lines = (await api('lines')).body;
    expect(Object.keys(lines.lines).map(Number)).toContain(20);
  });

  it('position: the line, the module names, stepping stops', async () => {
    const lines = (await api('lines')).body.lines as Record<string, number[]>;
    const at = lines['19']![0]!; // before `del a, b`
    const p = (await api(`position?at=${at}`)).body;
    expect(p.nextLine).toBe(19);
    const names = p.frames[0].vars.map((v: { name: string }) => v.name);
    expect(names).toEqual(expect.arrayContaining(['numbers', 'table', 'a', 'b', 'Node', 'gc']));
    expect(p.nextStmt).toBeGreaterThan(at);
    expect(p.prevStmt).toBeLessThan(at);
    const found = (await api(`find?name=a.other&at=${at}`)).body;
    expect(found.description).toMatch(/^Node#\d+$/);
    expect((await api(`find?name=zzz&at=${at}`)).status).toBe(404);
  });

  it('graph: the cycle is marked, names are attached, changes are listed', async () => {
    const lines = (await api('lines')).body.lines as Record<string, number[]>;
    const at = lines['19']![0]!;
    const g = (await api(`graph?at=${at}&prev=${at - 5}`)).body;
    const a = g.nodes.find((n: { names: string[] }) => n.names.includes('a'));
    expect(a.type).toBe('Node');
    expect(a.inCycle).toBe(true);
    // held by the module's dict, not from outside the heap: the dict is the root
    expect(a.root).toBe(false);
    expect(g.nodes.some((n: { root: boolean; type: string }) => n.root && n.type === 'dict')).toBe(true);
    expect(g.edges.some((e: { from: number; label: string }) => e.from === a.id && e.label === '.other')).toBe(true);
    expect(Array.isArray(g.changed)).toBe(true);
    // the program's own cycle stands out: its globals dict and class are on cycles too (the
    // class's methods refer to the globals that hold the class), but not marked
    const node = g.nodes.find((n: { type: string; names: string[] }) => n.type === 'type' && n.names.includes('Node'));
    expect(node.inCycle).toBe(false);
    expect(g.nodes.filter((n: { type: string; root: boolean }) => n.type === 'dict' && n.root).every((n: { inCycle: boolean }) => !n.inCycle)).toBe(true);
    const all = (await api(`graph?at=${at}&all=1&limit=3000`)).body;
    expect(all.nodes.filter((n: { inCycle: boolean }) => n.inCycle).map((n: { type: string }) => n.type).sort()).toEqual(['Node', 'Node']);
    // the inspector's answer is about any cycle
    expect((await api(`object?at=${at}&id=${node.id}`)).body.inCycle).toBe(true);
  });

  it('collection: phases with gc_refs, and the cycle found unreachable', async () => {
    const marker = (await api('markers')).body.markers.find((m: { kind: string }) => m.kind === 'collection');
    const c = (await api(`collection?at=${marker.at}`)).body;
    expect(c.collected).toBe(2);
    const phases = new Set(c.steps.map((x: { phase: string }) => x.phase));
    for (const p of ['update_refs', 'subtract_refs', 'move_unreachable', 'finalizers', 'tp_clear', 'finished']) expect(phases).toContain(p);
    const moved = c.steps.filter((x: { title: string }) => /gc_refs 0, moved to unreachable/.test(x.title));
    expect(moved.length).toBeGreaterThanOrEqual(2);
    expect(c.steps.some((x: { title: string }) => /^scan done: 2 unreachable \(Node#\d+, Node#\d+\)$/.test(x.title))).toBe(true);
    expect(c.steps.every((x: { explain: string }) => x.explain.length > 0)).toBe(true);
  });

  it('arenas, pool, object, history, why, pins, diff, stats, series', async () => {
    const len = (await api('info')).body.length;
    const ar = (await api(`arenas?at=${len}`)).body;
    expect(ar.arenas.length).toBeGreaterThan(0);
    const keepAt = (await api('lines')).body.lines['23'][0];
    const keep = (await api(`find?name=keep&at=${keepAt}`)).body;
    const obj = (await api(`object?at=${keepAt}&id=${keep.id}`)).body;
    expect(obj.type).toBe('Node');
    expect(obj.references.some((r: { via: string; to: number }) => r.via === '.other' && r.to === keep.id)).toBe(true);
    const pool = (await api(`pool?at=${keepAt}&address=${obj.block}`)).body;
    expect(pool.blocks.find((b: { address: string }) => b.address === obj.block).status).toBe('allocated');
    const hist = (await api(`history?id=${keep.id}`)).body;
    expect(hist.entries[0].what).toMatch(/^created/);
    expect(hist.entries[0].cause).toMatch(/line 21: keep = Node\('keep'\)/);
    const byAddr = (await api(`history?address=${obj.block}`)).body;
    expect(byAddr.entries.some((e: { what: string }) => e.what === `holds object ${keep.id} (created)`)).toBe(true);
    const why = (await api(`why?id=${keep.id}&at=${keepAt}`)).body;
    expect(why.alive).toBe(true);
    expect(why.explanation).toMatch(/reference/);
    const pins = (await api(`pins?id=${keep.id}&at=${keepAt}`)).body;
    expect(pins.parts[0].part).toBe('object');
    const d = (await api(`diff?from=0&to=${keepAt}`)).body;
    expect(d.objects.counts.added).toBeGreaterThan(0);
    expect(d.arenas.length).toBeGreaterThan(0);
    const st = (await api(`stats?at=${keepAt}`)).body;
    expect(st.text).toMatch(/^Small block threshold = 512/);
    expect(st.gc.liveObjects).toBeGreaterThan(0);
    const se = (await api('series')).body;
    expect(se.positions.length).toBe(se.blocks.length);
    expect(Math.max(...se.blocks)).toBeGreaterThan(0);
  });

  it('POST /api/run: a new session for changed source; errors point at their line', async () => {
    const post = async (source: string) => (await fetch(new URL('api/run', s.url), { method: 'POST', body: JSON.stringify({ source }) })).json() as Promise<Record<string, any>>;
    const ok = await post('x = [1, 2]\nprint(len(x))\n');
    expect(ok.run.stdout).toBe('2\n');
    expect(ok.id).toMatch(/^r[0-9a-f]{12}$/);
    expect((await getJson(new URL(`api/info?log=${ok.id}`, s.url).href)).body.kind).toBe('heap');
    const bad = await post('x = 1\ny = x + undefined_name\n');
    expect(bad.run.exitCode).toBe(1);
    expect(bad.run.errorLine).toBe(2);
    expect(bad.run.stderr).toMatch(/NameError/);
    const syntax = await post('x = (\n');
    expect(syntax.id).toBeNull();
    expect(syntax.run.errorLine).toBe(1);
    expect((await getJson(new URL('api/position?log=nope', s.url).href)).status).toBe(404);
    expect((await getJson(new URL('api/position?at=-3', s.url).href)).status).toBe(400);
  });
});

describe('pymm serve FILE.py: frames, locals, and the questions the heap index answers', () => {
  let s: Served;
  let api: (path: string) => Promise<{ status: number; body: Record<string, any> }>;
  let lines: Record<string, number[]>;
  beforeAll(async () => {
    const f = join(dir, 'frames.py');
    writeFileSync(f, [
      'class Box:',
      '    def __init__(self, v):',
      '        self.v = v',
      '',
      'def make(n):',
      '    box = Box(n)',
      '    items = [box, n]',
      '    return items',
      '',
      'keep = make(7)',
      'print(len(keep))',
      '',
    ].join('\n'));
    s = await serve([f]);
    api = (p) => getJson(new URL(`api/${p}`, s.url).href);
    lines = (await api('lines')).body.lines;
  });
  afterAll(async () => { await s?.stop(); });
  const names = (f: { vars: { name: string }[] }) => f.vars.map((v) => v.name);

  it('position: the function frames on the stack, innermost first, with their locals, then the module', async () => {
    const p = (await api(`position?at=${lines['8']![0]}`)).body; // about to `return items`
    expect(p.frames.map((f: { name: string; kind: string }) => `${f.kind}:${f.name}`)).toEqual(['function:make', 'module:<module>']);
    const [make, module] = p.frames;
    expect(make.depth).toBe(2);
    expect(make.calledFrom).toBe(10);
    expect(names(make)).toEqual(['n', 'box', 'items']);
    expect(make.vars[0]).toMatchObject({ type: 'int', repr: '7', inline: true });
    expect(make.vars[1]).toMatchObject({ type: 'Box', inline: false });
    expect(names(module)).toEqual(['Box', 'make']);
    // inside Box.__init__, called by make(): three frames; make() has not bound box yet
    const q = (await api(`position?at=${lines['3']![0]}`)).body;
    expect(q.frames.map((f: { name: string }) => f.name)).toEqual(['Box.__init__', 'make', '<module>']);
    expect(q.frames[0].calledFrom).toBe(6);
    expect(names(q.frames[0])).toEqual(['self', 'v']);
    expect(names(q.frames[1])).toEqual(['n']);
    // storing a local is a record of its own, said in words, on the line that stored it
    const r = (await api(`position?at=${lines['7']![0]}`)).body;
    expect(r.command).toMatch(/^make: box = Box#\d+$/);
    expect(r.line).toBe(6);
    expect(r.nextLine).toBe(7);
    // after the call returned: the module only, with keep
    const t = (await api(`position?at=${lines['11']![0]}`)).body;
    expect(t.frames.map((f: { name: string }) => f.name)).toEqual(['<module>']);
    expect(names(t.frames[0])).toContain('keep');
  });

  it('find: a local of the innermost frame first, then the module; gone once its frame left', async () => {
    const at = lines['8']![0]!;
    const box = (await api(`find?name=box&at=${at}`)).body;
    expect(box).toMatchObject({ scope: 'local', frame: 'make' });
    expect(box.description).toMatch(/^Box#\d+$/);
    expect((await api(`find?name=items[0]&at=${at}`)).body.id).toBe(box.id);
    expect((await api(`find?name=Box&at=${at}`)).body.scope).toBe('module');
    const after = lines['11']![0]!;
    expect((await api(`find?name=box&at=${after}`)).status).toBe(404);
    expect((await api(`find?name=keep[0]&at=${after}`)).body.id).toBe(box.id);
    // the graph labels the locals' objects with their names
    const g = (await api(`graph?at=${at}`)).body;
    expect(g.nodes.find((n: { id: number }) => n.id === box.id).names).toEqual(['box']);
  });

  it('object, history and why alive: from the index (referrers, references, lists, refcounts, with their statements)', async () => {
    const at = lines['8']![0]!;
    const box = (await api(`find?name=box&at=${at}`)).body;
    const o = (await api(`object?at=${at}&id=${box.id}`)).body;
    expect(o.names).toEqual(['box']);
    expect(o.referrers.map((r: { via: string; description: string }) => `${r.description}${r.via}`)).toEqual([expect.stringMatching(/^list#\d+\[0\]$/)]);
    expect(o.external).toBe(1); // the frame's local
    const h = (await api(`history?id=${box.id}`)).body;
    expect(h.entries[0].what).toMatch(/^created at 0x[0-9a-f]+$/);
    expect(h.entries[0].cause).toBe('line 6: box = Box(n)');
    const whats = h.entries.map((e: { what: string }) => e.what);
    expect(whats).toContain('tracked by the collector (gen0)');
    expect(whats).toContain('reference .v set to int#' + o.references.find((r: { via: string }) => r.via === '.v').to + ' "7"');
    const held = h.entries.find((e: { what: string }) => /^referred to by list#\d+ \(\[0\]\)$/.test(e.what));
    expect(held.cause).toBe('line 7: items = [box, n]');
    expect(whats).toContain('freed');
    expect(h.total).toBe(h.entries.length);
    const why = (await api(`why?id=${box.id}&at=${at}`)).body;
    expect(why.alive).toBe(true);
    expect(why.path[0].id).toBe(box.id);
    expect(why.explanation).toMatch(/reference from outside the heap/);
    expect((await api(`history?id=999999`)).status).toBe(404);
  });

  it('a block\'s history names the object made in it; a pool names the object in each block', async () => {
    const at = lines['8']![0]!;
    const box = (await api(`find?name=box&at=${at}`)).body;
    const o = (await api(`object?at=${at}&id=${box.id}`)).body;
    const h = (await api(`history?address=${o.block}`)).body;
    const made = h.entries.find((e: { ref?: number; what: string }) => e.ref === box.id && e.what.startsWith('allocated'));
    expect(made.what).toMatch(new RegExp(`^allocated \\(\\d+ bytes requested\\): Box#${box.id}$`));
    expect(made.cause).toBe('line 6: box = Box(n)');
    expect(h.entries.some((e: { what: string }) => e.what === `holds object ${box.id} (created)`)).toBe(true);
    const pool = (await api(`pool?at=${at}&address=${o.block}`)).body;
    expect(pool.objects.find((b: { address: string }) => b.address === o.block)).toMatchObject({ id: box.id, description: `Box#${box.id}` });
  });

  it('markers: the collections, from the index', async () => {
    const m = (await api('markers')).body.markers;
    const c = m.find((x: { kind: string }) => x.kind === 'collection');
    expect(c.label).toMatch(/^gc gen \d( \(automatic\))?: \d+ collected/);
    expect(c.end).toBeGreaterThan(c.at);
    expect((await api('info')).body.index).toMatch(/^(read|built)$/);
  });
});

describe('pymm serve TRACE.gz: the allocator API', () => {
  let s: Served;
  let api: (path: string) => Promise<{ status: number; body: Record<string, any> }>;
  beforeAll(async () => {
    s = await serve([trace]);
    api = (p) => getJson(new URL(`api/${p}`, s.url).href);
  });
  afterAll(async () => { await s?.stop(); });

  it('builds a log, with progress on stderr, and answers the allocator questions', async () => {
    expect(s.stderr()).toMatch(/building a log from/);
    const info = (await api('info')).body;
    expect(info.kind).toBe('allocator');
    const markers = (await api('markers')).body.markers;
    expect(markers[0].kind).toBe('arena-allocated');
    const p = (await api(`position?at=${info.length}`)).body;
    expect(p.summary.blocks).toBeGreaterThan(0);
    expect(p.frames).toEqual([]);
    const ar = (await api(`arenas?at=${info.length}`)).body;
    const arena = ar.arenas[0];
    const pool = (await api(`pool?at=${info.length}&address=${arena.firstPool}`)).body;
    const block = pool.blocks.find((b: { status: string }) => b.status === 'allocated');
    const hist = (await api(`history?address=${block.address}`)).body;
    expect(hist.entries[0].what).toMatch(/^allocated by (Malloc|Calloc|Realloc)/);
    const pins = (await api(`pins?arena=${arena.index}&at=${info.length}`)).body;
    expect(pins.arenas[0].liveBlocks).toBe(arena.liveBlocks);
    const d = (await api(`diff?from=0&to=${info.length}`)).body;
    expect(d.arenas[0].status).toBe('added');
    expect((await api('graph')).status).toBe(404);
  });

  it('removes the log it built when stopped', async () => {
    const tmp = readdirSync(tmpdir()).filter((d) => d.startsWith('pymm-serve-')).map((d) => join(tmpdir(), d));
    const mine = tmp.filter((d) => { try { return readdirSync(d).some((f) => f.startsWith('small_trace_gz')); } catch { return false; } });
    expect(mine.length).toBeGreaterThan(0);
    expect(await s.stop()).toBe(0);
    // another run's directory may exist at the same time: ours is one of those that held the trace's log
    expect(mine.filter((d) => existsSync(d)).length).toBeLessThan(mine.length);
  });
});

/** POSTs to the API; the answer's status and JSON. */
async function postJson(base: string, path: string, body: string | Buffer): Promise<{ status: number; body: Record<string, any> }> {
  const r = await fetch(new URL(`api/${path}`, base), { method: 'POST', body });
  return { status: r.status, body: (await r.json()) as Record<string, any> };
}

/** The temporary directories of running servers that hold a file named `name`. */
function serveDirsHolding(name: string): string[] {
  return readdirSync(tmpdir()).filter((d) => d.startsWith('pymm-serve-')).map((d) => join(tmpdir(), d)).filter((d) => existsSync(join(d, name)));
}

describe('pymm serve: programs run in worker threads; logs dropped onto the page', () => {
  let s: Served;
  const sessions = async () => (await getJson<Record<string, any>>(new URL('api/sessions', s.url).href)).body;
  const until = async (f: () => Promise<boolean>) => { for (let i = 0; i < 600 && !(await f()); i++) await new Promise((ok) => setTimeout(ok, 50)); };
  beforeAll(async () => { s = await serve(['--time-limit', '2']); });
  afterAll(async () => { await s?.stop(); });

  it('with no file: no command line log (the page starts with its example)', async () => {
    expect(await sessions()).toEqual({ sessions: [], program: null, running: 0, runs: [] });
    expect((await getJson(new URL('api/info?log=main', s.url).href)).status).toBe(404);
  });

  it('a program that never ends: the server answers meanwhile, and the time limit stops it at a statement, with a log of what ran', async () => {
    const t0 = performance.now();
    const pending = postJson(s.url, 'run', JSON.stringify({ source: 'print("start")\ni = 0\nwhile True:\n    i += 1\n' }));
    await until(async () => (await sessions()).running === 1);
    const t1 = performance.now();
    const during = await sessions();
    expect(performance.now() - t1).toBeLessThan(1000);
    expect(during.running).toBe(1);
    expect(during.runs).toEqual([{ phase: 'running', seconds: expect.any(Number), indexed: 0 }]);
    const r = (await pending).body;
    expect(performance.now() - t0).toBeGreaterThan(1900);
    expect(r.run.exitCode).toBe(130);
    expect(r.run.stopped).toMatch(/^stopped after 2 s, the time limit of a run here/);
    expect(r.run.stderr).toMatch(/KeyboardInterrupt\n$/);
    expect(r.run.stdout).toBe('start\n');
    expect(r.id).toMatch(/^r[0-9a-f]{12}$/);
    const p = (await getJson<Record<string, any>>(new URL(`api/position?log=${r.id}&at=${r.info.start}`, s.url).href)).body;
    expect(p.frames.at(-1).vars.find((v: { name: string }) => v.name === 'i').type).toBe('int');
  });

  it('Stop (POST /api/stop) interrupts a running program as Ctrl-C does', async () => {
    const pending = postJson(s.url, 'run', JSON.stringify({ source: 'n = 0\nwhile True:\n    n += 1\n' }));
    await until(async () => (await sessions()).running === 1);
    expect((await postJson(s.url, 'stop', '')).body).toEqual({ stopped: 1 });
    const r = (await pending).body;
    expect(r.run.exitCode).toBe(130);
    expect(r.run.stopped).toMatch(/^stopped \(KeyboardInterrupt/);
    expect(r.id).not.toBeNull();
  });

  it('a removed dict entry is said with its key, read before the removal', async () => {
    const r = (await postJson(s.url, 'run', JSON.stringify({ source: "class Box:\n    pass\n\nbox = Box()\nd = {'k': box}\ndel d['k']\nprint('ok')\n" }))).body;
    const info = r.info;
    const box = (await getJson<Record<string, any>>(new URL(`api/find?log=${r.id}&name=box&at=${info.start}`, s.url).href)).body;
    const h = (await getJson<Record<string, any>>(new URL(`api/history?log=${r.id}&id=${box.id}`, s.url).href)).body;
    const whats = h.entries.map((e: { what: string }) => e.what);
    expect(whats).toContainEqual(expect.stringMatching(/^referred to by dict#\d+ \(\['k'\]\)$/));
    expect(whats).toContainEqual(expect.stringMatching(/^no longer referred to by dict#\d+ \(\['k'\]\)$/));
  });

  it('uploads a log (POST /api/open with its bytes): opened, its output recreated and tied to positions', async () => {
    const py = join(dir, 'upload.py');
    writeFileSync(py, 'xs = []\nfor i in range(3):\n    xs.append(i)\n    print(i)\n');
    const log = join(dir, 'upload.pymmlog');
    expect(pymm(['run', py, '--log', log]).status).toBe(0);
    const r = await postJson(s.url, 'open', readFileSync(log));
    expect(r.status).toBe(200);
    expect(r.body.id).toMatch(/^u[0-9a-f]{12}$/);
    expect(r.body.info.kind).toBe('heap');
    expect(r.body.info.run).toMatchObject({ stdout: '0\n1\n2\n', recreated: true, byPosition: true });
    const api = (q: string) => getJson<Record<string, any>>(new URL(`api/${q}&log=${r.body.id}`, s.url).href);
    expect((await api('position?at=0')).body.output).toEqual({ stdout: 0, stderr: 0 });
    const line4 = (await api('lines?')).body.lines['4'] as number[];
    expect((await api(`position?at=${line4[1]}`)).body.output).toEqual({ stdout: 2, stderr: 0 });
    expect((await api(`position?at=${r.body.info.start}`)).body.output).toEqual({ stdout: 6, stderr: 0 });
  });

  it('refuses a log over 2 GiB by its length (413, with a message) and a file that is not a log (400)', async () => {
    const big = await new Promise<{ status: number; body: string }>((ok, bad) => {
      const u = new URL('api/open', s.url);
      const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { 'content-length': String(3 * 1024 ** 3) } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => { body += c.toString(); });
        res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', bad);
      req.write(Buffer.alloc(1024));
    });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error).toMatch(/more than the 2147483648 bytes accepted here/);
    const notLog = await postJson(s.url, 'open', 'hello, not a log\n');
    expect(notLog.status).toBe(400);
    expect(notLog.body.error).toMatch(/not a \.pymmlog/);
  });

  it('SIGTERM while a program runs: it stops at once and removes its temporary directory', async () => {
    const t = await serve([]);
    const source = `# ${process.pid} ${Date.now()}\nwhile True:\n    pass\n`;
    const id = 'r' + createHash('sha256').update(source).digest('hex').slice(0, 12);
    void postJson(t.url, 'run', JSON.stringify({ source })).catch(() => undefined);
    await until(async () => serveDirsHolding(`${id}.pymmlog`).length > 0);
    const mine = serveDirsHolding(`${id}.pymmlog`);
    expect(mine).toHaveLength(1);
    const t0 = performance.now();
    expect(await t.stop()).toBe(0);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(existsSync(mine[0]!)).toBe(false);
  });
});

describe('pymm serve FILE.py that does not run: opened in the editor with its error', () => {
  it('a syntax error, code outside the subset: served, the program and its error in /api/sessions', async () => {
    for (const [name, text, exitCode, error] of [['syntax.py', 'x = (1,\n', 1, /SyntaxError: '\(' was never closed/], ['subset.py', 'x = 1\nimport os\n', 2, /outside the pylite subset/]] as const) {
      const f = join(dir, name);
      writeFileSync(f, text);
      const t = await serve([f]);
      try {
        const b = (await getJson<Record<string, any>>(new URL('api/sessions', t.url).href)).body;
        expect(b.sessions).toEqual([]);
        expect(b.program.source).toBe(text);
        expect(b.program.filename).toBe(f);
        expect(b.program.run.exitCode).toBe(exitCode);
        expect(b.program.run.stderr).toMatch(error);
        expect(b.program.run.errorLine).toBe(text.split('\n').length - 1);
      } finally {
        expect(await t.stop()).toBe(0);
      }
    }
  });
});
