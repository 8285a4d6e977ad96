import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/pymm.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pymm-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pymm(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function trace(name: string, body: string, gzip = false): string {
  const path = join(dir, name);
  const text = '#pymtrace 1\n#python 3.11.7\n' + body;
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
}

// A well-formed trace: one arena at a pool-aligned base, two blocks, one freed, a raw block.
const GOOD = 'A 7f0000000000\nM 7f0000000030 40\nM 7f0000000060 33\nF 7f0000000030\nM 555500001000 600\nF 555500001000\nF 0\nS end\n';

describe('pymm replay on malformed traces: one line naming the line, exit 2', () => {
  const cases: [string, string, RegExp][] = [
    ['bad line', 'A 7f0000000000\nM 7f0000000030\n', /bad-line\.trace:4: malformed event 'M 7f0000000030'/],
    ['unknown event', 'A 7f0000000000\nQ 12 34\n', /unknown-event\.trace:4: unknown event 'Q 12 34'/],
    ['free of a never-allocated address', 'A 7f0000000000\nM 7f0000000030 40\nF 7f0000000090\n', /never-allocated\.trace:5: free of 0x7f0000000090: not the start of an allocated 48-byte block/],
    ['free of a raw address never returned', 'F 123450\n', /raw-free\.trace:3: free of 0x123450: no allocated block starts there/],
    ['double free', 'A 7f0000000000\nM 7f0000000030 40\nF 7f0000000030\nF 7f0000000030\n', /double-free\.trace:6: free of 0x7f0000000030: .*(already free|holds no allocated block)/],
    ['bad header', '', /no-header\.trace:1: not a pymalloc trace/],
    ['uppercase hex', 'A 7F0000000000\n', /uppercase\.trace:3: malformed event/],
  ];
  for (const [what, body, message] of cases) {
    it(what, () => {
      const name = message.source.split('\\.trace')[0].replace(/\\/g, '') + '.trace';
      const path = what === 'bad header' ? join(dir, name) : trace(name, body);
      if (what === 'bad header') writeFileSync(path, 'hello\n');
      const r = pymm('replay', path);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/); // never a stack trace
    });
  }

  it('a truncated gzip names the line where the data ends', () => {
    const path = join(dir, 'truncated.trace.gz');
    const body = '#pymtrace 1\n' + 'A 7f0000000000\n' + Array.from({ length: 4000 }, (_, i) => `M 7f${(i * 16 + 0x30).toString(16).padStart(10, '0')} 16\nF 7f${(i * 16 + 0x30).toString(16).padStart(10, '0')}\n`).join('');
    const gz = gzipSync(body);
    writeFileSync(path, gz.subarray(0, Math.floor(gz.length / 2)));
    const r = pymm('replay', path);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/truncated\.trace\.gz:\d+: the gzip data is truncated/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a missing file', () => {
    const r = pymm('replay', join(dir, 'nope.trace'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nope\.trace: no such file/);
  });
});

describe('pymm replay on good traces', () => {
  it('plain and gzip give the same summary; exit 0', () => {
    const a = pymm('replay', trace('good.trace', GOOD), '--json');
    const b = pymm('replay', trace('good.trace.gz', GOOD, true), '--json');
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    const ja = JSON.parse(a.stdout), jb = JSON.parse(b.stdout);
    expect({ ...ja, trace: '', elapsedMs: 0 }).toEqual({ ...jb, trace: '', elapsedMs: 0 });
    expect(ja).toMatchObject({ ok: true, calls: 6, arenasAllocated: 1, arenasFreed: 0, checkpoints: 1 });
  });

  it('an address CPython did not return is a divergence: exit 1, line, expected and actual', () => {
    const r = pymm('replay', trace('diverge.trace', 'A 7f0000000000\nM 7f0000000030 40\nM 7f0000000090 33\n'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('diverge.trace:5: the model diverged from CPython (address)');
    expect(r.stderr).toContain('expected (CPython): 0x7f0000000090');
    expect(r.stderr).toContain('actual   (pymm):    0x7f0000000060');
  });

  it('an arena CPython did not map is a divergence', () => {
    const r = pymm('replay', trace('arena.trace', 'A 7f0000000000\nM 7f0000000030 40\nA 7f0000100000\nM 7f0000000060 40\n'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/arena\.trace:5: .*\(arena\)/);
  });

  it('stats that differ print a unified diff', () => {
    const stats = join(dir, 'stats');
    const out = pymm('stats', trace('s.trace', GOOD), '--at', 'end');
    expect(out.status).toBe(0);
    mkdirSync(stats, { recursive: true });
    writeFileSync(join(stats, 'end.txt'), out.stdout);
    expect(pymm('replay', join(dir, 's.trace'), '--expect-stats', stats).status).toBe(0);
    const changed = out.stdout.replace(/(# arenas highwater mark +=) +1\n/, '$1                    2\n');
    expect(changed).not.toBe(out.stdout);
    writeFileSync(join(stats, 'end.txt'), changed);
    const r = pymm('replay', join(dir, 's.trace'), '--expect-stats', stats);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\n-# arenas highwater mark +=  +2\n/);
    expect(r.stderr).toMatch(/\n\+# arenas highwater mark +=  +1\n/);
  });

  it('stats --at LINE and --at LABEL', () => {
    const path = trace('at.trace', GOOD);
    const atLine = pymm('stats', path, '--at', '4');
    expect(atLine.status).toBe(0);
    expect(atLine.stdout).toMatch(/^Small block threshold = 512, in 32 size classes\.\n/);
    expect(atLine.stdout).toMatch(/\n    2     48           1               1           339\n/);
    const missing = pymm('stats', path, '--at', 'nope');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("no checkpoint 'nope' (checkpoints: end)");
  });

  it('bench replay --json reports nsPerEvent, events and runs', () => {
    const r = pymm('bench', 'replay', trace('bench.trace', GOOD), '--json', '--runs', '3');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.events).toBe(6);
    expect(j.runs).toBe(3);
    expect(j.nsPerEvent).toBeGreaterThan(0);
    expect(j.mismatches).toBe(0);
  });

  it('usage errors exit 2 and point at help', () => {
    const r = pymm('replay', '--frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown option --frobnicate (see 'pymm help replay')");
    expect(pymm('help').status).toBe(0);
    expect(pymm('nonsense').status).toBe(2);
  });
});


describe('hostile arguments: one line, never a stack trace', () => {
  it("a profile named like an object's own property (__proto__, constructor, toString) is unknown, like any other name", () => {
    const t = trace('prof.trace', GOOD);
    const py = join(dir, 'prof.py');
    writeFileSync(py, 'print(1)\n');
    for (const name of ['__proto__', 'constructor', 'toString', 'nonexistent']) {
      for (const [command, args] of [['replay', [t]], ['log build', [t, '-o', join(dir, 'prof.pymmlog')]], ['run', [py]]] as const) {
        const r = pymm(...command.split(' '), ...args, '--profile', name);
        expect([r.status, r.stdout]).toEqual([2, '']);
        expect(r.stderr).toMatch(new RegExp(`^pymm ${command}: (.*: )?unknown profile '${name}' \\(known: cpython-3\\.11, tiny\\)\\n$`));
      }
    }
  });

  it('log import: a heap log of the earlier format (heap-v1) is refused by its version, not replayed', () => {
    const jsonl = join(dir, 'v1.jsonl'), out = join(dir, 'v1.pymmlog');
    writeFileSync(jsonl, `${JSON.stringify({ header: { domain: 'heap', codec: 'heap-v1', profile: 'cpython-3.11', config: {}, seed: 0, source: 'x' } })}\n`);
    const r = pymm('log', 'import', jsonl, '-o', out);
    expect([r.status, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/is a heap log of an earlier pymm \(heap-v1\), whose collector scans this one does not replay; record it again with pymm run --log\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it("log import: a heap log's header naming an unknown profile is refused at line 1, as an allocator log's is", () => {
    const jsonl = join(dir, 'heapprof.jsonl'), out = join(dir, 'heapprof.pymmlog');
    for (const [domain, codec] of [['heap', 'heap-v2'], ['obmalloc', 'obmalloc-v1']]) {
      for (const name of ['__proto__', 'cpython-9.9']) {
        writeFileSync(jsonl, `${JSON.stringify({ header: { domain, codec, profile: name, config: {}, seed: 0, source: 'x' } })}\n`);
        const r = pymm('log', 'import', jsonl, '-o', out);
        expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `pymm log import: ${jsonl}:1: unknown profile '${name}' (known: cpython-3.11, tiny)\n`]);
        expect(existsSync(out)).toBe(false);
      }
    }
  });

  it("a binary log whose header names a profile like an object's own property (checksum made to match): one line, exit 2, for every reader", () => {
    const heapLog = join(dir, 'hprof.pymmlog'), allocLog = join(dir, 'aprof.pymmlog');
    const prog = join(dir, 'hprof.py');
    writeFileSync(prog, 'x = [1]\nprint(x)\n');
    expect(pymm('run', prog, '--log', heapLog, '--force').status).toBe(0);
    expect(pymm('log', 'build', trace('aprof.trace', GOOD), '-o', allocLog, '--force').status).toBe(0);
    for (const [log, questions] of [[heapLog, [['heap', 'collections'], ['heap', 'stats']]], [allocLog, [['show'], ['pins']]]] as const) {
      rmSync(`${log}.idx`, { force: true });
      const b = readFileSync(log);
      const n = b.readUInt32LE(12);
      const json = b.subarray(16, 16 + n).toString('utf8');
      // the same length: the frames stay where they are
      const crafted = json.replace('"profile":"cpython-3.11"', '"profile":"__proto__"   ');
      expect(crafted.length).toBe(json.length);
      b.write(crafted, 16, 'utf8');
      b.writeUInt32LE(crc32(b.subarray(0, 16 + n)), 16 + n);
      writeFileSync(log, b);
      for (const args of [...questions, ['verify'], ['log', 'export']]) {
        const r = pymm(...args, log);
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(/unknown profile '__proto__'/);
        expect(r.stderr).not.toMatch(/\n\s+at |TypeError|RangeError/);
        expect(r.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
      }
    }
  });

  it('stats on a trace the model diverges from: the divergence, exit 1', () => {
    const t = trace('div.trace', 'M 7f0000000010 40\nS end\n');
    const r = pymm('stats', t, '--at', 'end');
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toMatch(/^pymm stats: .*div\.trace:3: the model diverged from CPython \(address\) at 'M 7f0000000010 40'\n  expected \(CPython\): 0x7f0000000010\n  actual   \(pymm\):    0x[0-9a-f]+\n$/);
  });

  it('log build and log import to a device: refused before anything is read or written', () => {
    const t = trace('dev.trace', GOOD);
    const r = pymm('log', 'build', t, '-o', '/dev/null', '--force');
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', 'pymm log build: -o /dev/null is not a regular file (a directory, device or pipe); pymm writes only regular files\n']);
    const jsonl = join(dir, 'dev.jsonl');
    writeFileSync(jsonl, '{"header":{"domain":"obmalloc","codec":"obmalloc-v1","profile":"cpython-3.11","config":{},"seed":0,"source":"x"}}\n');
    const i = pymm('log', 'import', jsonl, '-o', '/dev/null', '--force');
    expect([i.status, i.stdout, i.stderr]).toEqual([2, '', 'pymm log import: -o /dev/null is not a regular file (a directory, device or pipe); pymm writes only regular files\n']);
  });

  it('log import: a crafted record is refused by its line, and nothing is written', () => {
    const t = trace('crafted.trace', GOOD);
    const log = join(dir, 'crafted.pymmlog'), jsonl = join(dir, 'crafted.jsonl');
    expect(pymm('log', 'build', t, '-o', log).status).toBe(0);
    expect(pymm('log', 'export', log, '-o', jsonl).status).toBe(0);
    const lines = readFileSync(jsonl, 'utf8').trimEnd().split('\n');
    const malloc = lines.findIndex((l) => l.includes('"type":"Malloc"'));
    const event = lines.findIndex((l) => l.includes('"type":"BlockAllocated"'));
    const cases: [number, (l: string) => string, string][] = [
      [malloc, (l) => l.replace('"type":"Malloc"', '"type":"__proto__"'), 'unknown command type "__proto__" (known: Malloc, Calloc, Realloc, Free)'],
      [malloc, (l) => l.replace('"requestBytes":40', '"requestBytes":1e300'), 'Malloc: "requestBytes" must be a whole number from 0 to 2^53, not 1e+300'],
      [malloc, (l) => l.replace('"requestBytes":40', '"requestBytes":-5'), 'Malloc: "requestBytes" must be a whole number from 0 to 2^53, not -5'],
      [malloc, (l) => l.replace('"requestBytes":40', '"requestBytes":"40"'), 'Malloc: "requestBytes" must be a whole number from 0 to 2^53, not "40"'],
      [event, (l) => l.replace(/"cause":\d+/, '"cause":99'), `"cause" must be the seq of an earlier record (0 to ${event - 2}), not 99`],
      [event, (l) => l.replace('"type":"BlockAllocated"', '"type":"toString"'), 'unknown event type "toString"'],
    ];
    for (const [i, change, message] of cases) {
      const crafted = join(dir, 'crafted-in.jsonl'), out = join(dir, 'crafted-out.pymmlog');
      writeFileSync(crafted, lines.map((l, k) => (k === i ? change(l) : l)).join('\n') + '\n');
      const r = pymm('log', 'import', crafted, '-o', out);
      expect([r.status, r.stdout]).toEqual([2, '']);
      expect(r.stderr.startsWith(`pymm log import: ${crafted}:${i + 1}: not a record of codec 'obmalloc-v1': ${message}`)).toBe(true);
      expect(existsSync(out)).toBe(false);
    }
    const proto = join(dir, 'proto.jsonl');
    writeFileSync(proto, lines.map((l, k) => (k === malloc ? l.replace('{"type":"Malloc"', '{"__proto__":{"polluted":1},"type":"Malloc"') : l)).join('\n') + '\n');
    const p = pymm('log', 'import', proto, '-o', join(dir, 'proto.pymmlog'));
    expect([p.status, p.stderr]).toEqual([2, `pymm log import: ${proto}:${malloc + 1}: a key "__proto__" is not allowed\n`]);
  });

  it('a frame header that claims 2^32 - 1 records (checksums made to match): one line, never a stack trace or a huge allocation', () => {
    const t = trace('claims.trace', GOOD);
    const log = join(dir, 'claims.pymmlog');
    expect(pymm('log', 'build', t, '-o', log).status).toBe(0);
    rmSync(`${log}.idx`, { force: true });
    const b = readFileSync(log);
    const frame = 16 + b.readUInt32LE(12) + 4;
    expect(b.subarray(frame, frame + 4).toString('latin1')).toBe('PYMF');
    const stored = b.readUInt32LE(frame + 20);
    b.writeUInt32LE(0xffff_ffff, frame + 16);
    const headerCrc = crc32(b.subarray(frame, frame + 28));
    b.writeUInt32LE(headerCrc, frame + 28);
    b.writeUInt32LE(crc32(b.subarray(frame + 32, frame + 32 + stored), headerCrc), frame + 32 + stored);
    writeFileSync(log, b);
    for (const args of [['show', log], ['pins', log], ['history', log, '--address', '0x7f0000000030'], ['log', 'export', log]]) {
      const r = pymm(...args);
      expect(r.status).not.toBe(0);
      expect(r.stderr).not.toMatch(/\n\s+at |TypeError|RangeError|allocation failed/);
      expect(r.stderr).toMatch(/frame (0 )?(holds \d+ records, its header says 4294967295|ends before record \d+, which its header says it holds)/);
    }
    // the index entry and the trailer made to agree as well (every checksum holds): verify
    // still finds that the frame's payload holds fewer records than its header claims
    const end = b.length - 36;
    const indexAt = Number(b.readBigUInt64LE(end + 8));
    const frames = b.readUInt32LE(indexAt + 4);
    b.writeUInt32LE(0xffff_ffff, indexAt + 8 + 16);
    b.writeUInt32LE(crc32(b.subarray(indexAt, indexAt + 8 + 24 * frames)), indexAt + 8 + 24 * frames);
    b.writeBigUInt64LE(0xffff_ffffn, end + 24);
    b.writeUInt32LE(crc32(b.subarray(end, end + 32)), end + 32);
    writeFileSync(log, b);
    const v = pymm('verify', log);
    expect(frames).toBe(1);
    expect(v.status).not.toBe(0);
    expect(v.stderr).toMatch(/frame 0 holds [\d,]+ records, its header says 4,294,967,295/);
  });

  it('a trace line of more than 64 KiB, with or without its newline: the line named, exit 2, at once', () => {
    const long = join(dir, 'long.trace.gz');
    // 128 MiB of one line in a 130 KB gzip: it was joined chunk by chunk (20 s, 600 MB)
    writeFileSync(long, gzipSync(Buffer.concat([Buffer.from('#pymtrace 1\nM '), Buffer.alloc(128 << 20, 0x37)])));
    const message = "a line of more than 65536 bytes: not a trace line (a trace's lines are under 100 bytes)";
    const r = pymm('replay', long);
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `pymm replay: ${long}:2: ${message}\n`]);
    const t = trace('longline.trace', `M 7f0000000030 40\n# ${'x'.repeat(70_000)}\nF 7f0000000030\n`);
    const s = pymm('replay', t);
    expect([s.status, s.stderr]).toEqual([2, `pymm replay: ${t}:4: ${message}\n`]);
  });
});
