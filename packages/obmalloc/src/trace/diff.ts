/** A small line-based unified diff (LCS), for stats texts of a few dozen lines. */
export function unifiedDiff(expected: string, actual: string, expectedName = 'expected', actualName = 'actual', context = 3): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const n = a.length, m = b.length;
  const lcs: Int32Array[] = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  type Op = { t: ' ' | '-' | '+'; line: string; ai: number; bi: number };
  const ops: Op[] = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { ops.push({ t: ' ', line: a[i], ai: i, bi: j }); i++; j++; }
    else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) { ops.push({ t: '+', line: b[j], ai: i, bi: j }); j++; }
    else { ops.push({ t: '-', line: a[i], ai: i, bi: j }); i++; }
  }
  const out = [`--- ${expectedName}`, `+++ ${actualName}`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].t === ' ') { k++; continue; }
    let start = Math.max(0, k - context);
    let end = k;
    // extend the hunk while changes are within 2*context of each other
    for (let last = k; end < ops.length; end++) {
      if (ops[end].t !== ' ') last = end;
      else if (end - last > 2 * context) { end = last + context + 1; break; }
      if (end === ops.length - 1) end = Math.min(ops.length, last + context + 1) - 1;
    }
    end = Math.min(end, ops.length);
    const hunk = ops.slice(start, end);
    const aStart = hunk[0].ai + 1, bStart = hunk[0].bi + 1;
    const aLen = hunk.filter((o) => o.t !== '+').length, bLen = hunk.filter((o) => o.t !== '-').length;
    out.push(`@@ -${aStart},${aLen} +${bStart},${bLen} @@`);
    for (const o of hunk) out.push(o.t + o.line);
    k = end;
    start = end;
  }
  return out.join('\n') + '\n';
}
