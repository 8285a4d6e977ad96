/**
 * A comparison as one self-contained HTML page (no script, no external file): the table,
 * and inline SVG charts of mapped bytes over the trace (one line per allocator, the
 * program's live requested bytes dashed beneath) and of block bytes, and bars of the
 * peak footprint.
 */
import type { ComparisonResult } from './compare.js';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function formatBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / 2 ** 30).toFixed(2)} GiB`;
  if (n >= 1 << 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${(n / 2 ** 10).toFixed(1)} KiB`;
  return `${n} B`;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function lineChart(title: string, xs: number[], lines: { name: string; color: string; ys: number[]; dashed?: boolean }[]): string {
  const W = 900, H = 320, L = 80, R = 160, T = 30, B = 40;
  const xMax = Math.max(1, xs[xs.length - 1] ?? 1);
  const yMax = Math.max(1, ...lines.flatMap((l) => l.ys));
  const x = (v: number): number => L + ((W - L - R) * v) / xMax;
  const y = (v: number): number => H - B - ((H - T - B) * v) / yMax;
  const parts: string[] = [];
  parts.push(`<text x="${L}" y="18" font-weight="bold">${esc(title)}</text>`);
  parts.push(`<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#999"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#999"/>`);
  for (let k = 0; k <= 4; k++) {
    const v = (yMax * k) / 4;
    parts.push(`<text x="${L - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11">${esc(formatBytes(Math.round(v)))}</text>`);
    parts.push(`<line x1="${L}" y1="${y(v)}" x2="${W - R}" y2="${y(v)}" stroke="#eee"/>`);
    const c = (xMax * k) / 4;
    parts.push(`<text x="${x(c)}" y="${H - B + 16}" text-anchor="middle" font-size="11">${Math.round(c).toLocaleString('en-US')}</text>`);
  }
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 6}" text-anchor="middle" font-size="11">calls replayed</text>`);
  lines.forEach((l, i) => {
    const pts = l.ys.map((v, j) => `${x(xs[j]!).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${l.color}" stroke-width="1.5"${l.dashed ? ' stroke-dasharray="4 3"' : ''} points="${pts}"/>`);
    parts.push(`<rect x="${W - R + 12}" y="${T + i * 18}" width="12" height="3" fill="${l.color}"/><text x="${W - R + 30}" y="${T + i * 18 + 5}" font-size="12">${esc(l.name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg>`;
}

function barChart(title: string, bars: { name: string; color: string; value: number }[], baseline: number): string {
  const W = 900, rowH = 26, L = 150, R = 120, T = 30;
  const H = T + bars.length * rowH + 20;
  const max = Math.max(1, baseline, ...bars.map((b) => b.value));
  const w = (v: number): number => ((W - L - R) * v) / max;
  const parts = [`<text x="${L}" y="18" font-weight="bold">${esc(title)}</text>`];
  bars.forEach((b, i) => {
    const yy = T + i * rowH;
    parts.push(`<text x="${L - 8}" y="${yy + 16}" text-anchor="end" font-size="12">${esc(b.name)}</text>`);
    parts.push(`<rect x="${L}" y="${yy + 4}" width="${w(b.value).toFixed(1)}" height="16" fill="${b.color}"/>`);
    parts.push(`<text x="${L + w(b.value) + 6}" y="${yy + 16}" font-size="12">${esc(formatBytes(b.value))}</text>`);
  });
  const bx = L + w(baseline);
  parts.push(`<line x1="${bx}" y1="${T}" x2="${bx}" y2="${H - 16}" stroke="#000" stroke-dasharray="4 3"/><text x="${bx}" y="${H - 4}" text-anchor="middle" font-size="11">peak live requested ${esc(formatBytes(baseline))}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg>`;
}

export function comparisonHtml(result: ComparisonResult, traceName: string): string {
  const colored = result.targets.map((t, i) => ({ ...t, color: COLORS[i % COLORS.length]! }));
  const rows = colored.map((t) => `<tr><td><span style="color:${t.color}">&#9632;</span> <b>${esc(t.name)}</b><br><small>${esc(t.title)}</small></td>`
    + `<td>${esc(formatBytes(t.peakMappedBytes))}</td><td>${esc(formatBytes(t.final.mappedBytes))}</td>`
    + `<td>${pct(t.overheadAtPeak)}</td><td>${pct(t.internalFragmentation)}</td><td>${pct(t.externalFragmentation)}</td>`
    + `<td>${t.final.freeBlocks.toLocaleString('en-US')}</td><td>${t.nsPerCall === null ? '-' : t.nsPerCall.toFixed(0)}</td>`
    + `<td><small>${esc(t.reference)}</small></td></tr>`).join('\n');
  const requested = { name: 'live requested', color: '#000', ys: result.requestedSeries, dashed: true };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pymm compare: ${esc(traceName)}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;max-width:1000px}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:right;vertical-align:top}td:first-child,th:first-child,td:last-child{text-align:left}svg{display:block;margin:16px 0}</style>
</head><body>
<h1>Allocators on ${esc(traceName)}</h1>
<p>${result.calls.toLocaleString('en-US')} calls replayed through each allocator from a fresh heap. Requests of 1 to 512 bytes go to the allocator; 0-byte and larger ones to the same raw allocator for all. Peak live requested: ${esc(formatBytes(result.peakRequestedBytes))}; at the end: ${esc(formatBytes(result.finalRequestedBytes))}.</p>
<table><thead><tr><th>allocator</th><th>peak mapped</th><th>final mapped</th><th>overhead at peak</th><th>internal frag.</th><th>external frag.</th><th>free blocks</th><th>ns/call</th><th>follows</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p><small>overhead at peak = peak mapped / peak live requested - 1; internal fragmentation = (block bytes - requested bytes) / block bytes at the end; external fragmentation = mapped bytes in no live block / mapped bytes at the end.</small></p>
${barChart('Peak mapped bytes', colored.map((t) => ({ name: t.name, color: t.color, value: t.peakMappedBytes })), result.peakRequestedBytes)}
${lineChart('Mapped bytes over the trace', result.sampleCalls, [...colored.map((t) => ({ name: t.name, color: t.color, ys: t.mappedSeries })), requested])}
${lineChart('Bytes in live blocks (headers and rounding included)', result.sampleCalls, [...colored.map((t) => ({ name: t.name, color: t.color, ys: t.blockSeries })), requested])}
</body></html>
`;
}
