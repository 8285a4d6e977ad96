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

bin="$("$here/build.sh")"
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"

# No address space randomisation: arena and block addresses repeat from run to run.
arch=()
if command -v setarch >/dev/null 2>&1 && setarch "$(uname -m)" -R true 2>/dev/null; then
  arch=(setarch "$(uname -m)" -R)
else
  echo "capture.sh: WARNING: 'setarch -R' unavailable: ASLR stays on, traces will not be reproducible" >&2
fi

# The script runs from a fixed place (not from the checkout), so that the paths the
# interpreter sees (sys.path[0], __file__, cwd) do not depend on where the repo lives,
# in a directory holding nothing else (the import system lists sys.path[0]).
stage_root=/tmp/pymtrace-run

# capture NAME DIR -> prints "events seconds bytes"
capture() {
  local name="$1" dir="$2"
  local trace="$dir/$name.trace.gz" log="$dir/$name.log"
  local stage="$stage_root/$name"
  rm -rf "$stage"
  mkdir -p "$stage"
  cp "$here/workloads/$name.py" "$stage/$name.py"
  # A workload may import sibling workloads: "# stage-with: a.py b.py" on a line of its own.
  for dep in $(sed -n 's/^# stage-with: //p' "$here/workloads/$name.py"); do
    cp "$here/workloads/$dep" "$stage/$dep"
  done
  rm -rf "$dir/$name.stats" "$trace"
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  (cd "$stage" && "${arch[@]}" env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C.UTF-8 \
      PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 \
      "$bin" -o "$trace" --workload "$name" --summary -- -s "$name.py" \
      >"$log" 2>&1 </dev/null) || rc=$?
  t1=$(date +%s.%N)
  if [[ $rc -ne 0 ]]; then
    echo "capture.sh: $name exited with $rc (see $log)" >&2
    tail -5 "$log" >&2
    return 1
  fi
  local events
  events=$(sed -n 's/^pymtrace: events=\([0-9]*\) .*/\1/p' "$log" | tail -1)
  echo "$events $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}') $(stat -c %s "$trace")"
}

fail=0
tmp=""
if [[ $verify -eq 1 ]]; then
  tmp="$(mktemp -d /tmp/pymtrace-verify.XXXXXX)"
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
