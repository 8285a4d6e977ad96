/** A progress bar on stderr, drawn only when stderr is a terminal, at most 10 times a second. */
export class Progress {
  private last = 0;
  private readonly enabled: boolean;
  private drawn = false;
  constructor(
    private readonly label: string,
    enabled = process.stderr.isTTY === true && !process.env.CI,
  ) {
    this.enabled = enabled;
  }
  update(done: number, total: number, detail = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    const frac = total > 0 ? Math.min(1, done / total) : 0;
    const width = 30;
    const full = Math.round(frac * width);
    const bar = '#'.repeat(full) + '-'.repeat(width - full);
    process.stderr.write(`\r${this.label} [${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${detail}\x1b[K`);
    this.drawn = true;
  }
  /** Erases the bar (to print a line above it); the next update draws it again. */
  clear(): void {
    if (this.drawn) process.stderr.write('\r\x1b[K');
    this.drawn = false;
  }
  done(): void {
    this.clear();
  }
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function fmtSeconds(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
