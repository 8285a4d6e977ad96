/*
 * pymtrace -- run a Python program in an embedded CPython 3.11 and record every
 * pymalloc-relevant allocator call (mem and object domains, arena allocator) into
 * a "pymalloc trace, version 1" file (see docs/formats/pymalloc-trace.md).
 *
 *   pymtrace -o OUT.trace[.gz] [--workload NAME] [--summary] [--] <python args...>
 *
 * behaves like `python3 <python args...>`.
 *
 * The trace writer never calls back into Python's allocators: it formats events
 * into a static buffer and hands full buffers to write(2), through zlib's deflate
 * when the name ends in .gz. All its memory is static (zlib gets a static pool), so
 * the process's heaps look the same whatever the output file or its compression.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <dirent.h>
#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

/* Exported by libpython 3.11 but only declared in internal headers. */
extern int _PyObject_DebugMallocStats(FILE *out);
extern const char *_PyMem_GetCurrentAllocatorName(void);

#ifndef PYMTRACE_PYTHON_EXE
#define PYMTRACE_PYTHON_EXE ""
#endif
#ifndef PYMTRACE_GZ_LEVEL
#define PYMTRACE_GZ_LEVEL 1
#endif

#define ARENA_SIZE_3_11 ((size_t)1 << 20) /* obmalloc.c: ARENA_BITS 20 */
#define WBUF_SIZE ((size_t)1 << 20)
#define MAX_LABEL 200

/* ------------------------------------------------------------------ */
/* trace writer                                                        */
/* ------------------------------------------------------------------ */

static char wbuf[WBUF_SIZE];
static size_t wlen;
static int out_fd = -1;       /* the trace file */
static int use_gzip;          /* compress with deflate (gzip wrapper) */
static int trace_open;        /* 1 between open and close */
static int in_fork_child;     /* set in a forked child: never touch the file */
static int io_error;

/* Fixed-size static storage: the libc heap must not see requests whose size depends
 * on the output path, or raw-block addresses would change with it. */
static char out_path[PATH_MAX];
static char stats_dir[PATH_MAX];
static int stats_dir_ready;

/* counters */
static unsigned long long n_events, n_arena_alloc, n_arena_free, n_other_vm_alloc,
    n_other_vm_free, n_checkpoints, n_dropped, n_unexpected_arena, bytes_out;

static void
die(const char *msg)
{
    fprintf(stderr, "pymtrace: %s\n", msg);
    exit(2);
}

static void
write_all(const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t k = write(out_fd, p, n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            io_error = 1;
            return;
        }
        p += k;
        n -= (size_t)k;
    }
}

/* --- gzip through deflate, with zlib's memory taken from a static pool --- */
static z_stream zs;
static unsigned char zout[1 << 20];
static unsigned char zpool[1 << 20] __attribute__((aligned(64)));
static size_t zpool_used;

static voidpf
zpool_alloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    size_t n = ((size_t)items * size + 63) & ~(size_t)63;
    if (zpool_used + n > sizeof zpool)
        return Z_NULL;
    void *p = zpool + zpool_used;
    zpool_used += n;
    return p;
}

static void
zpool_free(voidpf opaque, voidpf p)
{
    (void)opaque;
    (void)p; /* the pool lives as long as the process */
}

static int
zstart(int level)
{
    zs.zalloc = zpool_alloc;
    zs.zfree = zpool_free;
    zs.opaque = Z_NULL;
    /* windowBits 15 + 16: gzip wrapper with a fixed header (no name, mtime 0) */
    return deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK ? 0 : -1;
}

static void
zpush(const void *buf, size_t n, int flush)
{
    zs.next_in = (Bytef *)buf;
    zs.avail_in = (uInt)n;
    for (;;) {
        zs.next_out = zout;
        zs.avail_out = sizeof zout;
        int r = deflate(&zs, flush);
        if (r == Z_STREAM_ERROR) {
            io_error = 1;
            return;
        }
        write_all(zout, sizeof zout - zs.avail_out);
        if (flush == Z_FINISH ? r == Z_STREAM_END : (zs.avail_in == 0 && zs.avail_out != 0))
            return;
    }
}

static void
wflush(void)
{
    if (wlen == 0 || in_fork_child)
        return;
    if (use_gzip)
        zpush(wbuf, wlen, Z_NO_FLUSH);
    else if (out_fd >= 0)
        write_all(wbuf, wlen);
    bytes_out += wlen;
    wlen = 0;
}

/* Make room for `need` bytes (need <= WBUF_SIZE) and return the write cursor. */
static inline char *
wreserve(size_t need)
{
    if (wlen + need > WBUF_SIZE)
        wflush();
    return wbuf + wlen;
}

static inline void
wcommit(char *q)
{
    wlen = (size_t)(q - wbuf);
}

static void
wraw(const char *s, size_t n)
{
    while (n) {
        size_t room = WBUF_SIZE - wlen;
        if (room == 0) {
            wflush();
            room = WBUF_SIZE;
        }
        size_t k = n < room ? n : room;
        memcpy(wbuf + wlen, s, k);
        wlen += k;
        s += k;
        n -= k;
    }
}

static const char hexdig[16] = "0123456789abcdef";

static inline char *
put_hex(char *q, uintptr_t v)
{
    if (v == 0) {
        *q++ = '0';
        return q;
    }
    int nd = (67 - __builtin_clzll((unsigned long long)v)) >> 2;
    char *end = q + nd;
    q = end;
    do {
        *--q = hexdig[v & 15];
        v >>= 4;
    } while (v);
    return end;
}

static inline char *
put_dec(char *q, size_t v)
{
    char tmp[24];
    int i = 0;
    do {
        tmp[i++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (i)
        *q++ = tmp[--i];
    return q;
}

/* An event line; returns 0 when tracing is off. */
static inline int
tracing(void)
{
    if (trace_open && !in_fork_child)
        return 1;
    n_dropped++;
    return 0;
}

static inline void
ev_ptr_n(char tag, void *p, size_t n) /* M, C */
{
    if (!tracing())
        return;
    char *q = wreserve(64);
    *q++ = tag;
    *q++ = ' ';
    q = put_hex(q, (uintptr_t)p);
    *q++ = ' ';
    q = put_dec(q, n);
    *q++ = '\n';
    wcommit(q);
    n_events++;
}

static inline void
ev_ptr(char tag, void *p) /* F, A, D */
{
    if (!tracing())
        return;
    char *q = wreserve(32);
    *q++ = tag;
    *q++ = ' ';
    q = put_hex(q, (uintptr_t)p);
    *q++ = '\n';
    wcommit(q);
    n_events++;
}

static inline void
ev_realloc(void *old, void *new_, size_t n)
{
    if (!tracing())
        return;
    char *q = wreserve(96);
    *q++ = 'R';
    *q++ = ' ';
    q = put_hex(q, (uintptr_t)old);
    *q++ = ' ';
    q = put_hex(q, (uintptr_t)new_);
    *q++ = ' ';
    q = put_dec(q, n);
    *q++ = '\n';
    wcommit(q);
    n_events++;
}

/* ------------------------------------------------------------------ */
/* allocator hooks                                                     */
/* ------------------------------------------------------------------ */

static PyMemAllocatorEx orig_mem, orig_obj, hook_mem, hook_obj;
static PyObjectArenaAllocator orig_arena, hook_arena;
static int hooks_installed;
/* > 0 while a mem/obj allocator call is in progress: arena requests made then come
 * from pymalloc; the frame data stack's chunks (pystate.c: push_chunk) are requested
 * outside any allocator call. */
static int alloc_depth;

static void *
h_malloc(void *ctx, size_t n)
{
    PyMemAllocatorEx *o = (PyMemAllocatorEx *)ctx;
    alloc_depth++;
    void *p = o->malloc(o->ctx, n);
    alloc_depth--;
    ev_ptr_n('M', p, n);
    return p;
}

static void *
h_calloc(void *ctx, size_t nelem, size_t elsize)
{
    PyMemAllocatorEx *o = (PyMemAllocatorEx *)ctx;
    alloc_depth++;
    void *p = o->calloc(o->ctx, nelem, elsize);
    alloc_depth--;
    ev_ptr_n('C', p, nelem * elsize);
    return p;
}

static void *
h_realloc(void *ctx, void *old, size_t n)
{
    PyMemAllocatorEx *o = (PyMemAllocatorEx *)ctx;
    alloc_depth++;
    void *p = o->realloc(o->ctx, old, n);
    alloc_depth--;
    ev_realloc(old, p, n);
    return p;
}

static void
h_free(void *ctx, void *p)
{
    PyMemAllocatorEx *o = (PyMemAllocatorEx *)ctx;
    alloc_depth++;
    o->free(o->ctx, p);
    alloc_depth--;
    /* written after the call so that a D caused by this free precedes it */
    ev_ptr('F', p);
}

static void *
h_arena_alloc(void *ctx, size_t size)
{
    (void)ctx;
    void *p = orig_arena.alloc(orig_arena.ctx, size);
    if (size == ARENA_SIZE_3_11 && alloc_depth > 0) {
        if (p != NULL) {
            ev_ptr('A', p);
            n_arena_alloc++;
        }
    }
    else {
        if (size == ARENA_SIZE_3_11)
            n_unexpected_arena++;
        n_other_vm_alloc++;
    }
    return p;
}

static void
h_arena_free(void *ctx, void *p, size_t size)
{
    (void)ctx;
    if (size == ARENA_SIZE_3_11 && alloc_depth > 0) {
        ev_ptr('D', p);
        n_arena_free++;
    }
    else {
        n_other_vm_free++;
    }
    orig_arena.free(orig_arena.ctx, p, size);
}

static void
install_hooks(void)
{
    PyMem_GetAllocator(PYMEM_DOMAIN_MEM, &orig_mem);
    PyMem_GetAllocator(PYMEM_DOMAIN_OBJ, &orig_obj);
    PyObject_GetArenaAllocator(&orig_arena);

    hook_mem.ctx = &orig_mem;
    hook_obj.ctx = &orig_obj;
    hook_mem.malloc = hook_obj.malloc = h_malloc;
    hook_mem.calloc = hook_obj.calloc = h_calloc;
    hook_mem.realloc = hook_obj.realloc = h_realloc;
    hook_mem.free = hook_obj.free = h_free;
    hook_arena.ctx = NULL;
    hook_arena.alloc = h_arena_alloc;
    hook_arena.free = h_arena_free;

    PyObject_SetArenaAllocator(&hook_arena);
    PyMem_SetAllocator(PYMEM_DOMAIN_MEM, &hook_mem);
    PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, &hook_obj);
    hooks_installed = 1;
}

/* ------------------------------------------------------------------ */
/* checkpoints                                                         */
/* ------------------------------------------------------------------ */

static char label_pool[1 << 16]; /* used labels, NUL-separated */
static size_t label_pool_len;

static int
label_valid(const char *s, size_t n)
{
    if (n == 0 || n > MAX_LABEL)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-'))
            return 0;
    }
    /* "." and ".." would not name a file */
    if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
        return 0;
    return 1;
}

static int
label_used(const char *s)
{
    for (size_t i = 0; i < label_pool_len; i += strlen(label_pool + i) + 1)
        if (strcmp(label_pool + i, s) == 0)
            return 1;
    return 0;
}

static int
label_pool_full(void)
{
    return label_pool_len + MAX_LABEL + 1 > sizeof label_pool;
}

static void
label_remember(const char *s)
{
    size_t n = strlen(s);
    if (label_pool_len + n + 1 > sizeof label_pool)
        return;
    memcpy(label_pool + label_pool_len, s, n + 1);
    label_pool_len += n + 1;
}

static int
ensure_stats_dir(void)
{
    if (stats_dir_ready)
        return 0;
    if (mkdir(stats_dir, 0777) != 0 && errno != EEXIST)
        return -1;
    /* drop stale LABEL.txt files from an earlier capture */
    DIR *d = opendir(stats_dir);
    if (d == NULL)
        return -1;
    struct dirent *e;
    size_t dl = strlen(stats_dir);
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".txt") == 0 && dl + n + 2 <= PATH_MAX) {
            char p[PATH_MAX];
            memcpy(p, stats_dir, dl);
            p[dl] = '/';
            memcpy(p + dl + 1, e->d_name, n + 1);
            unlink(p);
        }
    }
    closedir(d);
    stats_dir_ready = 1;
    return 0;
}

/* Write "S label", then the pymalloc report to STATS_DIR/label.txt.
 * Returns 0, or -1 with errno set when the stats file could not be written. */
static int
do_checkpoint(const char *label)
{
    if (!trace_open || in_fork_child)
        return 0;
    size_t n = strlen(label);
    wraw("S ", 2);
    wraw(label, n);
    wraw("\n", 1);
    n_events++;
    n_checkpoints++;
    label_remember(label);

    if (ensure_stats_dir() != 0)
        return -1;
    size_t dl = strlen(stats_dir);
    char path[PATH_MAX];
    if (dl + n + 6 > sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(path, stats_dir, dl);
    path[dl] = '/';
    memcpy(path + dl + 1, label, n);
    memcpy(path + dl + 1 + n, ".txt", 5);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    static char fbuf[1 << 16]; /* no stdio buffer on the libc heap */
    setvbuf(f, fbuf, _IOFBF, sizeof fbuf);

    /* _PyObject_DebugMallocStats prints only when pymalloc itself is the installed
     * object allocator: put the originals back around the dump (it allocates nothing). */
    if (hooks_installed) {
        PyMem_SetAllocator(PYMEM_DOMAIN_MEM, &orig_mem);
        PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, &orig_obj);
    }
    int printed = _PyObject_DebugMallocStats(f);
    if (hooks_installed) {
        PyMem_SetAllocator(PYMEM_DOMAIN_MEM, &hook_mem);
        PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, &hook_obj);
    }
    int err = ferror(f);
    if (fclose(f) != 0 || err)
        return -1;
    if (!printed)
        fprintf(stderr, "pymtrace: warning: pymalloc printed no stats for '%s'\n", label);
    return 0;
}

static void
close_trace(void)
{
    if (!trace_open || in_fork_child)
        return;
    wflush();
    trace_open = 0;
    if (use_gzip) {
        zpush("", 0, Z_FINISH);
        deflateEnd(&zs);
    }
    if (out_fd >= 0) {
        if (close(out_fd) != 0)
            io_error = 1;
        out_fd = -1;
    }
    if (io_error)
        fprintf(stderr, "pymtrace: error writing %s\n", out_path);
}

static int summary_wanted;

static void
print_summary(void)
{
    if (!summary_wanted)
        return;
    fprintf(stderr,
            "pymtrace: events=%llu arenas_allocated=%llu arenas_freed=%llu checkpoints=%llu "
            "other_vm_allocs=%llu other_vm_frees=%llu text_bytes=%llu trace=%s\n",
            n_events, n_arena_alloc, n_arena_free, n_checkpoints, n_other_vm_alloc,
            n_other_vm_free, bytes_out, out_path);
}

/* The final checkpoint: after Py_FinalizeEx has done everything (Py_AtExit functions
 * run at its very end), or, on paths that skip finalisation, from atexit / main. */
static void
finish_trace(void)
{
    if (!trace_open || in_fork_child)
        return;
    if (do_checkpoint("exit") != 0)
        fprintf(stderr, "pymtrace: cannot write exit stats: %s\n", strerror(errno));
    close_trace();
    print_summary();
}

static void
at_c_exit(void)
{
    if (in_fork_child)
        return;
    finish_trace();
    if (n_unexpected_arena)
        fprintf(stderr,
                "pymtrace: warning: %llu ARENA_SIZE requests outside allocator calls "
                "(treated as frame-stack chunks)\n",
                n_unexpected_arena);
}

static void
on_fork_child(void)
{
    /* a forked child shares the file: it must never write to it */
    in_fork_child = 1;
}

/* os._exit() ends the process without finalisation: this definition (exported from
 * the executable, see build.sh) takes precedence over libc's _exit for libpython, so
 * the trace still gets its exit checkpoint and is flushed. Only in the tracing process
 * itself: a vfork()ed child (subprocess) shares our memory but has another pid. */
static pid_t owner_pid;

void
_exit(int status)
{
    if (owner_pid != 0 && !in_fork_child && (pid_t)syscall(SYS_getpid) == owner_pid)
        finish_trace();
    syscall(SYS_exit_group, status);
    for (;;)
        syscall(SYS_exit, status);
}

/* ------------------------------------------------------------------ */
/* the _pymtrace module                                                */
/* ------------------------------------------------------------------ */

static PyObject *
pm_checkpoint(PyObject *self, PyObject *arg)
{
    (void)self;
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "checkpoint() argument must be str, not %.100s",
                     Py_TYPE(arg)->tp_name);
        return NULL;
    }
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(arg, &n);
    if (s == NULL)
        return NULL;
    if (!label_valid(s, (size_t)n) || strlen(s) != (size_t)n) {
        PyErr_SetString(PyExc_ValueError,
                        "checkpoint label must match [A-Za-z0-9_.-]+ (at most 200 chars)");
        return NULL;
    }
    if (label_pool_full()) {
        PyErr_SetString(PyExc_ValueError, "too many checkpoints");
        return NULL;
    }
    if (strcmp(s, "exit") == 0 || label_used(s)) {
        PyErr_Format(PyExc_ValueError, "checkpoint label '%s' is reserved or already used", s);
        return NULL;
    }
    if (do_checkpoint(s) != 0) {
        PyErr_SetFromErrnoWithFilename(PyExc_OSError, stats_dir);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
pm_enabled(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    Py_RETURN_TRUE;
}

static PyMethodDef pm_methods[] = {
    {"checkpoint", pm_checkpoint, METH_O,
     "checkpoint(label)\n--\n\nWrite 'S label' to the trace and the pymalloc stats to "
     "<trace>.stats/label.txt."},
    {"enabled", pm_enabled, METH_NOARGS, "enabled()\n--\n\nTrue: running under pymtrace."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef pm_module = {
    PyModuleDef_HEAD_INIT, "_pymtrace", "pymalloc trace recorder (pymtrace)", -1, pm_methods,
    NULL, NULL, NULL, NULL};

static PyObject *
PyInit__pymtrace(void)
{
    return PyModule_Create(&pm_module);
}

/* ------------------------------------------------------------------ */
/* main                                                                */
/* ------------------------------------------------------------------ */

static int
ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* OUT.trace[.gz] -> OUT.stats */
static void
make_stats_dir(const char *out)
{
    size_t n = strlen(out);
    if (n + 7 > sizeof stats_dir)
        die("output path too long");
    memcpy(stats_dir, out, n + 1);
    if (ends_with(stats_dir, ".gz"))
        stats_dir[n -= 3] = 0;
    if (ends_with(stats_dir, ".trace"))
        stats_dir[n -= 6] = 0;
    memcpy(stats_dir + n, ".stats", 7);
}

static void
usage(FILE *f)
{
    fprintf(f,
            "usage: pymtrace -o OUT.trace[.gz] [--workload NAME] [--summary] [--] "
            "[python args...]\n"
            "Runs python with the given arguments and records every mem/object-domain\n"
            "allocator call and every arena allocation into OUT (pymalloc trace v1).\n"
            "Stats of each checkpoint go to OUT's .stats directory.\n");
}

/* header values must be single-line text */
static void
wheader_value(const char *s)
{
    for (; *s; s++) {
        char c = *s;
        if ((unsigned char)c < 0x20 || c == 0x7f)
            c = ' ';
        wraw(&c, 1);
    }
}

int
main(int argc, char **argv)
{
    const char *out = NULL, *workload = NULL;
    int i = 1;
    while (i < argc) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (i + 1 >= argc)
                die("-o needs a file name");
            out = argv[i + 1];
            i += 2;
        }
        else if (strncmp(a, "--output=", 9) == 0) {
            out = a + 9;
            i++;
        }
        else if (strcmp(a, "--workload") == 0) {
            if (i + 1 >= argc)
                die("--workload needs a name");
            workload = argv[i + 1];
            i += 2;
        }
        else if (strncmp(a, "--workload=", 11) == 0) {
            workload = a + 11;
            i++;
        }
        else if (strcmp(a, "--summary") == 0) {
            summary_wanted = 1;
            i++;
        }
        else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        }
        else {
            break; /* first python argument */
        }
    }
    if (out == NULL) {
        usage(stderr);
        return 2;
    }

    /* python argv: argv[0] names the real interpreter so that sys.executable (and
     * subprocesses started through it) are the ordinary python3.11 */
    int py_argc = argc - i + 1;
    char **py_argv = calloc((size_t)py_argc + 1, sizeof(char *));
    if (py_argv == NULL)
        die("out of memory");
    py_argv[0] = (PYMTRACE_PYTHON_EXE[0] && access(PYMTRACE_PYTHON_EXE, X_OK) == 0)
                     ? (char *)PYMTRACE_PYTHON_EXE
                     : argv[0];
    for (int k = 1; k < py_argc; k++)
        py_argv[k] = argv[i + k - 1];

    /* open the trace and write the header */
    if (strlen(out) + 1 > sizeof out_path)
        die("output path too long");
    strcpy(out_path, out);
    make_stats_dir(out);
    out_fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (out_fd < 0) {
        fprintf(stderr, "pymtrace: cannot open %s: %s\n", out, strerror(errno));
        return 2;
    }
    if (ends_with(out, ".gz")) {
        use_gzip = 1;
        if (zstart(PYMTRACE_GZ_LEVEL) != 0)
            die("deflateInit2 failed");
    }
    trace_open = 1;

    const char *ver = Py_GetVersion(); /* "3.11.7 (main, ...) [...]" */
    size_t vl = strcspn(ver, " ");
    struct utsname un;
    const char *machine = (uname(&un) == 0) ? un.machine : "unknown";

    wraw("#pymtrace 1\n#python ", 20);
    wraw(ver, vl);
    wraw("\n#platform linux-", 17);
    wheader_value(machine);
    char pbuf[32];
    int pl = snprintf(pbuf, sizeof pbuf, "\n#pointer %d\n#workload ", (int)sizeof(void *));
    wraw(pbuf, (size_t)pl);
    if (workload)
        wheader_value(workload);
    else {
        for (int k = 1; k < py_argc; k++) {
            if (k > 1)
                wraw(" ", 1);
            wheader_value(py_argv[k]);
        }
        if (py_argc <= 1)
            wraw("python", 6);
    }
    wraw("\n", 1);

    if (PyImport_AppendInittab("_pymtrace", PyInit__pymtrace) != 0)
        die("PyImport_AppendInittab failed");

    /* Pre-initialise from the same command line Py_BytesMain will see (-E, -I, -X dev,
     * -X utf8 ...). Py_BytesMain's own pre-initialisation is then a no-op
     * (pylifecycle.c: _Py_PreInitializeFromPyArgv returns early when
     * runtime->preinitialized), so the allocators installed below stay in place. */
    PyPreConfig preconfig;
    PyPreConfig_InitPythonConfig(&preconfig);
    PyStatus st = Py_PreInitializeFromBytesArgs(&preconfig, py_argc, py_argv);
    if (PyStatus_Exception(st))
        Py_ExitStatusException(st);

    const char *aname = _PyMem_GetCurrentAllocatorName();
    if (aname == NULL || strcmp(aname, "pymalloc") != 0) {
        fprintf(stderr,
                "pymtrace: the memory allocator is '%s', not 'pymalloc' (unset PYTHONMALLOC, "
                "do not use -X dev)\n",
                aname ? aname : "?");
        close_trace();
        unlink(out_path);
        return 2;
    }

    owner_pid = getpid();
    pthread_atfork(NULL, NULL, on_fork_child);
    atexit(at_c_exit);
    if (Py_AtExit(finish_trace) != 0)
        die("Py_AtExit failed");

    install_hooks();

    int rc = Py_BytesMain(py_argc, py_argv);

    finish_trace(); /* no-op when Py_FinalizeEx already ran it */
    if (io_error && rc == 0)
        rc = 3;
    return rc;
}
