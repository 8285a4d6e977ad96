/**
 * Browser-test helpers: Debian's Chromium driven by playwright-core (no browser download),
 * screenshots into out/web-shots (or PYMM_SCREENSHOTS), and page
 * helpers that act as a person would (the scrubber, keys) and wait for what is shown.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.PYMM_CHROMIUM ?? '/usr/bin/chromium';

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
  });
}

/**
 * Where screenshots and latency reports go: PYMM_SCREENSHOTS, else out/web-shots in this
 * checkout (gitignored; each run replaces its files), never a temporary directory left
 * behind.
 */
export function screenshotDir(): string {
  const dir = process.env.PYMM_SCREENSHOTS || fileURLToPath(new URL('../../../out/web-shots/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function newPage(b: Browser, url: string): Promise<Page> {
  const page = await b.newPage({ viewport: { width: 1500, height: 950 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => { errors.push(e.message); console.error(`page error: ${e.message}\n${e.stack ?? ''}`); });
  page.on('console', (m) => { if (m.type() === 'error') console.error(`page console: ${m.text()}`); });
  (page as unknown as { pageErrors: string[] }).pageErrors = errors;
  await page.goto(url);
  await page.waitForSelector('[data-testid=position][data-at]:not([data-at=""])', { timeout: 30_000 });
  return page;
}

export function pageErrors(page: Page): string[] {
  return (page as unknown as { pageErrors: string[] }).pageErrors;
}

/** The position the page shows (after the server answered), once it equals `at` if given. */
export async function shownAt(page: Page, at?: number): Promise<number> {
  if (at !== undefined) await page.waitForSelector(`[data-testid=position][data-at="${at}"]`, { timeout: 20_000 });
  return Number(await page.getAttribute('[data-testid=position]', 'data-at'));
}

/** Moves the scrubber as a drag does: the input event React listens to. */
export async function scrubTo(page: Page, at: number): Promise<void> {
  await page.evaluate((n) => {
    const input = document.querySelector('[data-testid=scrubber]') as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(n));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, at);
}

export async function lineStops(page: Page, base: string, line: number): Promise<number[]> {
  const log = new URL(page.url()).searchParams.get('log') ?? 'main';
  const r = await fetch(new URL(`api/lines?log=${log}`, base));
  return ((await r.json()) as { lines: Record<string, number[]> }).lines[String(line)] ?? [];
}

/** Computed background colour of the first element matching `selector`, as rgb(). */
export async function colourOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => getComputedStyle(el).backgroundColor);
}

/** What the browser makes of a CSS colour (hsl() and hex alike come back as rgb()). */
export async function cssColour(page: Page, colour: string): Promise<string> {
  return page.evaluate((c) => { const d = document.createElement('div'); d.style.background = c; document.body.appendChild(d); const v = getComputedStyle(d).backgroundColor; d.remove(); return v; }, colour);
}

/** The p-th quantile (0..1) of `xs`. */
export function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

/** Deterministic jump targets in 0..length - 1 (xorshift32). */
export function jumpTargets(length: number, n: number, seed = 20261127): number[] {
  let x = seed;
  const rnd = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
  return Array.from({ length: n }, () => Math.floor(rnd() * length));
}

/**
 * Jumps the scrubber to each target in turn, as a click on it does, and times until the
 * page shows the new position and its arena map (commit) and the next frame (painted);
 * the first `warmUp` jumps are not kept. Also the engine's seek time the server reported
 * for each position shown.
 */
export async function timeJumps(page: Page, targets: number[], warmUp = 20): Promise<{ commit: number[]; painted: number[]; seek: number[] }> {
  return page.evaluate(async ({ ts, warmUp }) => {
    const pos = document.querySelector('[data-testid=position]') as HTMLElement;
    const shown = (n: number) => pos.dataset.at === String(n) && (document.querySelector('[data-testid=arena-map]') as HTMLElement | null)?.dataset.at === String(n);
    const input = document.querySelector('[data-testid=scrubber]') as HTMLInputElement;
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    const commit: number[] = [], painted: number[] = [];
    for (const n of ts) {
      const t0 = performance.now();
      const done = new Promise<void>((ok) => {
        if (shown(n)) { ok(); return; }
        const mo = new MutationObserver(() => { if (shown(n)) { mo.disconnect(); ok(); } });
        mo.observe(document.body, { attributes: true, subtree: true, attributeFilter: ['data-at'] });
      });
      set.call(input, String(n));
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await done;
      commit.push(performance.now() - t0);
      await new Promise((ok) => requestAnimationFrame(() => ok(null)));
      painted.push(performance.now() - t0);
    }
    const seek = (window as unknown as { pymm: { timing: { shown: { seekMs: number }[] } } }).pymm.timing.shown.map((s) => s.seekMs);
    return { commit: commit.slice(warmUp), painted: painted.slice(warmUp), seek: seek.slice(-(ts.length - warmUp)) };
  }, { ts: targets, warmUp });
}
