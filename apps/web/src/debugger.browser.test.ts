/**
 * The debugger in headless Chromium over `pymm serve` on the example program: run it,
 * scrub to a collection and step through its phases, follow a block's history, find an
 * object by name, diff two positions, keys and links. Asserts what the page shows and
 * saves a screenshot of each view.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from './serveProcess.js';
import { BLOCK_COLOURS, EMPTY_POOL, poolColour } from '../app/colors.js';
import { colourOf, cssColour, launch, lineStops, newPage, pageErrors, screenshotDir, scrubTo, shownAt } from './browser.js';

const example = fileURLToPath(new URL('../public/examples/cycles.py', import.meta.url));
const shots = screenshotDir();
let browser: Browser;
let server: Served;
let page: Page;

beforeAll(async () => {
  [browser, server] = await Promise.all([launch(), serve([example])]);
  page = await newPage(browser, server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`) });

describe('the web debugger on a program', () => {
  it('loads the example program and runs it: output, highlighted line, errors point at their line', async () => {
    await expect.poll(() => page.textContent('[data-testid=stdout]')).toContain('unreachable cycle collected: 2');
    expect(await page.textContent('.cm-content')).toContain('class Node:');
    const stops = await lineStops(page, server.url, 15);
    await scrubTo(page, stops[0]!);
    await shownAt(page, stops[0]!);
    // about to run line 15: the editor marks it
    await expect.poll(() => page.getAttribute('[data-testid=editor]', 'data-next-line')).toBe('15');
    expect(await page.textContent('.cm-next-line')).toBe("a = Node('a')");
    // run the editor's program from the page (same source: the same log, by its hash)
    await page.click('[data-testid=run]');
    await expect.poll(() => new URL(page.url()).searchParams.get('log') ?? '').toMatch(/^r[0-9a-f]{12}$/);
    await expect.poll(() => page.textContent('[data-testid=stdout]')).toContain('alive: keep 3');
    // a program with an error: the traceback, and its line marked in the editor
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('x = [1, 2]\ny = x[5]\n');
    await page.click('[data-testid=run]');
    await expect.poll(() => page.textContent('[data-testid=stderr]')).toContain('IndexError: list index out of range');
    await expect.poll(() => page.textContent('.cm-error-line')).toBe('y = x[5]');
    await shot('editor-error');
    // back to the command line's log
    await page.goto(new URL('?log=main&at=0', server.url).href);
    await shownAt(page, 0);
  });

  it('keys step by event and statement, and the URL reopens the position', async () => {
    const stops = await lineStops(page, server.url, 13);
    await scrubTo(page, stops[0]!);
    await shownAt(page, stops[0]!);
    await page.keyboard.press('ArrowRight');
    await shownAt(page, stops[0]! + 1);
    await page.keyboard.press('ArrowLeft');
    await shownAt(page, stops[0]!);
    await page.keyboard.press('Shift+ArrowRight');
    const next = (await lineStops(page, server.url, 14))[0]!;
    await shownAt(page, next);
    await expect.poll(() => page.getAttribute('[data-testid=editor]', 'data-next-line')).toBe('14');
    await expect.poll(() => new URL(page.url()).searchParams.get('at')).toBe(String(next));
    const other = await newPage(browser, page.url());
    expect(await shownAt(other, next)).toBe(next);
    await other.close();
  });

  it('scrubs to a collection and steps through its phases with gc_refs and lists', async () => {
    await page.keyboard.press('Home');
    await shownAt(page, 0);
    await page.click('[data-testid=gc-forward]');
    const at = Number(await page.getAttribute('.marker-collection', 'data-at'));
    await shownAt(page, at);
    await page.click('[data-testid=view-collector]');
    await page.waitForSelector('[data-testid=collector][data-phase=start]');
    expect(await page.textContent('[data-testid=gc-explain]')).toMatch(/A collection starts/);
    await page.click('.phases [data-phase=update_refs]');
    await page.waitForSelector('[data-testid=collector][data-phase=update_refs]');
    // after update_refs, every object's gc_refs is its refcount
    const rows = await page.$$eval('[data-testid=gc-table] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows.length).toBeGreaterThan(2);
    for (const r of rows) expect(r[2]).toBe(r[1]);
    await page.click('.phases [data-phase=subtract_refs]');
    expect(await page.textContent('[data-testid=gc-explain]')).toMatch(/subtract_refs/);
    await page.click('.phases [data-phase=move_unreachable]');
    expect(await page.textContent('[data-testid=gc-explain]')).toMatch(/move_unreachable/);
    // step object by object until the scan is over: the two Nodes end on the unreachable list
    for (let i = 0; i < 60 && (await page.getAttribute('[data-testid=collector]', 'data-phase')) === 'move_unreachable'; i++) await page.click('[data-testid=gc-step-forward]');
    expect(await page.textContent('[data-testid=gc-step-title]')).toMatch(/scan done: 2 unreachable \(Node#\d+, Node#\d+\)/);
    expect(await page.$$eval('[data-testid=gc-table] tr[data-list=unreachable]', (t) => t.length)).toBe(2);
    await shot('collector');
    await page.click('.phases [data-phase=finalizers]');
    expect(await page.textContent('[data-testid=gc-explain]')).toMatch(/__del__/);
    await page.click('.phases [data-phase=tp_clear]');
    for (let i = 0; i < 10 && (await page.$$eval('[data-testid=gc-table] tr[data-list=freed]', (t) => t.length)) < 2; i++) await page.click('[data-testid=gc-step-forward]');
    expect(await page.$$eval('[data-testid=gc-table] tr[data-list=freed]', (t) => t.length)).toBe(2);
    expect(pageErrors(page)).toEqual([]);
  });

  it('finds an object by variable name and shows it in the graph', async () => {
    const at = (await lineStops(page, server.url, 19))[0]!; // before `del a, b`
    await scrubTo(page, at);
    await shownAt(page, at);
    await page.fill('[data-testid=find]', 'a.other');
    await page.press('[data-testid=find]', 'Enter');
    await expect.poll(() => page.textContent('[data-testid=find-result]')).toMatch(/^Node#\d+$/);
    const id = (await page.textContent('[data-testid=find-result]'))!.split('#')[1]!;
    await page.waitForSelector(`[data-testid=graph] g.node.selected[data-id="${id}"]`);
    // b (= a.other) is on the a <-> b cycle: drawn as such; the names panel links to it
    expect(await page.getAttribute(`g.node[data-id="${id}"]`, 'class')).toContain('cycle');
    expect(await page.textContent(`g.node[data-id="${id}"] .names-label`)).toBe('b');
    expect(await page.textContent('[data-testid=names] tr[data-name=b]')).toContain(`Node#${id}`);
    await page.click('[data-testid=q-details]');
    await expect.poll(() => page.textContent('[data-testid=object-details]')).toContain(`Node#${id}`);
    await shot('graph');
  });

  it('opens a block from an object, follows its history, and colours pools and blocks', async () => {
    const at = (await lineStops(page, server.url, 23))[0]!; // after keep = Node('keep')
    await scrubTo(page, at);
    await shownAt(page, at);
    await page.fill('[data-testid=find]', 'keep');
    await page.press('[data-testid=find]', 'Enter');
    await page.waitForSelector('[data-testid=object-details]');
    const block = (await page.textContent('[data-testid=object-details] tr:nth-child(4) td:nth-child(4)'))!;
    expect(block).toMatch(/^0x[0-9a-f]+$/);
    await page.click(`[data-testid=object-details] button:text("${block}")`);
    await page.waitForSelector(`[data-testid=pool-view] .block[data-address="${block}"]`);
    expect(await page.getAttribute(`.block[data-address="${block}"]`, 'data-status')).toBe('allocated');
    expect(await colourOf(page, `.block[data-address="${block}"]`)).toBe(await cssColour(page, BLOCK_COLOURS.allocated));
    // its history, in words, with the statement that caused each change
    await page.waitForSelector('[data-testid=history] li');
    const hist = await page.textContent('[data-testid=history]');
    expect(hist).toMatch(/holds object \d+ \(created\)/);
    expect(hist).toMatch(/line 21: keep = Node\('keep'\)/);
    // a history entry seeks the timeline
    const first = await page.getAttribute('[data-testid=history] li:first-child button.seek', 'title');
    await page.click('[data-testid=history] li:first-child button.seek');
    await shownAt(page, Number(/position (\d+)/.exec(first!)![1]));
    // the arena map: the pool holding the block has its size class's colour for its fill
    await page.click('[data-testid=view-arenas]');
    const pool = (await page.getAttribute('[data-testid=pool-view]', 'data-pool'))!;
    const cell = `[data-testid=arena-map] .pool[data-pool="${pool}"]`;
    const [cls, count] = [Number(await page.getAttribute(cell, 'data-class')), Number(await page.getAttribute(cell, 'data-count'))];
    const bpp = Number((await page.textContent('[data-testid=pool-view] .pool-head'))!.match(/\/(\d+) allocated/)![1]);
    expect(await colourOf(page, cell)).toBe(await cssColour(page, poolColour(cls, count, bpp)));
    const empty = await page.$('[data-testid=arena-map] .pool[data-class="-2"]');
    if (empty) expect(await empty.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(await cssColour(page, EMPTY_POOL));
    await shot('arenas');
  });

  it('diffs two positions and shows stats with charts; undo takes back page edits', async () => {
    const a = (await lineStops(page, server.url, 13))[0]!;
    const b = (await lineStops(page, server.url, 21))[0]!;
    await scrubTo(page, a);
    await shownAt(page, a);
    await page.keyboard.press('d');
    await scrubTo(page, b);
    await shownAt(page, b);
    await page.keyboard.press('D');
    await page.waitForSelector('[data-testid=diff-body]');
    // numbers, table, a and b and their dicts arrived; a and b were then collected
    expect(await page.textContent('[data-testid=diff-objects]')).toMatch(/^objects: \+\d+ −\d+ ~\d+$/);
    expect(await page.textContent('[data-testid=diff-body]')).toMatch(/\+ list#\d+/);
    expect(await page.textContent('[data-testid=diff-pools]')).toMatch(/pools: \d+ changed/);
    await shot('diff');
    await page.click('[data-testid=view-stats]');
    await page.waitForSelector('[data-testid=charts] canvas');
    expect(await page.textContent('[data-testid=mallocstats]')).toMatch(/^Small block threshold = 512, in 32 size classes\./);
    expect(await page.textContent('[data-testid=gc-counts]')).toMatch(/gc disabled/);
    await shot('stats');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.$eval('nav.views button.on', (e) => e.textContent)).toBe('4 Diff');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.$eval('nav.views button.on', (e) => e.textContent)).toBe('5 Stats');
    expect(pageErrors(page)).toEqual([]);
  });
});
