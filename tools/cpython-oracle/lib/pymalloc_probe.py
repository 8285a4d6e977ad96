"""Which pymalloc size class does a block live in?  (written for this oracle; no CPython code.)

CPython 3.11, 64-bit, default pymalloc build, libpython (or the executable) with its symbol
table. The file-static ``arenas`` / ``maxarenas`` of Objects/obmalloc.c are located with
``nm`` and read with ctypes:

  * an address is a pymalloc block iff it lies inside an allocated arena
    (``arenas[i].address <= a < arenas[i].address + 1 MiB``: what address_in_range decides);
  * its pool is ``a & ~(16 KiB - 1)``; the pool header holds ``arenaindex`` at offset 32 and
    ``szidx`` at offset 36; block size = (szidx + 1) * 16;
  * the probe cross-checks the header (arenaindex names the arena that holds the address,
    count >= 1, the address sits on a block boundary ``48 + k*size``) and reports None
    rather than a guess when any check fails.

Addresses inside a mapping of libpython or of the executable are static objects
(small ints, singletons, static types): ``'static'``. Anything else is a raw
``malloc`` block (request > 512 bytes, or ``PyMem_RawMalloc``): ``'raw'``.

Struct offsets used for secondary storage (3.11, 64-bit): list.ob_item +24,
list.allocated +32; dict.ma_keys +32, dict.ma_values +40; keys: dk_log2_size +8,
dk_log2_index_bytes +9, dk_kind +10, dk_usable +16, dk_nentries +24; set.mask +32,
set.table +40, set.smalltable +64; bytearray.ob_alloc +24, ob_bytes +32; managed-dict
instance: values pointer at id-32, dict pointer at id-24, values prefix size in the byte
before the values pointer.
"""
import ctypes
import os
import shutil
import subprocess
import sys
import sysconfig

POOL_SIZE = 1 << 14
ARENA_SIZE = 1 << 20
POOL_OVERHEAD = 48
ARENA_OBJECT_SIZE = 48
TPFLAGS_MANAGED_DICT = 1 << 4
TPFLAGS_HAVE_GC = 1 << 14


def u64(a): return ctypes.c_uint64.from_address(a).value
def u32(a): return ctypes.c_uint32.from_address(a).value
def i64(a): return ctypes.c_int64.from_address(a).value
def u8(a): return ctypes.c_uint8.from_address(a).value


def preheader(tp):
    n = 0
    if tp.__flags__ & TPFLAGS_HAVE_GC:
        n += 16
    if tp.__flags__ & TPFLAGS_MANAGED_DICT:
        n += 16
    return n


class Probe:
    def __init__(self):
        self.available = False
        self.reason = None
        self.library = None
        self._static = []
        try:
            self._init()
            self.available = True
        except Exception as e:            # recorded, never fatal
            self.reason = f"{type(e).__name__}: {e}"

    def _init(self):
        if sys.version_info[:2] != (3, 11) or sys.maxsize != 2**63 - 1:
            raise RuntimeError("needs 64-bit CPython 3.11")
        if os.environ.get('PYTHONMALLOC'):
            raise RuntimeError("PYTHONMALLOC is set")
        if sysconfig.get_config_var('Py_ENABLE_SHARED'):
            lib = os.path.join(sysconfig.get_config_var('LIBDIR'), sysconfig.get_config_var('INSTSONAME'))
        else:
            lib = os.path.realpath(sys.executable)
        self.library = lib
        if not shutil.which('nm'):
            raise RuntimeError("nm (binutils) not found")
        out = subprocess.run(['nm', lib], capture_output=True, text=True).stdout
        syms = {}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[2] in ('arenas', 'maxarenas'):
                syms[parts[2]] = int(parts[0], 16)
        if len(syms) != 2:
            raise RuntimeError(f"symbols arenas/maxarenas not found in {lib} (stripped?)")
        real = os.path.realpath(lib)
        exe = os.path.realpath(sys.executable)
        base = None
        for line in open('/proc/self/maps'):
            parts = line.split()
            if len(parts) < 6:
                continue
            path = os.path.realpath(parts[5]) if parts[5].startswith('/') else parts[5]
            lo, hi = (int(x, 16) for x in parts[0].split('-'))
            if path in (real, exe):
                self._static.append((lo, hi))
            if path == real and int(parts[2], 16) == 0 and base is None:
                base = lo
        if base is None:
            raise RuntimeError(f"{lib} is not mapped")
        self._arenas_sym = base + syms['arenas']
        self._maxarenas_sym = base + syms['maxarenas']
        if not (0 < self.maxarenas() < 1 << 20):
            raise RuntimeError("maxarenas looks wrong")

    def maxarenas(self):
        return u32(self._maxarenas_sym)

    def arena_of(self, a):
        base = u64(self._arenas_sym)
        for i in range(self.maxarenas()):
            addr = u64(base + i * ARENA_OBJECT_SIZE)
            if addr and addr <= a < addr + ARENA_SIZE:
                return i
        return None

    def is_static(self, a):
        return any(lo <= a < hi for lo, hi in self._static)

    def block(self, a):
        """{'where': 'pymalloc', 'blockSize': s, 'szidx': i} | {'where': 'raw'} |
        {'where': 'static'} | None (not measurable)."""
        if not self.available or not a:
            return None
        if self.is_static(a):
            return {'where': 'static'}
        idx = self.arena_of(a)
        if idx is None:
            return {'where': 'raw'}
        pool = a & ~(POOL_SIZE - 1)
        count, arenaindex, szidx = u32(pool), u32(pool + 32), u32(pool + 36)
        if szidx > 31 or arenaindex != idx or count < 1:
            return None
        size = (szidx + 1) * 16
        if (a - pool - POOL_OVERHEAD) % size != 0 or a - pool < POOL_OVERHEAD:
            return None
        return {'where': 'pymalloc', 'blockSize': size, 'szidx': szidx}

    def object_block(self, o):
        return self.block(id(o) - preheader(type(o)))


# --- 3.11 64-bit struct reads for secondary storage ---------------------------------------

def list_items_ptr(l): return u64(id(l) + 24)
def list_allocated(l): return i64(id(l) + 32)
def dict_keys_ptr(d): return u64(id(d) + 32)
def dict_values_ptr(d): return u64(id(d) + 40)


def keys_info(k):
    kinds = {0: 'general', 1: 'unicode', 2: 'split'}
    return {'log2Size': u8(k + 8), 'log2IndexBytes': u8(k + 9), 'kind': kinds.get(u8(k + 10), u8(k + 10)),
            'usable': i64(k + 16), 'nentries': i64(k + 24), 'refcnt': i64(k)}


def set_mask(s): return i64(id(s) + 32)
def set_table_ptr(s): return u64(id(s) + 40)
def set_uses_smalltable(s): return set_table_ptr(s) == id(s) + 64
def bytearray_buffer_ptr(b): return u64(id(b) + 32)
def bytearray_alloc(b): return i64(id(b) + 24)
def instance_values_ptr(o): return u64(id(o) - 32)
def instance_dict_ptr(o): return u64(id(o) - 24)


def values_array_start(values_ptr):
    """(block start, prefix size) of a PyDictValues array (3.11 new_values layout)."""
    prefix = u8(values_ptr - 1)
    return values_ptr - prefix, prefix
