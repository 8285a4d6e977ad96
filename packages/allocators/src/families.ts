/**
 * The families, by the names the command line uses, and replay targets by name
 * ('pymalloc' is CPython's own, exact to the address).
 */
import type { AllocatorConfig, AllocatorFamily, RoutedHeap } from '@pymm/obmalloc';
import { buddy } from './buddy/buddy.js';
import { segregatedFit } from './segregated/segregatedFit.js';
import { simpleSegregated } from './segregated/simpleSegregated.js';
import { bestFit, firstFit, nextFit } from './sequentialFit/sequentialFit.js';
import { familyTarget, pymallocTarget, type ReplayTarget } from './replay/targets.js';

/** Every family, in the order `pymm compare` shows them. */
export const allocatorFamilies: readonly AllocatorFamily<RoutedHeap>[] = [
  firstFit, nextFit, bestFit, simpleSegregated, segregatedFit, buddy,
] as unknown as readonly AllocatorFamily<RoutedHeap>[];

export function familyNamed(name: string): AllocatorFamily<RoutedHeap> | undefined {
  return allocatorFamilies.find((f) => f.name === name);
}

/** 'pymalloc' and every family's name. */
export function allocatorNames(): string[] {
  return ['pymalloc', ...allocatorFamilies.map((f) => f.name)];
}

/** A fresh replay target: pymalloc (cpython-3.11) or a family with `config`. */
export function targetNamed(name: string, config: AllocatorConfig = {}): ReplayTarget {
  if (name === 'pymalloc') return pymallocTarget();
  const f = familyNamed(name);
  if (f === undefined) throw new RangeError(`unknown allocator '${name}' (known: ${allocatorNames().join(', ')})`);
  return familyTarget(f, config);
}
