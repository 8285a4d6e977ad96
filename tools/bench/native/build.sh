#!/usr/bin/env bash
# Build tools/bench/native/build/pymalloc-replay against the machine's libpython 3.11.
# Idempotent: rebuilds only when replay.c or this script is newer than the binary
# (or with --force). Installs zlib1g-dev through apt-get when zlib.h is missing.
#
# Environment:
#   PYTHON_CONFIG  python-config to use (default: python3.11-config, else python3-config)
#   CC             C compiler (default: gcc, else cc)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/replay.c"
out_dir="$here/build"
out="$out_dir/pymalloc-replay"

force=0
for a in "$@"; do
  case "$a" in
    --force|-f) force=1 ;;
    *) echo "build.sh: unknown argument $a (only --force)" >&2; exit 2 ;;
  esac
done

if [[ $force -eq 0 && -x "$out" && "$out" -nt "$src" && "$out" -nt "${BASH_SOURCE[0]}" ]]; then
  echo "build.sh: $out is up to date" >&2
  exit 0
fi

# --- compiler -----------------------------------------------------------------
CC="${CC:-}"
if [[ -z "$CC" ]]; then
  if command -v gcc >/dev/null 2>&1; then CC=gcc
  elif command -v cc >/dev/null 2>&1; then CC=cc
  else echo "build.sh: no C compiler (gcc/cc) found" >&2; exit 1
  fi
fi

# --- python-config ---------------------------------------------------------------
PYCFG="${PYTHON_CONFIG:-}"
if [[ -z "$PYCFG" ]]; then
  for c in python3.11-config python3-config; do
    if command -v "$c" >/dev/null 2>&1; then PYCFG="$c"; break; fi
  done
fi
if [[ -z "$PYCFG" ]]; then
  echo "build.sh: python3.11-config not found (set PYTHON_CONFIG)" >&2; exit 1
fi

includes="$("$PYCFG" --includes)"
ldflags="$("$PYCFG" --ldflags --embed)"
# directory holding libpython3.x.so, for the rpath: first -L of --ldflags
libdir=""
for w in $ldflags; do
  case "$w" in -L*) libdir="${w#-L}"; break ;; esac
done
if [[ -z "$libdir" ]]; then
  libdir="$("$PYCFG" --prefix)/lib"
fi

# --- zlib ----------------------------------------------------------------------------
have_zlib() {
  echo '#include <zlib.h>
int main(void){return zlibVersion()==0;}' | "$CC" -x c - -o /dev/null -lz >/dev/null 2>&1
}
if ! have_zlib; then
  echo "build.sh: zlib headers missing; installing zlib1g-dev" >&2
  sudo_cmd=""
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then sudo_cmd="sudo"; else
      echo "build.sh: not root and no sudo; install zlib1g-dev (or zlib-devel) yourself" >&2; exit 1
    fi
  fi
  if command -v apt-get >/dev/null 2>&1; then
    $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y zlib1g-dev >&2 || {
      $sudo_cmd apt-get update >&2
      $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y zlib1g-dev >&2
    }
  else
    echo "build.sh: no apt-get; install the zlib development headers yourself" >&2; exit 1
  fi
  have_zlib || { echo "build.sh: zlib still not usable" >&2; exit 1; }
fi

# Link zlib statically when libz.a exists, and only what is used (--as-needed): the
# process then maps the same shared libraries as the python3.11 executable (libpython,
# libc, libm), so with ASLR off its top-down mmap area starts where a captured
# process's did and recorded arena bases are free (see README).
zlib_link="-lz"
libz_a="$("$CC" -print-file-name=libz.a)"
if [[ "$libz_a" == /* && -f "$libz_a" ]]; then
  zlib_link="-Wl,-Bstatic -lz -Wl,-Bdynamic"
else
  echo "build.sh: note: no libz.a, linking zlib dynamically (libz.so shifts the mmap layout)" >&2
fi

# --- build ---------------------------------------------------------------------------
mkdir -p "$out_dir"
tmp="$out.tmp.$$"
# shellcheck disable=SC2086  # word splitting of the config flags is intended
"$CC" -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
  $includes "$src" -o "$tmp" \
  -Wl,--as-needed $zlib_link $ldflags -Wl,--disable-new-dtags,-rpath,"$libdir"
mv -f "$tmp" "$out"
echo "build.sh: built $out (libpython from $libdir)" >&2
