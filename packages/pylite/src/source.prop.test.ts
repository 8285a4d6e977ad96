/**
 * Source decoding against python3's own (PEP 263): random files with or without a BOM, a
 * coding cookie on line 1 or 2 (in each style, with each spelling of utf-8, latin-1 and
 * ascii, behind a first line that is or is not a comment) and a string literal of random
 * bytes. Where python3 compiles the bytes, pylite decodes the literal to the same text;
 * where python3 rejects them, pylite does too (its SyntaxError or a refusal). The exact
 * messages of a script run are compared in apps/cli's run tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { decodeSource } from './source.js';

const dir = mkdtempSync(join(tmpdir(), 'pylite-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const seed = Number(process.env.PYMM_SEED ?? 20261203);

const NAMES = ['utf-8', 'UTF8', 'utf_8', 'u8', 'latin-1', 'latin1', 'Latin-1', 'iso-8859-1', 'ISO_8859_1', 'l1', 'ascii', 'us-ascii'];
const STYLES = [(n: string) => `# -*- coding: ${n} -*-`, (n: string) => `# vim: set fileencoding=${n} :`, (n: string) => `#coding=${n}`];
const FIRST = ['#!/usr/bin/env python3', '', 'x = 1', '# a comment'];
const BYTES = [0x41, 0x7a, 0x20, 0xe9, 0xc3, 0xa9, 0xff, 0xe2, 0x82, 0xac, 0x80, 0xf0, 0x9f, 0x98, 0x80];

const file = fc.record({
  bom: fc.boolean(),
  cookie: fc.constantFrom('none', 'line1', 'line2'),
  name: fc.constantFrom(...NAMES),
  style: fc.nat({ max: STYLES.length - 1 }),
  first: fc.constantFrom(...FIRST),
  content: fc.array(fc.constantFrom(...BYTES), { maxLength: 6 }),
}).map((f) => {
  const cookie = STYLES[f.style]!(f.name);
  const head = f.cookie === 'line1' ? [cookie] : f.cookie === 'line2' ? [f.first, cookie] : [f.first];
  const text = Buffer.concat([
    Buffer.from(f.bom ? [0xef, 0xbb, 0xbf] : []),
    Buffer.from(head.join('\n') + '\ns = "', 'latin1'),
    Buffer.from(f.content),
    Buffer.from('"\n', 'latin1'),
  ]);
  return new Uint8Array(text);
});

it('decodes what python3 compiles to the same text, and rejects what it rejects', () => {
  const files = fc.sample(file, { seed, numRuns: 300 });
  files.forEach((b, k) => writeFileSync(join(dir, `${k}.py`), b));
  const script = [
    'import json, sys',
    'out = []',
    `for k in range(${files.length}):`,
    '    src = open(sys.argv[1] + "/" + str(k) + ".py", "rb").read()',
    '    try:',
    '        ns = {}',
    '        exec(compile(src, "f", "exec"), ns)',
    '        out.append(ns["s"])',
    '    except SyntaxError:',
    '        out.append(None)',
    'print(json.dumps(out))',
  ].join('\n');
  const py = spawnSync('python3', ['-c', script, dir], { encoding: 'utf8' });
  expect(py.stderr).toBe('');
  const expected = JSON.parse(py.stdout) as (string | null)[];
  const got = files.map((b) => {
    try {
      const text = decodeSource(b, 'f');
      const line = text.slice(text.lastIndexOf('s = "'));
      return line.slice(5, line.lastIndexOf('"'));
    } catch {
      return null;
    }
  });
  const differ = files.map((b, k) => ({ bytes: Buffer.from(b).toString('hex'), python: expected[k], pylite: got[k] })).filter((r) => r.python !== r.pylite);
  expect(differ).toEqual([]);
  // the comparison can fail both ways: both outcomes occur
  expect(expected.filter((x) => x === null).length).toBeGreaterThan(20);
  expect(expected.filter((x) => x !== null && /[^\x00-\x7f]/.test(x)).length).toBeGreaterThan(20);
});
