#!/usr/bin/env bash
# Build tools/cpython-trace/build/pymtrace (idempotent). Needs gcc, python3.11-config
# (shared libpython 3.11 + headers) and zlib headers (installed with apt-get if missing).
# Environment: PYTHON_CONFIG=/path/to/python3.11-config, CC=gcc, PYMTRACE_GZ_LEVEL=1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/src/pymtrace.c"
# PYMTRACE_BUILD_DIR: where to build (an installed pymm, whose own directory may not be
# writable, builds in a cache directory)
out_dir="${PYMTRACE_BUILD_DIR:-$here/build}"
bin="$out_dir/pymtrace"
CC="${CC:-gcc}"
GZ_LEVEL="${PYMTRACE_GZ_LEVEL:-1}"

log() { echo "build.sh: $*" >&2; }

# --- python3.11-config ----------------------------------------------------------
pycfg="${PYTHON_CONFIG:-}"
if [[ -z "$pycfg" ]]; then
  for c in python3.11-config python3-config; do
    if command -v "$c" >/dev/null 2>&1; then pycfg="$(command -v "$c")"; break; fi
  done
fi
[[ -n "$pycfg" ]] || { log "python3.11-config not found (set PYTHON_CONFIG)"; exit 1; }
prefix="$("$pycfg" --prefix)"
pyexe=""
for c in "$prefix/bin/python3.11" "$prefix/bin/python3"; do
  if [[ -x "$c" ]]; then pyexe="$c"; break; fi
done
if [[ -n "$pyexe" ]]; then
  ver="$("$pyexe" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  [[ "$ver" == "3.11" ]] || { log "need CPython 3.11, $pyexe is $ver"; exit 1; }
fi
cflags="$("$pycfg" --cflags)"
ldflags="$("$pycfg" --ldflags --embed)"
libdir="$prefix/lib"

# --- zlib -------------------------------------------------------------------------
have_zlib() { echo '#include <zlib.h>' | "$CC" -E -x c - >/dev/null 2>&1; }
if ! have_zlib; then
  log "zlib.h missing: installing zlib1g-dev"
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [[ "$(id -u)" == 0 ]] || SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq zlib1g-dev >&2
  fi
  have_zlib || { log "zlib development headers not available"; exit 1; }
fi

# --- compile (only when something changed) -----------------------------------------
mkdir -p "$out_dir"
stamp="$out_dir/.buildinfo"
info="$CC|$pycfg|$prefix|$cflags|$ldflags|$GZ_LEVEL|$pyexe|$(sha256sum "$src" "$here/build.sh" | cut -c1-64 | tr '\n' ' ')"
if [[ -x "$bin" && -f "$stamp" && "$(cat "$stamp")" == "$info" ]]; then
  echo "$bin"
  exit 0
fi
# shellcheck disable=SC2086
"$CC" -O2 -g -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
  $cflags -DPYMTRACE_GZ_LEVEL="$GZ_LEVEL" -DPYMTRACE_PYTHON_EXE="\"$pyexe\"" \
  -o "$bin.tmp" "$src" \
  $ldflags -lz -lpthread -Wl,-rpath,"$libdir" -Wl,--export-dynamic-symbol=_exit
mv -f "$bin.tmp" "$bin"
printf '%s' "$info" > "$stamp"
log "built $bin"
echo "$bin"
