import { runSource } from '@pymm/pylite';

// The gc docs' example, on the simulated CPython 3.11 heap.
const program = `
import gc, sys
gc.disable()
gc.collect()
l = []
l.append(l)
print('refcount:', sys.getrefcount(l))
print('size:', sys.getsizeof(l))
del l
print('collected:', gc.collect())
`;
export const result = runSource(program, { filename: 'example.py' });
