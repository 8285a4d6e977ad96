/**
 * packages/gc/golden/gc_cases.json (made by tools/cpython-oracle from CPython's
 * Lib/test/test_gc.py plus extra cases) against the heap and collector. Each program is
 * replayed as the heap operations CPython performs for it (gc_cases.fixture.ts says how;
 * the cases are in gc_cases_cycles, gc_cases_resurrection and gc_cases_weakrefs), and the
 * printed values must equal the golden ones. Cases that need interpreter internals the heap
 * does not model are listed in `notModelled` with the reason; a last test checks that every
 * case id is either replayed or listed.
 */
import { describe, expect, it } from 'vitest';
import { golden, modelled, notModelled } from './gc_cases.fixture.js';
import { cycleCases } from './gc_cases_cycles.fixture.js';
import { resurrectionCases } from './gc_cases_resurrection.fixture.js';
import { weakrefCases } from './gc_cases_weakrefs.fixture.js';

describe('gc_cases.json (test_gc.py and friends), against python3', () => {
  cycleCases();
  resurrectionCases();
  weakrefCases();

  // --- completeness ---------------------------------------------------------------------------

  it('every case is either replayed or listed as not modelled, and none is both', () => {
    const all = golden.cases.map((c) => c.id).sort();
    const skipped = notModelled.map((n) => n.id);
    expect(skipped.filter((id) => modelled.has(id))).toEqual([]);
    expect(new Set(skipped).size).toBe(skipped.length);
    expect([...modelled, ...skipped].sort()).toEqual(all);
    for (const n of notModelled) expect(n.why.length).toBeGreaterThan(0);
  });
});
