/*
 * gen-trace: write a REAL pymalloc trace (format: pymalloc-trace.md) by driving the
 * machine's libpython pymalloc with a seeded random workload, without initialising the
 * interpreter, recording arenas through PyObject_SetArenaAllocator. Test helper for
 * pymalloc-replay; not a capture of a Python program.
 *
 * Usage: gen-trace OUT [EVENTS (default 200000)] [SEED (default 1)]
 *   OUT ending in .gz is written gzip-compressed.
 */
#define _GNU_SOURCE
#include <Python.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <zlib.h>

static gzFile out;

static void *a_alloc(void *ctx, size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    if (size == (1u << 20))
        gzprintf(out, "A %lx\n", (unsigned long)(uintptr_t)p);
    return p;
}

static void a_free(void *ctx, void *p, size_t size)
{
    if (size == (1u << 20))
        gzprintf(out, "D %lx\n", (unsigned long)(uintptr_t)p);
    munmap(p, size);
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static size_t pick_size(void)
{
    uint64_t r = rnd() % 1000;
    if (r < 3)
        return 0;
    if (r < 15)
        return 513 + rnd() % 4000; /* raw */
    if (r < 600)
        return 1 + rnd() % 64;
    return 1 + rnd() % 512;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: gen-trace OUT [EVENTS] [SEED]\n");
        return 2;
    }
    long events = argc > 2 ? atol(argv[2]) : 200000;
    if (argc > 3)
        rng ^= (uint64_t)atoll(argv[3]) * 0x9E3779B97F4A7C15ULL;
    size_t n = strlen(argv[1]);
    int gz = n > 3 && strcmp(argv[1] + n - 3, ".gz") == 0;
    out = gzopen(argv[1], gz ? "wb6" : "wbT");
    if (!out) {
        perror(argv[1]);
        return 1;
    }
    gzprintf(out, "#pymtrace 1\n#python 3.11.7\n#platform linux-x86_64\n#pointer 8\n"
                  "#workload gen-trace random events=%ld\n", events);
    PyObjectArenaAllocator al = {NULL, a_alloc, a_free};
    PyObject_SetArenaAllocator(&al);

    size_t cap = 1 << 20, live = 0;
    void **blocks = calloc(cap, sizeof(void *));
    /* phases: grow to a target population, then churn, then shrink; repeat */
    for (long e = 0; e < events; e++) {
        int phase = (int)((e / 50000) % 3); /* 0 grow, 1 churn, 2 shrink */
        uint64_t r = rnd() % 100;
        int do_alloc = phase == 0 ? r < 70 : phase == 1 ? r < 47 : r < 15;
        if (live == 0)
            do_alloc = 1;
        if (live >= cap)
            do_alloc = 0;
        if (e % 40000 == 39999)
            gzprintf(out, "S e%ld\n", e);
        if (r == 99 && (rnd() & 1)) {
            PyObject_Free(NULL);
            gzprintf(out, "F 0\n");
            continue;
        }
        if (do_alloc) {
            size_t sz = pick_size();
            void *p;
            uint64_t k = rnd() % 20;
            if (k == 0) {
                size_t nel = 1 + rnd() % 4, el = sz / nel;
                p = PyObject_Calloc(nel, el);
                gzprintf(out, "C %lx %zu\n", (unsigned long)(uintptr_t)p, nel * el);
            } else if (k == 1) {
                p = PyObject_Realloc(NULL, sz);
                gzprintf(out, "R 0 %lx %zu\n", (unsigned long)(uintptr_t)p, sz);
            } else {
                p = PyObject_Malloc(sz);
                gzprintf(out, "M %lx %zu\n", (unsigned long)(uintptr_t)p, sz);
            }
            blocks[live++] = p;
        } else {
            size_t i = (size_t)(rnd() % live);
            void *p = blocks[i];
            if (rnd() % 8 == 0) {
                size_t sz = pick_size();
                void *q = PyObject_Realloc(p, sz);
                gzprintf(out, "R %lx %lx %zu\n", (unsigned long)(uintptr_t)p,
                         (unsigned long)(uintptr_t)q, sz);
                blocks[i] = q;
            } else {
                PyObject_Free(p);
                gzprintf(out, "F %lx\n", (unsigned long)(uintptr_t)p);
                blocks[i] = blocks[--live];
            }
        }
    }
    gzclose(out);
    return 0;
}
