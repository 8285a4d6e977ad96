/**
 * Depending on single packages works: @pymm/obmalloc (the allocator interface) and
 * @pymm/testkit (with the packages it depends on, and fast-check) are packed with
 * `pnpm pack`, installed offline into a scratch project outside the workspace, and the
 * family properties run there against a tiny allocator written in plain JavaScript; a
 * copy of it with a planted bug fails them. (After `pnpm build`: a packed package
 * carries its `dist`.)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pymm-family-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ALLOCATOR = `
import { AllocatorHeap } from '@pymm/obmalloc';
import { assertFamilyProperties } from '@pymm/testkit';

// A bump pointer through regions and a LIFO free list per 16-byte class.
class BumpHeap extends AllocatorHeap {
  familyName = 'bump';
  slot = -1; top = 0; lists = {}; sizes = new Map();
  liveBlockList() {
    return this.livePayloads().map((a) => ({ payloadAddress: a, usableBytes: this.sizes.get(a), requestBytes: this.requestAt(a), blockAddress: a, blockBytes: this.sizes.get(a) }));
  }
  freeSpace() {
    const free = Object.values(this.lists).flat();
    return { freeBytes: this.mappedBytes - this.blockBytes, freeBlocks: free.length, largestFreeBytes: this.maxRequestBytes };
  }
}
function apply(h, e) {
  if (e.type === 'RegionMapped') { h.mapRegion(e.address); h.slot = h.slotOf(e.address); h.top = 0; }
  if (e.type === 'BlockHandedOut') {
    const list = h.lists[e.sizeBytes];
    if (list && list.at(-1) === e.payloadAddress) list.pop(); else h.top += e.sizeBytes;
    h.sizes.set(e.payloadAddress, e.sizeBytes);
    h.handOut(e.payloadAddress, e.requestBytes, e.sizeBytes);
  }
  if (e.type === 'BlockReturned') { (h.lists[e.sizeBytes] ??= []).push(e.payloadAddress); h.giveBack(e.payloadAddress, e.sizeBytes); }
  return h;
}
const emit = (h, sink, e) => { sink?.(e); apply(h, e); };
export const bump = {
  name: 'bump', title: 'bump pointer and free lists', reference: 'a test',
  initialState: (config) => new BumpHeap(config),
  malloc(h, n, sink) {
    const size = Math.ceil(n / 16) * 16;
    const list = h.lists[size];
    let a;
    if (process.env.PLANT_BUG && list && list.length > 0) { list.length = 0; h.top = h.regionBytes; } // the bug: a fresh region instead
    if (list && list.length > 0) a = list.at(-1);
    else {
      if (h.slot < 0 || h.top + size > h.regionBytes) emit(h, sink, { type: 'RegionMapped', address: h.regionAddress(h.nextRegionSlot()), sizeBytes: h.regionBytes });
      a = h.regionAddress(h.slot) + h.top;
    }
    emit(h, sink, { type: 'BlockHandedOut', address: a, sizeBytes: size, payloadAddress: a, requestBytes: n });
    return a;
  },
  free: (h, a, sink) => emit(h, sink, { type: 'BlockReturned', address: a, sizeBytes: h.sizes.get(a), payloadAddress: a }),
  usableBytes: (h, a) => h.sizes.get(a),
  evolve: apply,
  clone(h) {
    const c = new BumpHeap({ regionBytes: h.regionBytes, maxRequestBytes: h.maxRequestBytes });
    h.copySharedInto(c);
    Object.assign(c, { slot: h.slot, top: h.top, lists: structuredClone(h.lists), sizes: new Map(h.sizes) });
    return c;
  },
  diff: (a, b) => a.diffShared(b) ?? (JSON.stringify([a.slot, a.top, a.lists]) === JSON.stringify([b.slot, b.top, b.lists]) ? null : 'carving or free lists differ'),
  findViolations: (h) => Object.values(h.lists).flat().filter((a) => h.requestAt(a) !== 0).map((a) => 'free and live: ' + a),
};

try {
  assertFamilyProperties(bump, { config: { regionBytes: 1024, maxRequestBytes: 64 }, numRuns: 60 });
  console.log('all properties hold');
} catch (e) {
  console.log('a property failed: ' + e.message.split('\\n')[0]);
  process.exitCode = 1;
}
`;

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(cmd, args, { encoding: 'utf8', cwd, env });
}

describe('the allocator interface and testkit, packed and installed alone', () => {
  const tarballs = join(dir, 'tarballs');
  const project = join(dir, 'project');

  it('pack, install offline outside the workspace, and run the properties on an allocator written there', () => {
    mkdirSync(tarballs);
    for (const p of ['eventlog', 'obmalloc', 'objects', 'gc', 'testkit']) {
      const r = run('pnpm', ['pack', '--pack-destination', tarballs], join(root, 'packages', p));
      expect(r.status, r.stderr).toBe(0);
    }
    // fast-check (the peer dependency) and its dependency, as the workspace has them
    const fastCheck = realpathSync(join(root, 'packages/testkit/node_modules/fast-check'));
    const pureRand = join(dirname(fastCheck), 'pure-rand');
    for (const [name, from] of [['fast-check', fastCheck], ['pure-rand', pureRand]] as const) {
      const r = run('tar', ['-czf', join(tarballs, `${name}.tgz`), '-C', from, '--exclude=./node_modules', '--transform', 's,^\\.,package,', '.'], root);
      expect(r.status, r.stderr).toBe(0);
    }
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-allocator', private: true, type: 'module' }));
    writeFileSync(join(project, 'bump.mjs'), ALLOCATOR);
    const files = readdirSync(tarballs).map((f) => join(tarballs, f));
    const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', ...files], project);
    expect(install.status, install.stderr).toBe(0);
    expect(readdirSync(join(project, 'node_modules/@pymm')).sort()).toEqual(['eventlog', 'gc', 'objects', 'obmalloc', 'testkit']);
    const ok = run(process.execPath, ['bump.mjs'], project);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toBe('all properties hold\n');
    expect(ok.status).toBe(0);
  });

  it('the same allocator with a planted bug (a fresh region instead of a freed block) fails them there', () => {
    const bad = run(process.execPath, ['bump.mjs'], project, { ...process.env, PLANT_BUG: '1' });
    expect(bad.stdout).toMatch(/^a property failed: /);
    expect(bad.status).toBe(1);
  });
});
