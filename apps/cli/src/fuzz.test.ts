/**
 * The CLI under hostile input: damaged traces, damaged allocator and heap logs, damaged,
 * missing and stale indexes, crafted JSON Lines, each through the commands that read
 * them. Hostile programs have their own suite (packages/pylite/src/fuzz.test.ts). Every
 * case runs `main(argv)` in this process, its output caught, and must
 *
 * - end with a known exit status (0, 1, 2 or 3) in a few seconds, never by throwing;
 * - say why on at most three stderr lines, never with a JavaScript stack trace;
 * - never answer from damage with exit status 0 unless the answer is the intact file's
 *   (no silent partial answers); exit status 3 says on stderr where the damage starts;
 * - leave every file as it was but the requested output and the log's index beside it.
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { damage } from './errors.js';
import { main } from './main.js';

const seed = Number(process.env.PYMM_SEED ?? 20261203);
const CASES = { trace: 500, alloc: 500, heap: 500, jsonl: 400 };
/** A case that takes longer than this hung (the slowest take well under a second). */
const HANG_MS = 15_000;

interface Ran { code: number; stdout: string; stderr: string; ms: number }

/** `pymm ARGS` in this process: the exit status and what it wrote (console and streams). */
async function cli(args: string[]): Promise<Ran> {
  damage.answeredFromPrefix = false;
  let stdout = '', stderr = '';
  const text = (c: unknown): string => (typeof c === 'string' ? c : Buffer.from(c as Uint8Array).toString());
  const writer = (add: (s: string) => void) => (chunk: unknown, ...rest: unknown[]): boolean => {
    add(text(chunk));
    const callback = rest.find((x) => typeof x === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
  const saved = { out: process.stdout.write, err: process.stderr.write, log: console.log, error: console.error, warn: console.warn };
  process.stdout.write = writer((s) => { stdout += s; }) as typeof process.stdout.write;
  process.stderr.write = writer((s) => { stderr += s; }) as typeof process.stderr.write;
  console.log = (...a: unknown[]) => { stdout += format(...a) + '\n'; };
  console.error = console.warn = (...a: unknown[]) => { stderr += format(...a) + '\n'; };
  const t0 = performance.now();
  let code: number;
  try {
    code = await main(args);
  } catch (e) {
    code = -1;
    stderr += `THREW ${(e as Error)?.stack ?? String(e)}`;
  } finally {
    Object.assign(process.stdout, { write: saved.out });
    Object.assign(process.stderr, { write: saved.err });
    Object.assign(console, { log: saved.log, error: saved.error, warn: saved.warn });
  }
  return { code, stdout, stderr, ms: performance.now() - t0 };
}

const dir = mkdtempSync(join(tmpdir(), 'pymm-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string): string => join(dir, name);

/** Every file in the directory with a digest of its bytes. */
function snapshot(): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of readdirSync(dir)) {
    const p = at(f);
    if (statSync(p).isFile()) m.set(f, createHash('sha1').update(readFileSync(p)).digest('hex'));
  }
  return m;
}
/** Files that changed, appeared or went, other than `allowed`. */
function changedFiles(before: Map<string, string>, allowed: readonly string[]): string[] {
  const after = snapshot();
  const out: string[] = [];
  for (const f of new Set([...before.keys(), ...after.keys()])) {
    if (!allowed.includes(f) && before.get(f) !== after.get(f)) out.push(f);
  }
  return out;
}

/** Timings and paths differ between runs of the same answer. */
const normal = (s: string): string => s.replaceAll(dir, 'DIR').replace(/\b\d[\d,.]* ms\b/g, 'N ms').replace(/case\d*\./g, 'FILE.')
  // verify samples as many points as fit in a share of its time
  .replace(/hold at \d+ points \([^)]*\)/, 'hold at N points');

const STACK = /^\s+at .+(:\d+|\))$|THREW|internal error/m;

interface Bad { kind: string; what: string; args: string[]; why: string; code: number; stderr: string }
const bad: Bad[] = [];
const tally: Record<string, Record<number, number>> = {};

/** Notes a failed check of case `what` (its command `args`, its run `r`). */
function flag(kind: string, what: string, args: string[], r: Ran, why: string): void {
  bad.push({ kind, what, args: args.map(normal), why, code: r.code, stderr: r.stderr.slice(-600) });
}

/** The checks every case shares; returns the run. */
async function runCase(kind: string, what: string, args: string[], allowed: string[], known: number[]): Promise<Ran> {
  const before = snapshot();
  const r = await cli(args);
  (tally[kind] ??= {})[r.code] = (tally[kind]![r.code] ?? 0) + 1;
  const fail = (why: string): void => flag(kind, what, args, r, why);
  if (!known.includes(r.code)) fail(`exit status ${r.code}`);
  if (STACK.test(r.stderr) || STACK.test(r.stdout)) fail('a stack trace or internal error');
  if (r.stderr.trimEnd().split('\n').length > 3) fail('more than three lines on stderr');
  if (r.code !== 0 && r.stderr.trim() === '') fail('failed without a word');
  if (r.ms > HANG_MS) fail(`took ${Math.round(r.ms)} ms`);
  const changed = changedFiles(before, allowed);
  if (changed.length) fail(`changed ${changed.join(', ')}`);
  return r;
}

// ---- mutations ---------------------------------------------------------------------------

type Mutation =
  | { op: 'flip'; at: number; xor: number }
  | { op: 'truncate'; at: number }
  | { op: 'append'; bytes: number[] }
  | { op: 'zero'; at: number; length: number };
const mutation = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), xor: fc.integer({ min: 1, max: 255 }) }), weight: 5 },
  { arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('append' as const), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 64 }) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('zero' as const), at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), length: fc.integer({ min: 1, max: 4096 }) }), weight: 1 },
).map((m) => m as Mutation);

/** The bytes with the mutation applied (positions are fractions of the length; half the flips hit the first 256 bytes). */
function mutate(b: Uint8Array, m: Mutation, headerBias = false): Uint8Array {
  const pos = (f: number): number => Math.floor(f * (headerBias && f < 0.5 ? Math.min(256, b.length) : b.length));
  switch (m.op) {
    case 'flip': { const c = b.slice(); const i = pos(m.at); c[i] = c[i]! ^ m.xor; return c; }
    case 'truncate': return b.slice(0, pos(m.at));
    case 'append': return Buffer.concat([b, Uint8Array.from(m.bytes)]);
    case 'zero': { const c = b.slice(); c.fill(0, pos(m.at), pos(m.at) + m.length); return c; }
  }
}
const describeMutation = (m: Mutation, size: number): string =>
  m.op === 'append' ? `append ${m.bytes.length} bytes` : m.op === 'flip' ? `flip byte ${Math.floor(m.at * size)} ^ ${m.xor}` : `${m.op} at ${Math.floor(m.at * size)}`;

// ---- inputs ------------------------------------------------------------------------------

const HEAP_PROGRAM = `import gc
class Node:
    def __init__(self, i):
        self.i = i
        self.other = None
keep = []
for i in range(500):
    a = Node(i)
    b = Node(i)
    a.other = b
    b.other = a
    if i % 3 == 0:
        keep.append(a)
d = {str(i): [i] for i in range(200)}
gc.collect()
print(len(keep))
`;
const SMALL_PROGRAM = `l = [1, 'two', 3.5]
l.append(l)
d = {'l': l, 'b': b'x'}
del l
import gc
gc.collect()
`;

let traceText = '';
let address = '';
const bytesOf: Record<string, Uint8Array> = {};

beforeAll(async () => {
  writeFileSync(at('script.py'), 'x = [str(i) for i in range(3000)]\nd = {i: [i] for i in range(500)}\ndel d\n');
  const traced = await cli(['trace', at('script.py'), '-o', at('full.trace.gz')]);
  expect(traced.code, traced.stderr).toBe(0);
  // the first 24,000 calls: a prefix of a trace is a trace (about 6 frames of log)
  traceText = gunzipSync(readFileSync(at('full.trace.gz'))).toString().split('\n').slice(0, 24_000).join('\n') + '\n';
  address = /^M ([0-9a-f]+) /m.exec(traceText.split('\n').slice(2000).join('\n'))![1]!;
  writeFileSync(at('base.trace'), traceText);
  expect((await cli(['log', 'build', at('base.trace'), '-o', at('alloc.pymmlog')])).code).toBe(0);
  writeFileSync(at('heap.py'), HEAP_PROGRAM);
  const ran = await cli(['run', at('heap.py'), '--log', at('heap.pymmlog')]);
  expect(ran.code, ran.stderr).toBe(0);
  writeFileSync(at('small.py'), SMALL_PROGRAM);
  expect((await cli(['run', at('small.py'), '--log', at('small.pymmlog')])).code).toBe(0);
  expect((await cli(['log', 'export', at('small.pymmlog'), '-o', at('small.jsonl')])).code).toBe(0);
  expect((await cli(['log', 'build', fileURLToPath(new URL('./serve/fixtures/small.trace.gz', import.meta.url)), '-o', at('fixture.pymmlog')])).code).toBe(0);
  expect((await cli(['log', 'export', at('fixture.pymmlog'), '-o', at('fixture.jsonl')])).code).toBe(0);
  for (const f of ['alloc.pymmlog', 'alloc.pymmlog.idx', 'heap.pymmlog', 'heap.pymmlog.idx', 'small.jsonl', 'fixture.jsonl']) bytesOf[f] = new Uint8Array(readFileSync(at(f))); // a copy: a Buffer's slice() is a view
  for (const f of readdirSync(dir)) if (f.startsWith('full.') || f.endsWith('.stats')) rmSync(at(f), { recursive: true, force: true });
}, 120_000);

// ---- the suites ------------------------------------------------------------------------------

describe.sequential('the CLI under hostile input', () => {
  it(`${CASES.trace} damaged traces: replay, another allocator, stats, log build`, async () => {
    const commands = (t: string): string[][] => [
      ['replay', t], ['replay', t, '--allocator', 'buddy'], ['stats', t, '--at', '5000'], ['log', 'build', t, '-o', at('out.pymmlog'), '--force'],
    ];
    const text = Buffer.from(traceText);
    const lines = traceText.split('\n');
    const lineEdit = fc.record({
      op: fc.constantFrom('delete', 'duplicate', 'swap', 'insert'),
      at: fc.integer({ min: 0, max: lines.length - 2 }),
      junk: fc.constantFrom('M zz 5', 'F', 'M 1 -5', 'R 0 0 1e300', `M ${'9'.repeat(40)} 8`, '#pymtrace 2', '', '\0', 'S', 'A 0', 'D 7ffff75bf000', 'C 10 99999999999999999999', 'M 7ffff75c0030 56 7'),
    });
    const cases = fc.sample(fc.record({ byte: mutation, line: lineEdit, useLine: fc.boolean(), gz: fc.boolean(), command: fc.nat(3) }), { seed, numRuns: CASES.trace });
    for (const [i, c] of cases.entries()) {
      let what: string;
      let body: Uint8Array;
      if (c.useLine) {
        const l = lines.slice();
        const k = c.line.at;
        if (c.line.op === 'delete') l.splice(k, 1);
        else if (c.line.op === 'duplicate') l.splice(k, 0, l[k]!);
        else if (c.line.op === 'swap') [l[k], l[k + 1]] = [l[k + 1]!, l[k]!];
        else l.splice(k, 0, c.line.junk);
        body = Buffer.from(l.join('\n'));
        what = `${c.line.op} line ${k + 1}${c.line.op === 'insert' ? ` ${JSON.stringify(c.line.junk)}` : ''}`;
        if (c.gz) body = gzipSync(body, { level: 1 });
      } else {
        // the damage goes into the file as it is stored: the gzip stream or the text
        const stored = new Uint8Array(c.gz ? gzipSync(text, { level: 1 }) : text);
        body = mutate(stored, c.byte);
        if (Buffer.compare(body, stored) === 0) continue; // zeros over zeros
        what = `${c.gz ? 'gzip: ' : ''}${describeMutation(c.byte, stored.length)}`;
      }
      const t = at(`case${i % 2}.trace${c.gz ? '.gz' : ''}`);
      writeFileSync(t, body);
      const args = commands(t)[c.command]!;
      const r = await runCase('trace', what, args, ['out.pymmlog', 'out.pymmlog.idx'], [0, 1, 2]);
      // a gzip stream cut short or altered is never read as a shorter trace
      if (!c.useLine && c.gz && c.byte.op !== 'append' && r.code === 0) flag('trace', what, args, r, 'damaged gzip accepted');
      unlinkSync(t);
    }
  }, 600_000);

  /** The answers of the intact log, to hold a damaged one's exit status 0 against. */
  async function references(log: string, commands: string[][]): Promise<string[]> {
    const out: string[] = [];
    for (const args of commands) {
      const r = await cli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      out.push(exportedOr(args, r));
    }
    return out;
  }
  /** An export's answer is the file it wrote. */
  function exportedOr(args: string[], r: Ran): string {
    const o = args.indexOf('-o');
    return normal(o >= 0 && r.code === 0 ? readFileSync(args[o + 1]!, 'utf8') : r.stdout);
  }

  async function damagedLogs(kind: 'alloc' | 'heap', commandsFor: (log: string) => string[][]): Promise<void> {
    const log = at('case.pymmlog');
    const idx = `${log}.idx`;
    const original = bytesOf[`${kind}.pymmlog`]!;
    const originalIndex = bytesOf[`${kind}.pymmlog.idx`]!;
    const other = bytesOf[`${kind === 'alloc' ? 'heap' : 'alloc'}.pymmlog.idx`]!;
    writeFileSync(log, original);
    writeFileSync(idx, originalIndex);
    const expected = await references(log, commandsFor(log));
    const target = fc.constantFrom('log', 'log', 'log', 'index', 'index', 'no index', 'stale index');
    const cases = fc.sample(fc.record({ target, m: mutation, command: fc.nat(commandsFor(log).length - 1) }), { seed: seed + (kind === 'alloc' ? 1 : 2), numRuns: CASES[kind] });
    for (const c of cases) {
      writeFileSync(log, c.target === 'log' ? mutate(original, c.m, true) : original);
      if (c.target === 'no index') rmSync(idx, { force: true });
      else writeFileSync(idx, c.target === 'index' ? mutate(originalIndex, c.m, true) : c.target === 'stale index' ? other : originalIndex);
      const what = c.target === 'log' || c.target === 'index' ? `${c.target}: ${describeMutation(c.m, (c.target === 'log' ? original : originalIndex).length)}` : c.target;
      const args = commandsFor(log)[c.command]!;
      const r = await runCase(kind, what, args, ['case.pymmlog.idx', 'out.jsonl'], [0, 1, 2, 3]);
      const answer = exportedOr(args, r);
      const report = (why: string): void => flag(kind, what, args, r, why);
      if (c.target !== 'log' && r.code !== 0) report('an intact log with a bad index was not answered');
      if (r.code === 0 && answer !== expected[c.command]) report('exit status 0 with an answer that is not the intact log\'s');
      if (r.code === 3 && !/intact prefix|damage|cut short/.test(r.stderr)) report('exit status 3 without saying where the damage is');
      // an index written again is read the next time, without a word
      if (c.target !== 'log' && r.code === 0 && /indexing the log/.test(r.stderr)) {
        const again = await cli(args);
        if (again.code !== 0 || again.stderr !== '' || exportedOr(args, again) !== answer) report(`the index written again is not used: ${again.stderr}`);
      }
    }
  }

  it(`${CASES.alloc} damaged allocator logs and indexes: show, history, pins, diff, verify, export`, async () => {
    await damagedLogs('alloc', (l) => [
      ['show', l, '--at', '30000'], ['history', l, '--address', address, '--limit', '20'], ['pins', l], ['diff', l, '--from', '1000', '--to', '40000'],
      ['verify', l], ['log', 'export', l, '-o', at('out.jsonl'), '--force'],
    ]);
  }, 600_000);

  it(`${CASES.heap} damaged heap logs and indexes: heap questions, verify, export`, async () => {
    await damagedLogs('heap', (l) => [
      ['heap', 'collections', l], ['heap', 'history', l, '--name', 'keep', '--limit', '10'], ['heap', 'show', l, '--name', 'd'],
      ['heap', 'objects', l, '--type', 'Node', '--limit', '5'], ['heap', 'why', l, '--name', 'keep'], ['heap', 'stats', l, '--line', '9'],
      ['verify', l], ['log', 'export', l, '-o', at('out.jsonl'), '--force'],
    ]);
  }, 600_000);

  it(`${CASES.jsonl} crafted JSON Lines: log import, then verify what it wrote`, async () => {
    const sources = ['small.jsonl', 'fixture.jsonl'].map((f) => Buffer.from(bytesOf[f]!).toString().split('\n').filter((l) => l !== ''));
    const VALUES = [null, -5, 1e300, '40', '__proto__', 'constructor', {}, [], true, 2 ** 53, -0.5, '', 'x'.repeat(300), { __proto__: null, a: 1 }];
    const edit = fc.record({
      source: fc.nat(1), line: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), other: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      op: fc.constantFrom('set', 'set', 'set', 'delete key', 'proto key', 'drop line', 'duplicate line', 'swap lines', 'truncate', 'flip char'),
      key: fc.nat(), value: fc.constantFrom(...VALUES), xor: fc.integer({ min: 1, max: 127 }),
    });
    /** Sets or deletes a key somewhere in the record (a nested one half the time). */
    const pickPath = (o: Record<string, unknown>, k: number): [Record<string, unknown>, string] => {
      const keys = Object.keys(o);
      const key = keys[k % keys.length]!;
      const v = o[key];
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && k % 2 === 1 && Object.keys(v).length) return pickPath(v as Record<string, unknown>, Math.floor(k / 2));
      return [o, key];
    };
    for (const c of fc.sample(edit, { seed: seed + 3, numRuns: CASES.jsonl })) {
      const lines = sources[c.source]!.slice();
      const i = Math.floor(c.line * lines.length);
      const j = Math.floor(c.other * lines.length);
      let text: string;
      if (c.op === 'drop line') lines.splice(i, 1);
      else if (c.op === 'duplicate line') lines.splice(i, 0, lines[i]!);
      else if (c.op === 'swap lines') [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      else if (c.op === 'set' || c.op === 'delete key' || c.op === 'proto key') {
        const o = JSON.parse(lines[i]!) as Record<string, unknown>;
        const [holder, key] = pickPath(o, c.key);
        if (c.op === 'set') holder[key] = c.value;
        else if (c.op === 'delete key') delete holder[key];
        lines[i] = c.op === 'proto key' ? lines[i]!.replace(/^\{/, `{"__proto__":${JSON.stringify(c.value)},`) : JSON.stringify(o);
      }
      text = lines.join('\n') + '\n';
      if (c.op === 'truncate') text = text.slice(0, Math.floor(c.other * text.length));
      if (c.op === 'flip char') { const k = Math.floor(c.other * text.length); text = text.slice(0, k) + String.fromCharCode(text.charCodeAt(k) ^ c.xor) + text.slice(k + 1); }
      writeFileSync(at('case.jsonl'), text);
      const what = `${['small.jsonl', 'fixture.jsonl'][c.source]}: ${c.op} line ${i + 1}${c.op === 'set' ? ` = ${JSON.stringify(c.value)?.slice(0, 20)}` : ''}`;
      const r = await runCase('jsonl', what, ['log', 'import', at('case.jsonl'), '-o', at('out.pymmlog'), '--force'], ['out.pymmlog', 'out.pymmlog.idx'], [0, 2]);
      if (r.code === 0) {
        // what import accepted is a log every reader opens; it may disagree with the model
        // (records edited by hand), which verify reports with the seq, as exit status 1
        await runCase('jsonl', `${what}, then verify`, ['verify', at('out.pymmlog')], ['out.pymmlog.idx'], [0, 1]);
      }
      rmSync(at('out.pymmlog'), { force: true });
      rmSync(at('out.pymmlog.idx'), { force: true });
    }
  }, 600_000);

  it('no case failed, and every kind of ending occurred', () => {
    console.log(`fuzz: ${JSON.stringify(tally)}; ${bad.length} bad`);
    if (process.env.PYMM_FUZZ_REPORT) writeFileSync(process.env.PYMM_FUZZ_REPORT, JSON.stringify(bad, null, 1));
    expect(bad.slice(0, 20)).toEqual([]);
    // the checks are not vacuous: intact answers, refusals and answers from an intact prefix all occurred
    expect(tally.trace![0]).toBeGreaterThan(20);
    expect(tally.trace![2]).toBeGreaterThan(20);
    for (const k of ['alloc', 'heap']) {
      for (const code of [0, 2, 3]) expect(tally[k]![code] ?? 0, `${k} exit ${code}`).toBeGreaterThan(10);
    }
    expect(tally.jsonl![0]).toBeGreaterThan(10);
    expect(tally.jsonl![2]).toBeGreaterThan(50);
  });
});
