#!/usr/bin/env node
// Compare the pymm simulator with CPython's own pymalloc on one trace.
//
//   node tools/bench/compare.mjs TRACE [--runs N] [--json]
//
// Runs, one after the other in this invocation:
//   1. native: tools/bench/native/build/pymalloc-replay TRACE --json --runs N
//      (built with tools/bench/native/build.sh if missing; run under
//      `setarch $(uname -m) -R` when available, so arenas can land at the recorded bases)
//   2. pymm:   node apps/cli/bin/pymm.mjs bench replay TRACE --json --runs N
// and prints both ns/event figures and the ratio pymm/native.
// Exit status: 0 ok, 1 a tool failed or the event counts differ, 2 usage error.
// Plain Node ESM, no dependencies.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const nativeDir = path.join(here, "native");
const nativeBin = path.join(nativeDir, "build", "pymalloc-replay");
const buildScript = path.join(nativeDir, "build.sh");
const pymmBin = path.join(root, "apps", "cli", "bin", "pymm.mjs");

function usage(msg) {
  if (msg) process.stderr.write(`compare: ${msg}\n`);
  process.stderr.write("usage: node tools/bench/compare.mjs TRACE [--runs N] [--json]\n");
  process.exit(2);
}

function fail(msg) {
  process.stderr.write(`compare: ${msg}\n`);
  process.exit(1);
}

// ---- arguments -------------------------------------------------------------------
let trace = null;
let runs = 7;
let json = false;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--json") json = true;
  else if (a === "--runs" || a.startsWith("--runs=")) {
    const v = a === "--runs" ? argv[++i] : a.slice("--runs=".length);
    if (v === undefined || !/^[1-9][0-9]*$/.test(v)) usage(`--runs needs a positive integer, got ${JSON.stringify(v ?? "")}`);
    runs = Number(v);
  } else if (a === "-h" || a === "--help") usage();
  else if (a.startsWith("-")) usage(`unknown option ${a}`);
  else if (trace === null) trace = a;
  else usage(`unexpected argument ${a}`);
}
if (trace === null) usage("no trace given");
trace = path.resolve(process.cwd(), trace);
if (!existsSync(trace)) fail(`trace not found: ${trace}`);

// ---- pymm must be there (checked first: no point timing native otherwise) ------------
if (!existsSync(pymmBin)) {
  fail(
    `the simulator CLI is not there yet: ${path.relative(process.cwd(), pymmBin) || pymmBin} is missing ` +
      `(needed: \`node apps/cli/bin/pymm.mjs bench replay TRACE --json --runs N\`)`,
  );
}

// ---- native build -----------------------------------------------------------------
if (!existsSync(nativeBin)) {
  process.stderr.write("compare: building the native replayer (tools/bench/native/build.sh)\n");
  const b = spawnSync("bash", [buildScript], { stdio: ["ignore", "inherit", "inherit"] });
  if (b.error) fail(`cannot run build.sh: ${b.error.message}`);
  if (b.status !== 0 || !existsSync(nativeBin)) fail(`build.sh failed (exit status ${b.status})`);
}

// ---- helpers ------------------------------------------------------------------------------
function parseJsonOutput(stdout) {
  const text = stdout.trim();
  try {
    return JSON.parse(text);
  } catch {
    // tolerate log lines before the object: take the last line that parses
    const lines = text.split("\n").reverse();
    for (const l of lines) {
      const s = l.trim();
      if (!s.startsWith("{")) continue;
      try {
        return JSON.parse(s);
      } catch {
        /* keep looking */
      }
    }
  }
  return null;
}

function run(label, cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
    ...opts,
  });
  if (r.error) fail(`${label}: cannot run ${cmd}: ${r.error.message}`);
  if (r.signal) fail(`${label}: killed by ${r.signal}`);
  if (r.status !== 0) fail(`${label}: \`${[cmd, ...args].join(" ")}\` exited with status ${r.status}`);
  const obj = parseJsonOutput(r.stdout);
  if (!obj || typeof obj !== "object") {
    const head = r.stdout.trim().split("\n").slice(0, 3).join(" | ");
    fail(`${label}: no JSON object in its output${head ? ` (got: ${head.slice(0, 200)})` : ""}`);
  }
  for (const k of ["nsPerEvent", "events", "runs"]) {
    if (typeof obj[k] !== "number" || !Number.isFinite(obj[k])) fail(`${label}: JSON output lacks a numeric "${k}"`);
  }
  return obj;
}

function setarchPrefix() {
  const arch = typeof os.machine === "function" ? os.machine() : spawnSync("uname", ["-m"], { encoding: "utf8" }).stdout.trim();
  const probe = spawnSync("setarch", [arch, "-R", "true"], { stdio: "ignore" });
  if (!probe.error && probe.status === 0) return ["setarch", [arch, "-R"]];
  return null;
}

// ---- 1. native ----------------------------------------------------------------------------
const sa = setarchPrefix();
const nativeArgs = [trace, "--json", "--runs", String(runs)];
if (!sa) process.stderr.write("compare: setarch unavailable; native replay runs with ASLR on (arena placement may fall back)\n");
if (!json) process.stderr.write(`compare: native replay (${runs} runs)...\n`);
const native = sa ? run("native", sa[0], [...sa[1], nativeBin, ...nativeArgs]) : run("native", nativeBin, nativeArgs);
native.aslrDisabled = Boolean(sa);
process.stderr.write(
  `compare: native ${native.nsPerEvent.toFixed(2)} ns/event over ${native.events} events` +
    ` (${native.mismatches ?? "?"} address mismatches)\n`,
);

// ---- 2. pymm ------------------------------------------------------------------------------
if (!json) process.stderr.write(`compare: pymm bench replay (${runs} runs)...\n`);
const pymm = run("pymm", process.execPath, [pymmBin, "bench", "replay", trace, "--json", "--runs", String(runs)]);

// ---- report ------------------------------------------------------------------------------
const ratio = native.nsPerEvent > 0 ? pymm.nsPerEvent / native.nsPerEvent : null;
const eventsMatch = native.events === pymm.events;
const warnings = [];
if (!eventsMatch) warnings.push(`event counts differ: native ${native.events}, pymm ${pymm.events}`);
if (native.mismatches) warnings.push(`native replay: ${native.mismatches} address mismatches (arenas not at the recorded bases?)`);
if (native.arenaFallbacks) warnings.push(`native replay: ${native.arenaFallbacks} arenas placed away from the recorded base`);
if (typeof pymm.mismatches === "number" && pymm.mismatches) warnings.push(`pymm: ${pymm.mismatches} address mismatches`);

if (json) {
  process.stdout.write(JSON.stringify({ trace, native, pymm, ratio, eventsMatch, warnings }) + "\n");
} else {
  const fmt = (x, d = 2) => (typeof x === "number" && Number.isFinite(x) ? x.toFixed(d) : "-");
  const int = (x) => (typeof x === "number" ? String(x) : "-");
  const rows = [
    ["", "ns/event", "min", "max", "events", "runs", "mismatches", "implementation"],
    ["native", fmt(native.nsPerEvent), fmt(native.minNsPerEvent), fmt(native.maxNsPerEvent), int(native.events), int(native.runs), int(native.mismatches), native.implementation ?? ""],
    ["pymm", fmt(pymm.nsPerEvent), fmt(pymm.minNsPerEvent), fmt(pymm.maxNsPerEvent), int(pymm.events), int(pymm.runs), int(pymm.mismatches), pymm.implementation ?? ""],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => r.map((v, c) => (c === 0 || c === r.length - 1 ? String(v).padEnd(widths[c]) : String(v).padStart(widths[c]))).join("  ").trimEnd();
  process.stdout.write(`trace  ${path.relative(process.cwd(), trace) || trace}\n\n`);
  for (const r of rows) process.stdout.write(line(r) + "\n");
  process.stdout.write(`\nratio pymm/native: ${ratio === null ? "-" : `${ratio.toFixed(2)}x`} (median ns/event)\n`);
  process.stdout.write(`events: ${eventsMatch ? "equal" : `DIFFER (native ${native.events}, pymm ${pymm.events})`}\n`);
  for (const w of warnings) process.stdout.write(`warning: ${w}\n`);
}
process.exit(eventsMatch ? 0 : 1);
