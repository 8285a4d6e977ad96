#!/usr/bin/env node
// Timeline benchmark (issues: event log and timeline; one timeline), one run, all figures
// side by side:
//   node tools/bench/timeline.mjs TRACE... [--generate EVENTS] [--baseline CHECKOUT] [--json]
// For each trace: plain `pymm replay` time, `pymm log build` time and size (bytes per
// event and per call, and what gzip makes of the text trace; the index file's size),
// then `pymm bench seek` (opening the log, 1000 random seeks p50/p99, checkpoint and
// index memory vs log size, history and pins times). --baseline runs the same with the
// `pymm` of another checkout (say, the commit before a change), in the same run.
// --generate N first writes tools/bench/native/build/generated-N.trace.gz: N allocator
// calls of a seeded random workload driven through this machine's real pymalloc.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, arch } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const pymm = join(root, 'apps', 'cli', 'bin', 'pymm.mjs');
const args = process.argv.slice(2);
const json = args.includes('--json');
const traces = [];
let generate = 0;
let baseline = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--json') continue;
  if (args[i] === '--generate') { generate = Number(args[++i]); continue; }
  if (args[i] === '--baseline') { baseline = resolve(args[++i], 'apps', 'cli', 'bin', 'pymm.mjs'); continue; }
  traces.push(args[i]);
}
const log = (m) => { if (!json) process.stderr.write(`timeline-bench: ${m}\n`); };

if (generate > 0) {
  const out = join(here, 'native', 'build', `generated-${generate}.trace.gz`);
  if (!existsSync(out)) {
    log(`generating ${generate} calls through the real pymalloc -> ${out}`);
    execFileSync('bash', [join(here, 'native', 'build.sh')], { stdio: 'ignore' });
    const gen = join(here, 'native', 'build', 'gen-trace');
    if (!existsSync(gen)) execFileSync('bash', [join(here, 'native', 'test', 'selftest.sh')], { stdio: 'ignore' });
    const m = arch() === 'x64' ? 'x86_64' : arch();
    execFileSync('setarch', [m, '-R', gen, out, String(generate), '11'], { stdio: 'inherit' });
  }
  traces.push(out);
}
if (traces.length === 0) {
  console.error('usage: node tools/bench/timeline.mjs TRACE... [--generate EVENTS] [--json]');
  process.exit(2);
}

function timed(argv, bin = pymm) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`pymm ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ms, out: r.stdout };
}

const rows = [];
for (const trace of traces) {
  for (const [who, bin] of baseline !== null ? [['baseline', baseline], ['this', pymm]] : [['this', pymm]]) {
    const dir = mkdtempSync(join(tmpdir(), 'pymm-tlbench-'));
    const logPath = join(dir, 'x.pymmlog');
    log(`${trace} (${who}): replay`);
    const replay = timed(['replay', trace, '--json'], bin);
    const replayJson = JSON.parse(replay.out);
    log(`${trace} (${who}): log build`);
    const build = timed(['log', 'build', trace, '-o', logPath, '--json'], bin);
    const b = JSON.parse(build.out);
    log(`${trace} (${who}): bench seek`);
    const seek = JSON.parse(timed(['bench', 'seek', logPath, '--json'], bin).out);
    const gzBytes = statSync(trace).size;
    rows.push({
      trace, who, calls: b.calls, events: b.events, records: b.records,
      replayMs: replayJson.elapsedMs, buildMs: b.elapsedMs, buildOverReplay: Number((b.elapsedMs / replayJson.elapsedMs).toFixed(2)),
      logBytes: b.bytes, bytesPerEvent: b.bytesPerEvent, bytesPerCall: b.bytesPerCall, traceGzBytesPerCall: Number((gzBytes / b.calls).toFixed(3)),
      indexFileBytes: b.indexBytes ?? 0,
      seekP50Ms: seek.p50Ms, seekP99Ms: seek.p99Ms, seekMaxMs: seek.maxMs,
      checkpointBytes: seek.checkpointBytes, checkpointOverLog: Number((seek.checkpointBytes / seek.logBytes).toFixed(2)),
      indexBytes: seek.indexBytes, indexBytesPerRecord: Number((seek.indexBytes / b.records).toFixed(3)),
      openMs: seek.openMs, historyMs: seek.historyMs, pinsMs: seek.pinsMs,
    });
    rmSync(dir, { recursive: true, force: true });
  }
}
if (json) console.log(JSON.stringify(rows));
else {
  for (const r of rows) {
    console.log(`\n${r.trace} (${r.who}): ${r.calls.toLocaleString('en-US')} calls, ${r.events.toLocaleString('en-US')} events, ${r.records.toLocaleString('en-US')} records`);
    console.log(`  log: ${r.logBytes.toLocaleString('en-US')} bytes = ${r.bytesPerEvent} B/event, ${r.bytesPerCall} B/call (text trace .gz: ${r.traceGzBytesPerCall} B/call); index file ${r.indexFileBytes.toLocaleString('en-US')} bytes`);
    console.log(`  build ${r.buildMs} ms vs plain replay ${r.replayMs} ms: ${r.buildOverReplay}x`);
    console.log(`  open ${r.openMs} ms; 1000 random seeks: p50 ${r.seekP50Ms} ms, p99 ${r.seekP99Ms} ms (max ${r.seekMaxMs})`);
    console.log(`  checkpoints ${r.checkpointBytes.toLocaleString('en-US')} bytes = ${r.checkpointOverLog} of the log; index memory ${r.indexBytes.toLocaleString('en-US')} bytes = ${r.indexBytesPerRecord} B/record; history ${r.historyMs} ms, pins ${r.pinsMs} ms (slowest of 20)`);
  }
}
