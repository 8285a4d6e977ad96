/**
 * docs/formats/pymmlog.md against the code: its constants table and its annotated example
 * file are generated here. `PYMM_UPDATE_DOCS=1 pnpm exec vitest run packages/eventlog/src/format.test.ts`
 * rewrites them; otherwise the test fails when the document and the code disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as format from './format.js';
import { LogReader, writeLog } from './index.js';
import { intCodec, tempDir } from './testlog.fixture.js';

const docPath = new URL('../../../docs/formats/pymmlog.md', import.meta.url);
const dir = tempDir(afterAll);

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
const text = (bytes: Uint8Array) => JSON.stringify(String.fromCharCode(...bytes));

export function constantsTable(): string {
  const rows: [string, string][] = [
    ['LOG_MAGIC', `\`${hex(format.LOG_MAGIC)}\` (${text(format.LOG_MAGIC)})`],
    ['LOG_FORMAT_VERSION', String(format.LOG_FORMAT_VERSION)],
    ['FILE_HEADER_FIXED_BYTES', String(format.FILE_HEADER_FIXED_BYTES)],
    ['MAX_HEADER_JSON_BYTES', `${format.MAX_HEADER_JSON_BYTES} (1 MiB)`],
    ['FRAME_MARKER', `\`${hex(format.FRAME_MARKER)}\` (${text(format.FRAME_MARKER)})`],
    ['FRAME_HEADER_BYTES', String(format.FRAME_HEADER_BYTES)],
    ['FRAME_OVERHEAD_BYTES', String(format.FRAME_OVERHEAD_BYTES)],
    ['FRAME_FLAG_DEFLATE', String(format.FRAME_FLAG_DEFLATE)],
    ['MAX_FRAME_PAYLOAD_BYTES', `${format.MAX_FRAME_PAYLOAD_BYTES} (64 MiB)`],
    ['MAX_FRAME_RECORDS', `${format.MAX_FRAME_RECORDS} (2^32-1)`],
    ['INDEX_MARKER', `\`${hex(format.INDEX_MARKER)}\` (${text(format.INDEX_MARKER)})`],
    ['INDEX_HEADER_BYTES', String(format.INDEX_HEADER_BYTES)],
    ['INDEX_ENTRY_BYTES', String(format.INDEX_ENTRY_BYTES)],
    ['TRAILER_MAGIC', `\`${hex(format.TRAILER_MAGIC)}\` (${text(format.TRAILER_MAGIC)})`],
    ['TRAILER_BYTES', String(format.TRAILER_BYTES)],
  ];
  return ['| constant | value |', '| --- | --- |', ...rows.map(([k, v]) => `| \`${k}\` | ${v} |`)].join('\n');
}

/** The annotated bytes of a small log: records 1, 300, 2 of intCodec in frames of 2, not deflated. */
export function exampleDump(): string {
  const path = join(dir, 'example.pymmlog');
  writeLog(path, { domain: 'demo', codec: 'int-v1', profile: 'none', config: {}, seed: 1, source: 'doc' }, intCodec, [1, 300, 2], {
    recordsPerFrame: 2, compress: 'never', overwrite: true,
  });
  const b = new Uint8Array(readFileSync(path));
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const lines: string[] = [];
  let at = 0;
  const field = (n: number, what: string) => {
    const bytes = b.subarray(at, at + n);
    const shown = n > 12 ? `${hex(bytes.subarray(0, 11))} ..` : hex(bytes);
    lines.push(`${at.toString(16).padStart(6, '0')}  ${shown.padEnd(35)}  ${what}`);
    at += n;
  };
  const u32 = (o: number) => v.getUint32(o, true);
  const jsonBytes = u32(12);
  lines.push('file header');
  field(8, 'magic "PYMMLOG\\n"');
  field(2, `version ${v.getUint16(at, true)}`);
  field(2, `flags ${v.getUint16(at, true)}`);
  field(4, `jsonBytes ${jsonBytes}`);
  field(jsonBytes, `header JSON: ${new TextDecoder().decode(b.subarray(at, at + jsonBytes))}`);
  field(4, 'CRC-32 of the bytes above');
  const r = LogReader.fromBytes(b);
  for (const f of r.frames) {
    lines.push(`frame ${f.index}`);
    field(4, 'marker "PYMF"');
    field(4, `flags ${u32(at)} (not deflated)`);
    field(8, `firstSeq ${f.firstSeq}`);
    field(4, `count ${f.count}`);
    field(4, `storedBytes ${u32(at)}`);
    field(4, `rawBytes ${u32(at)}`);
    field(4, 'headerCrc: CRC-32 of the frame bytes above');
    field(f.storedByteLength, `payload: varuints ${intCodec.decode(r.readFrame(f.index), f.firstSeq, f.count).join(', ')}`);
    field(4, 'frameCrc: CRC-32 continued from headerCrc over the payload');
  }
  lines.push('index');
  field(4, 'marker "PYMI"');
  field(4, `frameCount ${u32(at)}`);
  for (const f of r.frames) {
    field(8, `entry ${f.index}: offset ${f.offset}`);
    field(8, `         firstSeq ${f.firstSeq}`);
    field(4, `         count ${f.count}`);
    field(4, `         frameBytes ${f.byteLength}`);
  }
  field(4, 'CRC-32 of the index bytes above');
  lines.push('trailer');
  field(8, 'magic "PYMMEND\\n"');
  field(8, `indexOffset ${u32(at)}`);
  field(8, `indexBytes ${u32(at)}`);
  field(8, `recordCount ${u32(at)}`);
  field(4, 'CRC-32 of the 32 trailer bytes above');
  expect(at).toBe(b.length);
  return ['```text', ...lines, `(${b.length} bytes)`, '```'].join('\n');
}

function section(doc: string, name: string, body: string): string {
  const begin = `<!-- generated:${name} -->\n`;
  const end = `\n<!-- /generated:${name} -->`;
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`docs/formats/pymmlog.md has no generated:${name} section`);
  return doc.slice(0, i + begin.length) + body + doc.slice(j);
}

describe('docs/formats/pymmlog.md', () => {
  it('its constants table and example file are what the code writes', () => {
    const doc = readFileSync(docPath, 'utf8');
    const want = section(section(doc, 'constants', constantsTable()), 'example', exampleDump());
    if (process.env.PYMM_UPDATE_DOCS === '1' && want !== doc) writeFileSync(docPath, want);
    else expect(doc).toBe(want);
  });

  it('names every LogFormatError code', () => {
    const doc = readFileSync(docPath, 'utf8');
    const errors = readFileSync(new URL('./errors.ts', import.meta.url), 'utf8');
    const block = errors.slice(errors.indexOf('export type LogFormatErrorCode'), errors.indexOf('export class LogFormatError'));
    const codes = [...block.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(15);
    for (const code of codes) expect(doc, code).toContain(`\`${code}\``);
  });
});
