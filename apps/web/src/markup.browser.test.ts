/**
 * Names and strings from a log are text, never markup: a heap log whose strings, dict
 * keys, attribute names and even file name hold <img onerror> and <script> is shown
 * literally everywhere, and nothing in it runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYMM, serve, type Served } from './serveProcess.js';
import { launch, lineStops, newPage, pageErrors, screenshotDir, scrubTo, shownAt } from './browser.js';

const dir = mkdtempSync(join(tmpdir(), 'pymm-markup-'));
const EVIL = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=2</script>';
const ATTR = '<img src=y onerror="window.__pwned=3">';
const FILE = '<img src=z onerror=window.__pwned=4>.py';
const source = `class Markup:
    pass
evil = '${EVIL}'
script = '${SCRIPT}'
table = {'<b>key</b>': evil, script: 1}
m = Markup()
setattr(m, '${ATTR}', script)
print(evil, script)
`;
let browser: Browser;
let server: Served;
let page: Page;

beforeAll(async () => {
  const py = join(dir, FILE);
  writeFileSync(py, source);
  const log = join(dir, 'markup.pymmlog');
  // a log file, as one would be shared: written by pymm run, opened by pymm serve
  execFileSync(process.execPath, [PYMM, 'run', py, '--log', log], { timeout: 60_000 });
  [browser, server] = await Promise.all([launch(), serve([log])]);
  page = await newPage(browser, server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('markup in a log', () => {
  it('is shown as text in the names, the graph, the inspector and the editor, and never runs', async () => {
    const at = (await lineStops(page, server.url, 8))[0]!; // before print(...): every name bound
    await scrubTo(page, at);
    await shownAt(page, at);
    await expect.poll(() => page.textContent('[data-testid=names] tr[data-name=evil]')).toContain(`'${EVIL}'`);
    expect(await page.textContent('[data-testid=names] tr[data-name=script]')).toContain(`'${SCRIPT}'`);
    // the graph: the dict's keys as edge labels, the strings as node text
    await page.waitForSelector(`[data-testid=graph][data-at="${at}"] g.node`);
    const svgText = await page.textContent('[data-testid=graph]');
    expect(svgText).toContain("['<b>key</b>']");
    expect(svgText).toContain("'<img src=x onerror=");
    // the instance's attribute named with markup, in the inspector
    await page.fill('[data-testid=find]', 'm');
    await page.press('[data-testid=find]', 'Enter');
    await expect.poll(() => page.textContent('[data-testid=object-details]')).toContain(`.${ATTR} →`);
    // the program's source and file name
    expect(await page.textContent('.cm-content')).toContain(`evil = '${EVIL}'`);
    expect(await page.textContent('header')).toContain(`markup.pymmlog (${FILE})`);
    // the output printed by the end (the position's output: line 8 prints it)
    await page.click('[data-testid=end]');
    await expect.poll(() => page.textContent('[data-testid=stdout]').catch(() => '')).toContain(`${EVIL} ${SCRIPT}`);
    // nothing was parsed as markup, nothing ran
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.$$eval('img', (x) => x.length)).toBe(0);
    expect(await page.$$eval('b', (x) => x.map((e) => e.textContent))).not.toContain('key');
    expect(await page.$$eval('script', (x) => x.filter((s) => !(s as HTMLScriptElement).src).length)).toBe(0);
    await page.screenshot({ path: join(screenshotDir(), 'markup.png') });
    expect(pageErrors(page)).toEqual([]);
  });

  it('a run from the editor with markup in its output shows it as text too', async () => {
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(`x = '${SCRIPT}'\nprint(x)\nraise ValueError('${EVIL}')\n`);
    await page.click('[data-testid=run]');
    await expect.poll(() => page.textContent('[data-testid=stderr]')).toContain(`ValueError: ${EVIL}`);
    expect(await page.textContent('[data-testid=stdout]')).toBe(`${SCRIPT}\n`);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.$$eval('img', (x) => x.length)).toBe(0);
  });
});
