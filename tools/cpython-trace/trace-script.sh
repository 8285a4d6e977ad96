#!/usr/bin/env bash
# Trace one Python script with pymtrace, deterministically. This is the one place where a
# capture is set up (environment, address space, staging, streams): capture.sh runs it for
# the workloads, `pymm trace` for any script, so the two cannot drift apart.
#
#   trace-script.sh [--as NAME] --build
#       builds pymtrace if needed and prints its path (captures started together build once)
#   trace-script.sh [options] -o OUT.trace[.gz] [--] SCRIPT [ARGS...]
#       runs `python3 -s SCRIPT ARGS...` under pymtrace: writes OUT (replaced if it exists)
#       and OUT.stats/ (one file per checkpoint, and exit.txt); exits with the script's status
#   --workload NAME  the trace's #workload header (default: SCRIPT's name without .py)
#   --with FILE      also stage FILE (relative to SCRIPT's directory) beside SCRIPT; repeatable
#   --siblings       also stage the *.py modules and the packages (directories holding an
#                    __init__.py, without __pycache__) beside SCRIPT: what `import x` finds there
#   --in-stage       run in the staging directory as `python3 -s SCRIPT` (the workloads);
#                    default: in the caller's working directory as `python3 -s STAGE/SCRIPT`
#   --log FILE       the script's stdout and stderr, interleaved, go to FILE; default: they
#                    are written to ours (stdout, then stderr) when the script has finished
#   --summary        pymtrace's `pymtrace: events=...` line at the end of stderr (or FILE)
#   --pymtrace BIN   the recorder to use (default: build it, as --build does)
#   --as NAME        the name our messages start with (default: trace-script.sh)
#
# What python sees, and why:
# - No address space randomisation (`setarch -R`): arenas and blocks get the same addresses
#   every run. Without it (a warning says so) traces are not reproducible.
# - A fixed environment (`env -i` + PYTHONHASHSEED=0 and PYTHONDONTWRITEBYTECODE=1; not
#   -I or -E, which would make CPython ignore PYTHONHASHSEED) and `-s` (no user site).
# - stdin from /dev/null, stdout and stderr to regular files, never a terminal: a tty
#   makes the io module line-buffer the streams, which changes allocations.
# - The script runs from a copy in a private staging directory: `mktemp -d` under
#   $TMPDIR (default /tmp), then `run/` in it, removed afterwards. Two captures at once
#   never share it, and sys.path[0] holds only what was staged, so the import system's
#   listing of it (FileFinder caches the names) does not depend on other files beside the
#   script (its own earlier traces, say), and no __pycache__ is ever read: every module
#   beside the script is compiled from source, every run. The directory's path reaches
#   the heap (sys.path[0], __file__, sys.argv, the path importer cache): its length
#   changes allocation sizes (one more character moves raw blocks), so the name always
#   has the same length (the random part is 10 letters); its letters do not change the
#   trace (measured: captures under different random names are byte-identical).
#   Captures under a $TMPDIR of another length differ from each other.
set -euo pipefail
export LC_ALL=C # globs sorted the same way everywhere: files staged in the same order
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# where pymtrace is built (build.sh reads the same variable)
build_dir="${PYMTRACE_BUILD_DIR:-$here/build}"
export PYMTRACE_BUILD_DIR="$build_dir"
me="trace-script.sh"

die() { echo "$me: $*" >&2; exit 2; }

# built: whether build/pymtrace is what build.sh would make now, judged without running
# python3.11-config (a pyenv shim takes up to a second a call, and build.sh makes three):
# its stamp (CC|config|prefix|cflags|ldflags|gz level|python|hashes of pymtrace.c and
# build.sh) must name the same sources, compiler, gzip level and python3.11-config, and the
# python it recorded must still be there. Anything else, a stamp of another shape
# included, goes to build.sh, which checks everything (also a python3.11-config that now
# answers for another installation: run build.sh after switching Pythons).
built() {
  local stamp="$build_dir/.buildinfo" cfg="${PYTHON_CONFIG:-}"
  [[ -x "$build_dir/pymtrace" && -f "$stamp" ]] || return 1
  if [[ -z "$cfg" ]]; then
    cfg="$(command -v python3.11-config || command -v python3-config)" || return 1
  fi
  local cc pycfg prefix cflags ldflags gz pyexe hashes
  IFS='|' read -r cc pycfg prefix cflags ldflags gz pyexe hashes <"$stamp" || [[ -n "$hashes" ]] || return 1
  [[ "$cc" == "${CC:-gcc}" && "$pycfg" == "$cfg" && "$gz" == "${PYMTRACE_GZ_LEVEL:-1}" ]] || return 1
  [[ -n "$pyexe" && -x "$pyexe" ]] || return 1
  [[ "$hashes" == "$(sha256sum "$here/src/pymtrace.c" "$here/build.sh" | cut -c1-64 | tr '\n' ' ')" ]]
}

# build: pymtrace's path on stdout. build.sh writes to a fixed temporary name, so two
# builds at once are serialised with a lock in the (gitignored) build directory.
build() {
  if built; then
    echo "$build_dir/pymtrace"
    return 0
  fi
  mkdir -p "$build_dir"
  [[ -x "$build_dir/pymtrace" ]] ||
    echo "$me: building pymtrace (tools/cpython-trace/build.sh; a few seconds, the first time)" >&2
  if command -v flock >/dev/null 2>&1; then
    flock "$build_dir/.lock" bash "$here/build.sh"
  else
    bash "$here/build.sh"
  fi
}

out="" workload="" log="" bin="" siblings=0 in_stage=0 build_only=0
with=() summary=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --as) me="$2"; shift 2 ;;
    --build) build_only=1; shift ;;
    -o|--output) out="$2"; shift 2 ;;
    --workload) workload="$2"; shift 2 ;;
    --with) with+=("$2"); shift 2 ;;
    --siblings) siblings=1; shift ;;
    --in-stage) in_stage=1; shift ;;
    --log) log="$2"; shift 2 ;;
    --summary) summary=(--summary); shift ;;
    --pymtrace) bin="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0" | cut -c3-; exit 0 ;;
    --) shift; break ;;
    -*) die "unknown option $1" ;;
    *) break ;;
  esac
done
if [[ $build_only -eq 1 ]]; then
  build
  exit 0
fi
[[ $# -ge 1 && -n "$out" ]] || die "usage: trace-script.sh [options] -o OUT.trace[.gz] [--] SCRIPT [ARGS...]"
script="$1"
shift
[[ -f "$script" ]] || die "$script: no such file"
[[ "$out" == *.trace || "$out" == *.trace.gz ]] || die "$out: the trace's name must end in .trace.gz (or .trace)"
out_parent="$(dirname -- "$out")"
[[ -d "$out_parent" ]] || die "$out_parent: no such directory"
out="$(cd "$out_parent" && pwd)/$(basename -- "$out")"
if [[ -n "$log" ]]; then
  log_parent="$(dirname -- "$log")"
  [[ -d "$log_parent" ]] || die "$log_parent: no such directory"
  log="$(cd "$log_parent" && pwd)/$(basename -- "$log")"
fi
src_dir="$(cd "$(dirname -- "$script")" && pwd)"
name="$(basename -- "$script")"
[[ -n "$workload" ]] || workload="${name%.py}"
[[ -n "$bin" ]] || bin="$(build)"

arch=()
if command -v setarch >/dev/null 2>&1 && setarch "$(uname -m)" -R true 2>/dev/null; then
  arch=(setarch "$(uname -m)" -R)
else
  echo "$me: WARNING: 'setarch -R' unavailable: ASLR stays on, traces will not be reproducible" >&2
fi

# The private directory: removed on every way out (an error, the end, a signal).
tmp="$(mktemp -d --tmpdir pymtrace.XXXXXXXXXX)"
trap 'cd / && rm -rf -- "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
tmp="$(cd "$tmp" && pwd -P)" # as python sees it: sys.path[0] is a realpath
stage="$tmp/run"
mkdir "$stage"
if [[ $siblings -eq 1 ]]; then
  # in sorted order, the script at its place among its siblings
  for f in "$src_dir"/*.py; do
    if [[ -f "$f" ]]; then cp -- "$f" "$stage/"; fi
  done
  for d in "$src_dir"/*/; do
    d="${d%/}"
    if [[ -f "$d/__init__.py" ]]; then cp -R -- "$d" "$stage/"; fi
  done
  find "$stage" -name __pycache__ -prune -exec rm -rf -- {} +
fi
[[ -f "$stage/$name" ]] || cp -- "$script" "$stage/$name"
for dep in ${with[@]+"${with[@]}"}; do
  [[ -e "$src_dir/$dep" ]] || die "$src_dir/$dep: no such file (--with)"
  cp -R -- "$src_dir/$dep" "$stage/$dep"
done

stats="${out%.gz}"
stats="${stats%.trace}.stats"
rm -rf -- "$out" "$stats"

if [[ $in_stage -eq 1 ]]; then
  cd "$stage"
  py_script="$name"
else
  py_script="$stage/$name"
fi
cmd=(${arch[@]+"${arch[@]}"} env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C.UTF-8
  PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1
  "$bin" -o "$out" --workload "$workload" ${summary[@]+"${summary[@]}"} -- -s "$py_script" "$@")
# Ctrl-C reaches the script too (same process group): CPython raises KeyboardInterrupt,
# finishes the trace and ends (status 130); we wait for that, pass its output on, clean up.
trap ':' INT
rc=0
if [[ -n "$log" ]]; then
  "${cmd[@]}" >"$tmp/log" 2>&1 </dev/null || rc=$?
  cp -- "$tmp/log" "$log"
else
  "${cmd[@]}" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null || rc=$?
  cat -- "$tmp/stdout"
  cat -- "$tmp/stderr" >&2
fi
exit "$rc"
