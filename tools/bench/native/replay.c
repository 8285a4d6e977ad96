/*
 * pymalloc-replay: replay a pymalloc trace (format: docs/formats/pymalloc-trace.md)
 * through the real pymalloc of the linked libpython, and time the replay loop.
 *
 * Usage: pymalloc-replay TRACE [--runs N] [--json] [--no-reserve] [--verbose]
 *
 * Phases:
 *   1. parse (untimed): the trace becomes an array of compact ops whose pointers are
 *      slot indices into a pointer table; A/D lines become the list of expected arena
 *      bases.
 *   2. reserve (untimed): every recorded arena range is reserved (PROT_NONE) so that
 *      nothing else in this process (libc's own mmaps during the replay) can take it.
 *   3. per run: fork(); the child starts from a pristine pymalloc (nothing in the
 *      parent ever calls it), runs the loop once under clock_gettime(CLOCK_MONOTONIC),
 *      reports through a pipe and exits.
 *
 * The interpreter is never initialised: in CPython 3.11 PyObject_Malloc & co. are
 * statically wired to pymalloc, whose state is static.
 *
 * This file is original work for the pymm project; it contains no CPython source.
 */
#define _GNU_SOURCE
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define ARENA_SIZE ((uint64_t)1 << 20) /* pymalloc 3.10+ on 64-bit: 1 MiB */
#define POOL_SIZE ((uint64_t)1 << 14)  /* 16 KiB */
#define PAGE_SZ ((uint64_t)4096)

/* Address hints for the long-lived arrays of the parent, far from both the brk heap
 * (0x5555...) and the top-down mmap area (0x7fff...) where captured arenas live. */
#define HINT_OPS ((void *)0x100000000000ULL)
#define HINT_AREN ((void *)0x180000000000ULL)
#define HINT_DEAD ((void *)0x1a0000000000ULL)
#define HINT_RES ((void *)0x1c0000000000ULL)

enum { OP_M = 0, OP_C = 1, OP_R = 2, OP_F = 3 };

typedef struct {
    uint64_t expected; /* recorded result address (M/C/R); recorded argument for F */
    uint32_t size;     /* requested bytes (C: nelem*elsize) */
    uint32_t slot;     /* result slot (M/C/R) */
    uint32_t aux;      /* argument slot (R old, F ptr); 0 = NULL */
    uint8_t kind;      /* OP_* */
    uint8_t check;     /* 1: expected address is a pymalloc address -> compare */
    uint16_t pad;
} op_t; /* 24 bytes */

typedef struct {
    uint64_t base;
    uint64_t at; /* index of the first op that follows the A/D line */
} arena_ev_t;

/* ------------------------------------------------------------------------------ */
/* growable arrays at a hinted address (mremap keeps them there)                  */

typedef struct {
    void *p;
    size_t cap; /* bytes */
    size_t len; /* elements */
    size_t esz;
    void *hint;
} hvec_t;

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("pymalloc-replay: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void hvec_init(hvec_t *v, size_t esz, void *hint)
{
    v->esz = esz;
    v->hint = hint;
    v->len = 0;
    v->cap = (size_t)1 << 20;
    v->p = mmap(hint, v->cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (v->p == MAP_FAILED)
        die("mmap: %s", strerror(errno));
}

static inline void *hvec_push(hvec_t *v)
{
    if ((v->len + 1) * v->esz > v->cap) {
        size_t ncap = v->cap * 2;
        void *np = mremap(v->p, v->cap, ncap, MREMAP_MAYMOVE);
        if (np == MAP_FAILED)
            die("mremap: %s", strerror(errno));
        v->p = np;
        v->cap = ncap;
    }
    return (char *)v->p + (v->len++) * v->esz;
}

/* ------------------------------------------------------------------------------ */
/* u64 -> u32 hash map, linear probing, backward-shift deletion; key 0 = empty.    */
/* Used during parsing only (plain malloc; freed before any fork).                  */

typedef struct {
    uint64_t *keys;
    uint32_t *vals;
    size_t mask;
    size_t count;
} hmap_t;

static inline size_t hm_hash(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (size_t)k;
}

static void hm_init(hmap_t *m, size_t cap_pow2)
{
    m->keys = calloc(cap_pow2, sizeof(uint64_t));
    m->vals = malloc(cap_pow2 * sizeof(uint32_t));
    if (!m->keys || !m->vals)
        die("out of memory");
    m->mask = cap_pow2 - 1;
    m->count = 0;
}

static void hm_free(hmap_t *m)
{
    free(m->keys);
    free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
}

static void hm_put(hmap_t *m, uint64_t k, uint32_t v);

static void hm_grow(hmap_t *m)
{
    hmap_t n;
    hm_init(&n, (m->mask + 1) * 2);
    for (size_t i = 0; i <= m->mask; i++)
        if (m->keys[i])
            hm_put(&n, m->keys[i], m->vals[i]);
    hm_free(m);
    *m = n;
}

/* returns pointer to value or NULL */
static inline uint32_t *hm_get(hmap_t *m, uint64_t k)
{
    size_t i = hm_hash(k) & m->mask;
    for (;;) {
        uint64_t kk = m->keys[i];
        if (kk == k)
            return &m->vals[i];
        if (kk == 0)
            return NULL;
        i = (i + 1) & m->mask;
    }
}

static void hm_put(hmap_t *m, uint64_t k, uint32_t v)
{
    if ((m->count + 1) * 2 > m->mask + 1)
        hm_grow(m);
    size_t i = hm_hash(k) & m->mask;
    for (;;) {
        uint64_t kk = m->keys[i];
        if (kk == k) {
            m->vals[i] = v;
            return;
        }
        if (kk == 0) {
            m->keys[i] = k;
            m->vals[i] = v;
            m->count++;
            return;
        }
        i = (i + 1) & m->mask;
    }
}

static int hm_del(hmap_t *m, uint64_t k)
{
    size_t i = hm_hash(k) & m->mask;
    for (;;) {
        uint64_t kk = m->keys[i];
        if (kk == 0)
            return 0;
        if (kk == k)
            break;
        i = (i + 1) & m->mask;
    }
    /* backward shift */
    size_t j = i;
    for (;;) {
        j = (j + 1) & m->mask;
        uint64_t kj = m->keys[j];
        if (kj == 0)
            break;
        size_t h = hm_hash(kj) & m->mask;
        /* can kj move to i? yes unless h lies cyclically in (i, j] */
        int in_range = (i <= j) ? (h > i && h <= j) : (h > i || h <= j);
        if (!in_range) {
            m->keys[i] = kj;
            m->vals[i] = m->vals[j];
            i = j;
        }
    }
    m->keys[i] = 0;
    m->count--;
    return 1;
}

/* ------------------------------------------------------------------------------ */
/* parsed trace                                                                    */

typedef struct {
    hvec_t ops;       /* op_t */
    hvec_t arenas;    /* arena_ev_t, A lines */
    hvec_t dead;      /* arena_ev_t, D lines */
    uint32_t nslots;  /* pointer table size (slot 0 = NULL) */
    uint64_t counts[4];
    uint64_t checked;
    char trace_python[64];
    double parse_ms;
} trace_t;

static const char *g_path;
static uint64_t g_line;

static void bad(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void bad(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "pymalloc-replay: %s:%" PRIu64 ": ", g_path, g_line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static inline const char *skip_sp(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static const char *parse_hex(const char *s, uint64_t *out, const char *what)
{
    s = skip_sp(s);
    uint64_t v = 0;
    int n = 0;
    for (;; s++, n++) {
        unsigned c = (unsigned char)*s, d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            break;
        if (n >= 16)
            bad("%s: hex address too long", what);
        v = (v << 4) | d;
    }
    if (n == 0)
        bad("expected hex %s", what);
    if (*s && *s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
        bad("bad character '%c' in hex %s", *s, what);
    *out = v;
    return s;
}

static const char *parse_dec(const char *s, uint64_t *out, const char *what)
{
    s = skip_sp(s);
    uint64_t v = 0;
    int n = 0;
    for (; *s >= '0' && *s <= '9'; s++, n++) {
        if (v > (UINT64_MAX - 9) / 10)
            bad("%s too large", what);
        v = v * 10 + (uint64_t)(*s - '0');
    }
    if (n == 0)
        bad("expected decimal %s", what);
    if (*s && *s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
        bad("bad character '%c' in decimal %s", *s, what);
    *out = v;
    return s;
}

static void expect_eol(const char *s)
{
    s = skip_sp(s);
    if (*s == '\r')
        s++;
    if (*s != '\n' && *s != '\0')
        bad("trailing garbage: \"%.*s\"", (int)(strcspn(s, "\r\n") < 40 ? strcspn(s, "\r\n") : 40), s);
}

/* live recorded arenas: key (base >> 20) + 1 -> index into arenas (non-overlapping
 * live arenas => at most one per 1 MiB bucket) */
static hmap_t g_live_arenas;

static inline int addr_in_live_arena(trace_t *t, uint64_t a)
{
    if (a == 0)
        return 0;
    uint64_t b = a >> 20;
    const arena_ev_t *ar = (const arena_ev_t *)t->arenas.p;
    for (int d = 0; d <= 1; d++) {
        if (b < (uint64_t)d)
            break;
        uint32_t *v = hm_get(&g_live_arenas, b - (uint64_t)d + 1);
        if (v) {
            uint64_t base = ar[*v].base;
            if (a >= base && a < base + ARENA_SIZE)
                return 1;
        }
    }
    return 0;
}

/* slot allocator (parse time): LIFO reuse keeps the pointer table as small as the
 * peak number of live blocks */
static uint32_t *g_free_slots;
static size_t g_nfree, g_free_cap;

static inline uint32_t slot_new(trace_t *t)
{
    if (g_nfree)
        return g_free_slots[--g_nfree];
    if (t->nslots == UINT32_MAX)
        bad("too many live blocks");
    return t->nslots++;
}

static inline void slot_release(uint32_t s)
{
    if (s == 0)
        return;
    if (g_nfree == g_free_cap) {
        g_free_cap = g_free_cap ? g_free_cap * 2 : 4096;
        g_free_slots = realloc(g_free_slots, g_free_cap * sizeof(uint32_t));
        if (!g_free_slots)
            die("out of memory");
    }
    g_free_slots[g_nfree++] = s;
}

/* The slot of the live block at recorded address a, which an F or R (`op`) ends. */
static uint32_t take_live(hmap_t *live, uint64_t a, char op)
{
    uint32_t *v = hm_get(live, a);
    if (!v)
        bad("%c of %" PRIx64 ", which is not a live block", op, a);
    uint32_t slot = *v;
    hm_del(live, a);
    slot_release(slot);
    return slot;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void parse_trace(const char *path, trace_t *t)
{
    double t0 = now_ms();
    g_path = path;
    gzFile f = gzopen(path, "rb");
    if (!f) {
        fprintf(stderr, "pymalloc-replay: %s: cannot open: %s\n", path, strerror(errno));
        exit(2);
    }
    gzbuffer(f, 1 << 18);

    memset(t, 0, sizeof *t);
    hvec_init(&t->ops, sizeof(op_t), HINT_OPS);
    hvec_init(&t->arenas, sizeof(arena_ev_t), HINT_AREN);
    hvec_init(&t->dead, sizeof(arena_ev_t), HINT_DEAD);
    t->nslots = 1; /* slot 0 is NULL forever */

    hmap_t live; /* recorded address of a live block -> slot */
    hm_init(&live, 1 << 16);
    hm_init(&g_live_arenas, 1 << 10);

    static char buf[1 << 16];
    g_line = 0;
    int saw_header = 0;
    for (;;) {
        if (!gzgets(f, buf, sizeof buf))
            break;
        g_line++;
        size_t len = strlen(buf);
        int complete = len > 0 && buf[len - 1] == '\n';
        if (!complete && !gzeof(f)) {
            /* very long line: allowed for comments and S labels only */
            if (buf[0] != '#' && buf[0] != 'S')
                bad("line too long");
            char tmp[4096];
            for (;;) {
                if (!gzgets(f, tmp, sizeof tmp))
                    break;
                size_t l = strlen(tmp);
                if (l && tmp[l - 1] == '\n')
                    break;
            }
        }
        if (g_line == 1) {
            if (strncmp(buf, "#pymtrace 1", 11) != 0 ||
                (buf[11] != '\n' && buf[11] != '\0' && buf[11] != '\r'))
                bad("not a pymalloc trace (first line must be \"#pymtrace 1\")");
            saw_header = 1;
            continue;
        }
        const char *s = buf;
        char kind = *s;
        if (kind == '#') {
            if (strncmp(s, "#python ", 8) == 0) {
                const char *v = skip_sp(s + 8);
                size_t n = strcspn(v, " \t\r\n");
                if (n >= sizeof t->trace_python)
                    n = sizeof t->trace_python - 1;
                memcpy(t->trace_python, v, n);
                t->trace_python[n] = 0;
            }
            continue;
        }
        if (kind == '\n' || kind == '\0' || kind == '\r')
            continue; /* blank line */
        if (kind == 'S') {
            if (s[1] != ' ' && s[1] != '\t')
                bad("malformed S line");
            continue;
        }
        if (s[1] != ' ' && s[1] != '\t')
            bad("malformed line \"%.*s\"", (int)(strcspn(s, "\r\n") < 40 ? strcspn(s, "\r\n") : 40), s);
        s += 1;
        uint64_t a, b, n;
        switch (kind) {
        case 'A': {
            s = parse_hex(s, &a, "arena base");
            expect_eol(s);
            if (a == 0)
                bad("arena base 0");
            uint64_t bk = a >> 20;
            const arena_ev_t *ar = (const arena_ev_t *)t->arenas.p;
            for (int d = -1; d <= 1; d++) {
                if ((int64_t)bk + d < 0)
                    continue;
                uint32_t *v = hm_get(&g_live_arenas, bk + (uint64_t)d + 1);
                if (v) {
                    uint64_t ob = ar[*v].base;
                    if (a < ob + ARENA_SIZE && ob < a + ARENA_SIZE)
                        bad("arena %" PRIx64 " overlaps live arena %" PRIx64, a, ob);
                }
            }
            arena_ev_t *e = hvec_push(&t->arenas);
            e->base = a;
            e->at = t->ops.len;
            hm_put(&g_live_arenas, bk + 1, (uint32_t)(t->arenas.len - 1));
            break;
        }
        case 'D': {
            s = parse_hex(s, &a, "arena base");
            expect_eol(s);
            uint32_t *v = hm_get(&g_live_arenas, (a >> 20) + 1);
            if (!v || ((arena_ev_t *)t->arenas.p)[*v].base != a)
                bad("D of %" PRIx64 ", which is not a live arena", a);
            hm_del(&g_live_arenas, (a >> 20) + 1);
            arena_ev_t *e = hvec_push(&t->dead);
            e->base = a;
            e->at = t->ops.len;
            break;
        }
        case 'M':
        case 'C': {
            s = parse_hex(s, &a, "address");
            s = parse_dec(s, &n, "size");
            expect_eol(s);
            if (n > UINT32_MAX)
                bad("size %" PRIu64 " too large for this tool", n);
            op_t *o = hvec_push(&t->ops);
            o->kind = kind == 'M' ? OP_M : OP_C;
            o->size = (uint32_t)n;
            o->expected = a;
            o->aux = 0;
            o->slot = slot_new(t);
            o->check = (uint8_t)addr_in_live_arena(t, a);
            o->pad = 0;
            if (a) {
                if (hm_get(&live, a))
                    bad("%c returned %" PRIx64 ", which is already a live block", kind, a);
                hm_put(&live, a, o->slot);
            }
            t->counts[o->kind]++;
            t->checked += o->check;
            break;
        }
        case 'R': {
            s = parse_hex(s, &a, "old address");
            s = parse_hex(s, &b, "new address");
            s = parse_dec(s, &n, "size");
            expect_eol(s);
            if (n > UINT32_MAX)
                bad("size %" PRIu64 " too large for this tool", n);
            uint32_t old = a ? take_live(&live, a, 'R') : 0;
            op_t *o = hvec_push(&t->ops);
            o->kind = OP_R;
            o->size = (uint32_t)n;
            o->expected = b;
            o->aux = old;
            o->slot = slot_new(t);
            o->check = (uint8_t)addr_in_live_arena(t, b);
            o->pad = 0;
            if (b) {
                if (hm_get(&live, b))
                    bad("R returned %" PRIx64 ", which is already a live block", b);
                hm_put(&live, b, o->slot);
            }
            t->counts[OP_R]++;
            t->checked += o->check;
            break;
        }
        case 'F': {
            s = parse_hex(s, &a, "address");
            expect_eol(s);
            uint32_t sl = a ? take_live(&live, a, 'F') : 0;
            op_t *o = hvec_push(&t->ops);
            o->kind = OP_F;
            o->size = 0;
            o->expected = a;
            o->aux = sl;
            o->slot = 0;
            o->check = 0;
            o->pad = 0;
            t->counts[OP_F]++;
            break;
        }
        default:
            bad("unknown event '%c'", kind);
        }
    }
    int errnum = 0;
    const char *zerr = gzerror(f, &errnum);
    if (errnum != Z_OK && errnum != Z_BUF_ERROR) {
        fprintf(stderr, "pymalloc-replay: %s:%" PRIu64 ": read error: %s\n", path, g_line,
                errnum == Z_ERRNO ? strerror(errno) : zerr);
        exit(2);
    }
    gzclose(f);
    if (!saw_header) {
        fprintf(stderr, "pymalloc-replay: %s: empty file\n", path);
        exit(2);
    }
    hm_free(&live);
    hm_free(&g_live_arenas);
    free(g_free_slots);
    g_free_slots = NULL;
    g_nfree = g_free_cap = 0;
    t->parse_ms = now_ms() - t0;
}

/* ------------------------------------------------------------------------------ */
/* arena placement                                                                 */

typedef struct {
    uint64_t start, end;
} range_t;

static range_t *g_res;     /* reserved (PROT_NONE) ranges, sorted, disjoint */
static size_t g_nres;
static uint64_t g_reserve_failures;

static const arena_ev_t *g_arena_list; /* recorded A bases, in order */
static size_t g_narena;
static const arena_ev_t *g_dead_list;
static size_t g_ndead;

/* per-child counters */
static size_t g_next_arena;
static size_t g_next_dead;
static uint64_t g_fallbacks;      /* recorded base unavailable: placed elsewhere */
static uint64_t g_extra_arenas;   /* more arena requests than A lines */
static uint64_t g_arena_allocs;
static uint64_t g_arena_frees;
static uint64_t g_free_mismatch;  /* D order/base differs from the trace */
static uint64_t g_other_allocs;   /* non-arena-sized requests */
/* diagnostic run only: index of the op being replayed, to check that every A/D happens
 * at the recorded point (SIZE_MAX in timed runs: not tracked) */
static size_t g_cur_op = SIZE_MAX;
static uint64_t g_timing_mismatch;

static int in_reserved(uint64_t a, uint64_t len)
{
    size_t lo = 0, hi = g_nres;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (g_res[mid].end <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < g_nres && g_res[lo].start <= a && a + len <= g_res[lo].end;
}

static int cmp_range(const void *x, const void *y)
{
    const range_t *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

static void add_res(uint64_t s, uint64_t e, size_t *cap)
{
    if (g_nres == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        /* brk-heap malloc is fine here: small, and never in the mmap area unless huge */
        g_res = realloc(g_res, *cap * sizeof(range_t));
        if (!g_res)
            die("out of memory");
    }
    g_res[g_nres].start = s;
    g_res[g_nres].end = e;
    g_nres++;
}

/* bases whose reservation failed (counted once even if recorded again) */
static uint64_t *g_failed;
static size_t g_nfailed, g_failed_cap;

static void add_failed(uint64_t b)
{
    if (g_nfailed == g_failed_cap) {
        g_failed_cap = g_failed_cap ? g_failed_cap * 2 : 16;
        g_failed = realloc(g_failed, g_failed_cap * sizeof(uint64_t));
        if (!g_failed)
            die("out of memory");
    }
    g_failed[g_nfailed++] = b;
}

/* during reserve_arenas only (g_res not yet sorted): is base b already handled? */
static int in_reserved_unsorted(uint64_t b)
{
    for (size_t i = 0; i < g_nres; i++)
        if (g_res[i].start <= b && b + ARENA_SIZE <= g_res[i].end)
            return 1;
    for (size_t i = 0; i < g_nfailed; i++)
        if (g_failed[i] == b)
            return 1;
    return 0;
}

/* reserve every recorded arena range, so that libc's mmaps during the replay cannot
 * occupy an address that a later arena must get */
static void reserve_arenas(void)
{
    size_t n = g_narena;
    if (!n)
        return;
    range_t *r = malloc(n * sizeof(range_t));
    if (!r)
        die("out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t b = g_arena_list[i].base;
        if (b % PAGE_SZ)
            continue; /* not mappable as is; arena_alloc will fall back */
        r[k].start = b;
        r[k].end = b + ARENA_SIZE;
        k++;
    }
    qsort(r, k, sizeof(range_t), cmp_range);
    /* merge */
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        if (m && r[i].start <= r[m - 1].end) {
            if (r[i].end > r[m - 1].end)
                r[m - 1].end = r[i].end;
        } else {
            r[m++] = r[i];
        }
    }
    size_t cap = 0;
    for (size_t i = 0; i < m; i++) {
        uint64_t len = r[i].end - r[i].start;
        void *p = mmap((void *)r[i].start, len, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (p == (void *)r[i].start) {
            add_res(r[i].start, r[i].end, &cap);
            continue;
        }
        if (p != MAP_FAILED)
            munmap(p, len); /* kernel without MAP_FIXED_NOREPLACE: treated it as a hint */
        /* something is mapped there: reserve the recorded arena ranges one by one */
        for (size_t j = 0; j < n; j++) {
            uint64_t b = g_arena_list[j].base;
            if (b % PAGE_SZ || b < r[i].start || b >= r[i].end || in_reserved_unsorted(b))
                continue;
            void *q = mmap((void *)(uintptr_t)b, ARENA_SIZE, PROT_NONE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
            if (q == (void *)(uintptr_t)b) {
                add_res(b, b + ARENA_SIZE, &cap);
                continue;
            }
            if (q != MAP_FAILED)
                munmap(q, ARENA_SIZE);
            g_reserve_failures++;
            add_failed(b);
        }
    }
    qsort(g_res, g_nres, sizeof(range_t), cmp_range);
    free(r);
}

static void *place_fallback(uint64_t want)
{
    g_fallbacks++;
    uint64_t len = ARENA_SIZE + POOL_SIZE;
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    uint64_t pa = (uint64_t)(uintptr_t)p;
    uint64_t q = pa;
    if (want % PAGE_SZ == 0)
        q = pa + ((want - pa) & (POOL_SIZE - 1)); /* q % 16 KiB == want % 16 KiB */
    if (q > pa)
        munmap(p, q - pa);
    uint64_t tail = pa + len - (q + ARENA_SIZE);
    if (tail)
        munmap((void *)(uintptr_t)(q + ARENA_SIZE), tail);
    return (void *)(uintptr_t)q;
}

static void *arena_alloc(void *ctx, size_t size)
{
    (void)ctx;
    if (size != ARENA_SIZE) {
        g_other_allocs++;
        void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return p == MAP_FAILED ? NULL : p;
    }
    g_arena_allocs++;
    if (g_next_arena >= g_narena) {
        g_extra_arenas++;
        void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return p == MAP_FAILED ? NULL : p;
    }
    if (g_cur_op != SIZE_MAX && g_arena_list[g_next_arena].at != g_cur_op)
        g_timing_mismatch++;
    uint64_t want = g_arena_list[g_next_arena++].base;
    if (want % PAGE_SZ == 0) {
        void *w = (void *)(uintptr_t)want;
        if (in_reserved(want, ARENA_SIZE)) {
            void *p = mmap(w, ARENA_SIZE, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
            if (p == w)
                return p;
        } else {
            void *p = mmap(w, ARENA_SIZE, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
            if (p == w)
                return p;
            if (p != MAP_FAILED)
                munmap(p, ARENA_SIZE);
        }
    }
    return place_fallback(want);
}

static void arena_free(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    if (size != ARENA_SIZE) {
        munmap(ptr, size);
        return;
    }
    g_arena_frees++;
    uint64_t a = (uint64_t)(uintptr_t)ptr;
    if (g_next_dead >= g_ndead || g_dead_list[g_next_dead].base != a)
        g_free_mismatch++;
    else if (g_cur_op != SIZE_MAX && g_dead_list[g_next_dead].at != g_cur_op)
        g_timing_mismatch++;
    g_next_dead++;
    if (in_reserved(a, ARENA_SIZE)) {
        /* give the pages back but keep the address reserved */
        mmap(ptr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    } else {
        munmap(ptr, size);
    }
}

/* ------------------------------------------------------------------------------ */
/* the timed loop                                                                  */

typedef struct {
    int64_t ns;
    uint64_t mismatches;
    uint64_t fallbacks;
    uint64_t extra_arenas;
    uint64_t arena_allocs;
    uint64_t arena_frees;
    uint64_t free_mismatch;
    uint64_t other_allocs;
} run_result_t;

static __attribute__((noinline)) uint64_t replay(const op_t *restrict ops, size_t nops,
                                                 void **restrict ptrs)
{
    uint64_t mism = 0;
    for (size_t i = 0; i < nops; i++) {
        const op_t *o = &ops[i];
        void *p;
        switch (o->kind) {
        case OP_M:
            p = PyObject_Malloc(o->size);
            break;
        case OP_C:
            p = PyObject_Calloc(1, o->size);
            break;
        case OP_R:
            p = PyObject_Realloc(ptrs[o->aux], o->size);
            break;
        default:
            PyObject_Free(ptrs[o->aux]);
            continue;
        }
        ptrs[o->slot] = p;
        mism += o->check & ((uintptr_t)p != o->expected);
    }
    return mism;
}

static void child_run(const trace_t *t, int fd)
{
    run_result_t r;
    memset(&r, 0, sizeof r);
    size_t tbl = (size_t)t->nslots * sizeof(void *);
    void **ptrs = mmap(HINT_RES, tbl ? tbl : 8, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ptrs == MAP_FAILED)
        _exit(3);
    memset(ptrs, 0, tbl); /* fault the table in before timing */

    PyObjectArenaAllocator al = {NULL, arena_alloc, arena_free};
    PyObject_SetArenaAllocator(&al);

    const op_t *ops = (const op_t *)t->ops.p;
    size_t nops = t->ops.len;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    uint64_t mism = replay(ops, nops, ptrs);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r.ns = (int64_t)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    r.mismatches = mism;

    r.fallbacks = g_fallbacks;
    r.extra_arenas = g_extra_arenas;
    r.arena_allocs = g_arena_allocs;
    r.arena_frees = g_arena_frees;
    r.free_mismatch = g_free_mismatch;
    r.other_allocs = g_other_allocs;
    ssize_t w = write(fd, &r, sizeof r);
    _exit(w == (ssize_t)sizeof r ? 0 : 4);
}

/* untimed diagnostic run (--verbose): find the first mismatching op */
static void child_diag(const trace_t *t, int fd)
{
    size_t tbl = (size_t)t->nslots * sizeof(void *);
    void **ptrs = mmap(HINT_RES, tbl ? tbl : 8, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ptrs == MAP_FAILED)
        _exit(3);
    PyObjectArenaAllocator al = {NULL, arena_alloc, arena_free};
    PyObject_SetArenaAllocator(&al);
    const op_t *ops = (const op_t *)t->ops.p;
    uint64_t first = 0, got = 0;
    for (size_t i = 0; i < t->ops.len; i++) {
        const op_t *o = &ops[i];
        void *p;
        g_cur_op = i;
        switch (o->kind) {
        case OP_M: p = PyObject_Malloc(o->size); break;
        case OP_C: p = PyObject_Calloc(1, o->size); break;
        case OP_R: p = PyObject_Realloc(ptrs[o->aux], o->size); break;
        default: PyObject_Free(ptrs[o->aux]); continue;
        }
        ptrs[o->slot] = p;
        if (!first && o->check && (uintptr_t)p != o->expected) {
            first = i + 1;
            got = (uint64_t)(uintptr_t)p;
        }
    }
    uint64_t msg[3] = {first, got, g_timing_mismatch};
    ssize_t w = write(fd, msg, sizeof msg);
    _exit(w == (ssize_t)sizeof msg ? 0 : 4);
}

static int run_child(const trace_t *t, int diag, void *out, size_t outsz)
{
    int fds[2];
    if (pipe(fds) != 0)
        die("pipe: %s", strerror(errno));
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        close(fds[0]);
        if (diag)
            child_diag(t, fds[1]);
        else
            child_run(t, fds[1]);
        _exit(5);
    }
    close(fds[1]);
    size_t got = 0;
    while (got < outsz) {
        ssize_t r = read(fds[0], (char *)out + got, outsz - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fds[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR)
            die("waitpid: %s", strerror(errno));
    }
    if (got != outsz || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        if (WIFSIGNALED(st))
            die("replay child died of signal %d (%s)", WTERMSIG(st), strsignal(WTERMSIG(st)));
        die("replay child failed (exit status %d)", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    }
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void json_str(FILE *o, const char *s)
{
    fputc('"', o);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(o, "\\%c", c);
        else if (c < 0x20)
            fprintf(o, "\\u%04x", c);
        else
            fputc(c, o);
    }
    fputc('"', o);
}

static void usage(void)
{
    fputs("usage: pymalloc-replay TRACE [--runs N] [--json] [--no-reserve] [--verbose]\n"
          "  TRACE         pymalloc trace, plain or gzip (format: pymalloc-trace.md)\n"
          "  --runs N      timed runs, each in a fresh fork()ed child (default 7)\n"
          "  --json        print one JSON object\n"
          "  --no-reserve  do not pre-reserve the recorded arena ranges\n"
          "  --verbose     extra untimed run to locate the first address mismatch\n",
          stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    long runs = 7;
    int json = 0, reserve = 1, verbose = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 || strncmp(argv[i], "--runs=", 7) == 0) {
            const char *v = argv[i][6] == '=' ? argv[i] + 7 : (i + 1 < argc ? argv[++i] : NULL);
            char *end;
            if (!v)
                usage();
            runs = strtol(v, &end, 10);
            if (*end || runs < 1 || runs > 10000) {
                fprintf(stderr, "pymalloc-replay: --runs needs a positive integer, got \"%s\"\n", v);
                return 2;
            }
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[i], "--no-reserve") == 0) {
            reserve = 0;
        } else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
            verbose = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage();
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "pymalloc-replay: unknown option %s\n", argv[i]);
            return 2;
        } else if (!path) {
            path = argv[i];
        } else {
            usage();
        }
    }
    if (!path)
        usage();

    /* pymalloc must be the object-domain allocator (release build, no PYTHONMALLOC
     * effect since the interpreter is never initialised) */
    PyMemAllocatorEx cur;
    PyMem_GetAllocator(PYMEM_DOMAIN_OBJ, &cur);
    if ((void *)cur.malloc == (void *)malloc || cur.ctx != NULL)
        die("the object-domain allocator of this libpython is not pymalloc");

    char impl[96];
    {
        const char *v = Py_GetVersion(); /* static, no allocation */
        size_t n = strcspn(v, " ");
        snprintf(impl, sizeof impl, "cpython-%.*s pymalloc (native)", (int)n, v);
    }

    trace_t t;
    parse_trace(path, &t);
    uint64_t events = t.ops.len;
    {
        const char *v = Py_GetVersion();
        size_t n = strcspn(v, ".");
        n += 1 + strcspn(v + n + 1, ".");  /* "3.11" */
        if (t.trace_python[0] && strncmp(t.trace_python, v, n) != 0)
            fprintf(stderr, "pymalloc-replay: warning: trace recorded by python %s, replaying with %.*s\n",
                    t.trace_python, (int)n, v);
    }

    g_arena_list = (const arena_ev_t *)t.arenas.p;
    g_narena = t.arenas.len;
    g_dead_list = (const arena_ev_t *)t.dead.p;
    g_ndead = t.dead.len;
    if (reserve)
        reserve_arenas();

    double *nspe = calloc((size_t)runs, sizeof(double));
    run_result_t first, r;
    uint64_t max_mism = 0, max_fb = 0;
    int differ = 0;
    for (long i = 0; i < runs; i++) {
        run_child(&t, 0, &r, sizeof r);
        if (i == 0)
            first = r;
        else if (r.mismatches != first.mismatches || r.fallbacks != first.fallbacks)
            differ = 1;
        if (r.mismatches > max_mism)
            max_mism = r.mismatches;
        if (r.fallbacks > max_fb)
            max_fb = r.fallbacks;
        nspe[i] = events ? (double)r.ns / (double)events : 0.0;
    }
    double *sorted = malloc((size_t)runs * sizeof(double));
    memcpy(sorted, nspe, (size_t)runs * sizeof(double));
    qsort(sorted, (size_t)runs, sizeof(double), cmp_double);
    double med = runs % 2 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
    double mn = sorted[0], mx = sorted[runs - 1];

    uint64_t diag[3] = {0, 0, 0};
    if (verbose)
        run_child(&t, 1, diag, sizeof diag);

    if (differ)
        fprintf(stderr, "pymalloc-replay: warning: runs disagree on mismatches/fallbacks\n");
    if (first.arena_allocs != g_narena || first.arena_frees != g_ndead || first.free_mismatch)
        fprintf(stderr,
                "pymalloc-replay: warning: arena activity differs from the trace "
                "(%" PRIu64 " allocated vs %zu recorded A, %" PRIu64 " freed vs %zu recorded D, "
                "%" PRIu64 " frees out of order)\n",
                first.arena_allocs, g_narena, first.arena_frees, g_ndead, first.free_mismatch);

    if (json) {
        printf("{\"nsPerEvent\":%.4f,\"minNsPerEvent\":%.4f,\"maxNsPerEvent\":%.4f,"
               "\"events\":%" PRIu64 ",\"runs\":%ld,\"mismatches\":%" PRIu64
               ",\"arenaFallbacks\":%" PRIu64 ",\"implementation\":",
               med, mn, mx, events, runs, max_mism, max_fb);
        json_str(stdout, impl);
        printf(",\"parseMs\":%.1f,\"checkedAddresses\":%" PRIu64
               ",\"ops\":{\"M\":%" PRIu64 ",\"C\":%" PRIu64 ",\"R\":%" PRIu64 ",\"F\":%" PRIu64 "}"
               ",\"arenasRecorded\":%zu,\"arenasFreedRecorded\":%zu"
               ",\"arenasAllocated\":%" PRIu64 ",\"arenasFreed\":%" PRIu64
               ",\"arenaFreeMismatches\":%" PRIu64 ",\"extraArenas\":%" PRIu64
               ",\"reserveFailures\":%" PRIu64 ",\"reserved\":%s,\"perRunNsPerEvent\":[",
               t.parse_ms, t.checked, t.counts[OP_M], t.counts[OP_C], t.counts[OP_R],
               t.counts[OP_F], g_narena, g_ndead, first.arena_allocs, first.arena_frees,
               first.free_mismatch, first.extra_arenas, g_reserve_failures,
               reserve ? "true" : "false");
        for (long i = 0; i < runs; i++)
            printf("%s%.4f", i ? "," : "", nspe[i]);
        printf("],\"tracePython\":");
        json_str(stdout, t.trace_python);
        printf(",\"trace\":");
        json_str(stdout, path);
        if (verbose)
            printf(",\"arenaTimingMismatches\":%" PRIu64, diag[2]);
        if (diag[0])
            printf(",\"firstMismatch\":{\"op\":%" PRIu64 ",\"expected\":\"%" PRIx64
                   "\",\"got\":\"%" PRIx64 "\"}",
                   diag[0] - 1, ((const op_t *)t.ops.p)[diag[0] - 1].expected, diag[1]);
        printf("}\n");
    } else {
        printf("pymalloc-replay  %s\n", impl);
        if (t.trace_python[0])
            printf("trace            %s  (recorded by python %s)\n", path, t.trace_python);
        else
            printf("trace            %s\n", path);
        printf("events           %" PRIu64 "  (M %" PRIu64 ", C %" PRIu64 ", R %" PRIu64
               ", F %" PRIu64 "; arenas A %zu, D %zu)\n",
               events, t.counts[OP_M], t.counts[OP_C], t.counts[OP_R], t.counts[OP_F], g_narena,
               g_ndead);
        printf("parse            %.1f ms (untimed)\n", t.parse_ms);
        printf("replay           %.2f ns/event median of %ld runs (min %.2f, max %.2f)\n", med,
               runs, mn, mx);
        printf("addresses        %" PRIu64 " mismatches of %" PRIu64 " checked\n", max_mism,
               t.checked);
        printf("arenas           %" PRIu64 " fallbacks, %" PRIu64 " extra, %" PRIu64
               " reserve failures%s\n",
               max_fb, first.extra_arenas, g_reserve_failures, reserve ? "" : " (no reserve)");
        if (verbose)
            printf("arena timing     %" PRIu64 " A/D at a different op than recorded (untimed check)\n",
                   diag[2]);
        if (diag[0])
            printf("first mismatch   op %" PRIu64 ": expected %" PRIx64 ", got %" PRIx64 "\n",
                   diag[0] - 1, ((const op_t *)t.ops.p)[diag[0] - 1].expected, diag[1]);
    }
    return 0;
}
