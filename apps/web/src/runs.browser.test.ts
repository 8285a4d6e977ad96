/**
 * Running programs from the page and opening files: `pymm serve` with no file (the
 * example, no "command line" log, a stale link), a program that never ends (the page
 * stays usable, Stop ends it), files dropped onto the page (a log opens, anything else
 * says why not), and `pymm serve bad.py` (the editor with the error, to fix and run).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYMM, serve, type Served } from './serveProcess.js';
import { launch, newPage, pageErrors, screenshotDir, shownAt } from './browser.js';

const dir = mkdtempSync(join(tmpdir(), 'pymm-runs-'));
const shots = screenshotDir();
let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); rmSync(dir, { recursive: true, force: true }); });

/** Drops a file onto the page, as a person dragging it from their files does. */
async function dropFile(page: Page, name: string, bytes: Buffer): Promise<void> {
  const dt = await page.evaluateHandle(({ name, data }) => {
    const t = new DataTransfer();
    t.items.add(new File([new Uint8Array(data)], name));
    return t;
  }, { name, data: [...bytes] });
  await page.dispatchEvent('.app', 'drop', { dataTransfer: dt });
}

/** Replaces the editor's text, as typing does. */
async function typeProgram(page: Page, text: string): Promise<void> {
  await page.click('.cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

describe('pymm serve with no file', () => {
  let server: Served;
  let page: Page;
  beforeAll(async () => {
    server = await serve(['--time-limit', '60']);
    page = await newPage(browser, server.url);
  });
  afterAll(async () => { await page?.close(); await server?.stop(); });

  it('runs the example; the runs menu offers no "command line"; a link to a log this server lacks says so and shows what it has', async () => {
    await expect.poll(() => page.textContent('[data-testid=stdout]')).toContain('unreachable cycle collected: 2');
    expect(await page.$('[data-testid=branches]')).toBeNull();
    await page.goto(new URL('?log=main&at=0', server.url).href);
    await expect.poll(() => page.textContent('[data-testid=notice]').catch(() => '')).toMatch(/no log 'main' is open here.*Showing what this server has instead/);
    await expect.poll(() => new URL(page.url()).searchParams.get('log') ?? '').toMatch(/^r[0-9a-f]{12}$/);
    await page.waitForSelector('[data-testid=position][data-at]:not([data-at=""])');
    expect(pageErrors(page)).toEqual([]);
  });

  it('a program that never ends: the page stays usable while it runs, and Stop ends it at a statement, opening what ran', async () => {
    const before = new URL(page.url()).searchParams.get('log');
    const at = Number(await page.getAttribute('[data-testid=position]', 'data-at'));
    await typeProgram(page, 'print("start")\ni = 0\nwhile True:\n    i += 1\n');
    await page.click('[data-testid=run]');
    await page.waitForSelector('[data-testid=stop]');
    await expect.poll(() => page.textContent('[data-testid=run]')).toMatch(/^running… \d+ s$/);
    // the server answers while the program runs: stepping the log on screen works
    await page.click('.center');
    await page.keyboard.press('ArrowLeft');
    await shownAt(page, at - 1);
    await page.keyboard.press('ArrowLeft');
    await shownAt(page, at - 2);
    await page.click('[data-testid=stop]');
    await expect.poll(() => page.textContent('[data-testid=stopped]').catch(() => ''), { timeout: 60_000 }).toMatch(/^stopped \(KeyboardInterrupt/);
    await expect.poll(() => new URL(page.url()).searchParams.get('log')).not.toBe(before);
    await page.waitForSelector('[data-testid=position][data-at]:not([data-at=""])');
    // it opens where the module stopped: the interrupted loop's names
    await expect.poll(() => page.textContent('[data-testid=names] tr[data-name=i]').catch(() => '')).toMatch(/int#\d+ \d+/);
    expect(await page.textContent('[data-testid=console]')).toContain('KeyboardInterrupt');
    // the runs menu: the server's runs (the example's and this one), no command line log
    const options = await page.$$eval('[data-testid=branches] option', (o) => o.map((x) => x.textContent));
    expect(options).toHaveLength(2);
    expect(options).not.toContain('command line');
    await page.screenshot({ path: join(shots, 'stopped.png') });
    expect(pageErrors(page)).toEqual([]);
  });

  it('a dropped log opens; a dropped file that is not a log says why on the page', async () => {
    const py = join(dir, 'dropped.py');
    writeFileSync(py, 'xs = [1, 2, 3]\nprint(len(xs))\n');
    const log = join(dir, 'dropped.pymmlog');
    execFileSync(process.execPath, [PYMM, 'run', py, '--log', log], { timeout: 60_000 });
    await dropFile(page, 'dropped.pymmlog', readFileSync(log));
    await expect.poll(() => new URL(page.url()).searchParams.get('log') ?? '').toMatch(/^u[0-9a-f]{12}$/);
    await expect.poll(() => page.textContent('header .logname')).toContain('upload-');
    await expect.poll(() => page.textContent('[data-testid=stdout]').catch(() => '')).toBe('3\n');
    await dropFile(page, 'notes.pymmlog', Buffer.from('hello, not a log\n'));
    await expect.poll(() => page.textContent('[data-testid=notice]').catch(() => '')).toMatch(/^notes\.pymmlog could not be opened: .*not a \.pymmlog/);
    await page.screenshot({ path: join(shots, 'drop-error.png') });
    expect(pageErrors(page)).toEqual([]);
  });
});

describe('pymm serve bad.py', () => {
  let server: Served;
  let page: Page;
  afterAll(async () => { await page?.close(); await server?.stop(); });

  it('opens the program in the editor with its error; fixed there and run, its log opens', async () => {
    const bad = join(dir, 'bad.py');
    writeFileSync(bad, 'xs = [1, 2,\nprint(xs)\n');
    server = await serve([bad]);
    page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=no-log]');
    expect(await page.textContent('.cm-content')).toContain('xs = [1, 2,');
    expect(await page.textContent('[data-testid=stderr]')).toMatch(/SyntaxError/);
    expect(await page.textContent('.cm-error-line')).toBe('xs = [1, 2,');
    await page.screenshot({ path: join(shots, 'bad-program.png') });
    await typeProgram(page, 'xs = [1, 2]\nprint(xs)\n');
    await page.click('[data-testid=run]');
    await page.waitForSelector('[data-testid=position][data-at]:not([data-at=""])');
    await expect.poll(() => page.textContent('[data-testid=stdout]')).toBe('[1, 2]\n');
    expect(await page.$('[data-testid=no-log]')).toBeNull();
    expect(errors).toEqual([]);
  });
});
