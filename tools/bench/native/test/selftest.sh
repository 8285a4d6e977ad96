#!/usr/bin/env bash
# Self-test of pymalloc-replay: generate a REAL trace with test/gen-trace.c (a seeded random
# workload driven through this machine's pymalloc, arenas recorded via the arena hook),
# replay it, and require 0 address mismatches; then check that malformed input is rejected
# with exit status 2 and a line number. Writes only under tools/bench/native/build/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/build.sh"
b="$here/build"
PYCFG="${PYTHON_CONFIG:-python3.11-config}"
# shellcheck disable=SC2046
gcc -O2 -Wall $("$PYCFG" --includes) "$here/test/gen-trace.c" -o "$b/gen-trace" \
  $("$PYCFG" --ldflags --embed) -lz
sa=()
if setarch "$(uname -m)" -R true 2>/dev/null; then sa=(setarch "$(uname -m)" -R); fi
"${sa[@]}" "$b/gen-trace" "$b/selftest.trace.gz" 1000000 7
out="$("${sa[@]}" "$b/pymalloc-replay" "$b/selftest.trace.gz" --runs 3 --json --verbose)"
echo "$out"
echo "$out" | grep -q '"mismatches":0,' || { echo "selftest: FAIL (address mismatches)"; exit 1; }
echo "$out" | grep -q '"arenaTimingMismatches":0' || { echo "selftest: FAIL (arena timing)"; exit 1; }
printf '#pymtrace 1\nM 10 16\nF 20\n' > "$b/selftest-bad.trace"
set +e
err="$("$b/pymalloc-replay" "$b/selftest-bad.trace" 2>&1)"; rc=$?
set -e
echo "$err"
[[ $rc -eq 2 && "$err" == *"selftest-bad.trace:3:"* ]] || { echo "selftest: FAIL (bad input: rc=$rc)"; exit 1; }
rm -f "$b/selftest.trace.gz" "$b/selftest-bad.trace"
echo "selftest: ok"
