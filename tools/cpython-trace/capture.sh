#!/usr/bin/env bash
# Capture pymalloc traces of workloads deterministically.
#
#   capture.sh [--out DIR] [--verify] NAME... | all
#
# For each NAME (a file workloads/NAME.py) writes DIR/NAME.trace.gz, DIR/NAME.stats/
# and DIR/NAME.log (the workload's stdout+stderr). DIR defaults to <repo>/traces.
# --verify captures every workload a second time and checks that trace and stats
# are byte-identical (cmp).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out_dir="$here/../../traces"
verify=0
names=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out_dir="$2"; shift 2 ;;
    --out=*) out_dir="${1#--out=}"; shift ;;
    --verify) verify=1; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    all) for f in "$here"/workloads/*.py; do names+=("$(basename "$f" .py)"); done; shift ;;
    -*) echo "capture.sh: unknown option $1" >&2; exit 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
[[ ${#names[@]} -gt 0 ]] || { echo "usage: capture.sh [--out DIR] [--verify] NAME... | all" >&2; exit 2; }
for n in "${names[@]}"; do
  [[ -f "$here/workloads/$n.py" ]] || { echo "capture.sh: no workload $here/workloads/$n.py" >&2; exit 2; }
done

# The capture itself (environment, ASLR, private staging, streams) is trace-script.sh,
# the same code `pymm trace` runs. A workload runs in its staging directory as
# `python3 -s NAME.py`, beside only the files its "# stage-with:" line names.
trace_script="$here/trace-script.sh"
bin="$("$trace_script" --as capture.sh --build)"
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"

# capture NAME DIR -> prints "events seconds bytes"
capture() {
  local name="$1" dir="$2"
  local trace="$dir/$name.trace.gz" log="$dir/$name.log"
  # A workload may import sibling workloads: "# stage-with: a.py b.py" on a line of its own.
  local with=()
  for dep in $(sed -n 's/^# stage-with: //p' "$here/workloads/$name.py"); do
    with+=(--with "$dep")
  done
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  "$trace_script" --as capture.sh --pymtrace "$bin" --in-stage --workload "$name" --summary \
    --log "$log" ${with[@]+"${with[@]}"} -o "$trace" -- "$here/workloads/$name.py" || rc=$?
  t1=$(date +%s.%N)
  if [[ $rc -ne 0 ]]; then
    echo "capture.sh: $name exited with $rc (see $log)" >&2
    [[ -f "$log" ]] && tail -5 "$log" >&2
    return 1
  fi
  local events
  events=$(sed -n 's/^pymtrace: events=\([0-9]*\) .*/\1/p' "$log" | tail -1)
  echo "$events $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}') $(stat -c %s "$trace")"
}

fail=0
tmp=""
if [[ $verify -eq 1 ]]; then
  tmp="$(mktemp -d --tmpdir pymtrace-verify.XXXXXXXXXX)"
  trap 'rm -rf "$tmp"' EXIT
fi
printf '%-12s %10s %9s %12s %s\n' workload events "time(s)" "trace(B)" "$([[ $verify -eq 1 ]] && echo determinism)"
for n in "${names[@]}"; do
  read -r ev secs size < <(capture "$n" "$out_dir") || { fail=1; continue; }
  det=""
  if [[ $verify -eq 1 ]]; then
    if capture "$n" "$tmp" >/dev/null &&
       cmp -s "$out_dir/$n.trace.gz" "$tmp/$n.trace.gz" &&
       diff -r -q "$out_dir/$n.stats" "$tmp/$n.stats" >/dev/null; then
      det="identical"
    else
      det="DIFFERENT"; fail=1
    fi
  fi
  printf '%-12s %10s %9s %12s %s\n' "$n" "$ev" "$secs" "$size" "$det"
done
echo "traces in $out_dir" >&2
exit $fail
