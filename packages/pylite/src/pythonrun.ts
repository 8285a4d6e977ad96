/**
 * Running the module (Python/pythonrun.c, with Python/pylifecycle.c's finalization):
 * __main__'s dict, the module frame, an uncaught exception's traceback or SystemExit's status,
 * then weakref.finalize's atexit hook and the clearing of __main__.
 */
import { Kind, NULL_ID, type ObjectId } from '@pymm/objects';
import type { Module } from './ast.js';
import { execBlock } from './ceval.js';
import { compileConstants, compileWarnings } from './compile.js';
import { PyException } from './errors.js';
import { dropException } from './exceptions.js';
import { moduleObject, runExitFinalizers } from './modules.js';
import { str } from './object.js';
import { Frame, noteInternalError, type PyState } from './pystate.js';
import { analyze } from './scope.js';
import { formatTraceback, tracebackEntry } from './traceback.js';

/** Runs the module; returns the exit status (0, or 1 after an uncaught exception's traceback). */
export function runModule(vm: PyState, mod: Module): number {
  vm.lines.push(...mod.source.split('\n'));
  const h = vm.heap;
  const scope = analyze(mod.body);
  vm.globals = h.dict();
  // __main__'s dict as CPython fills it before running the file
  for (const [k, v] of [['__name__', h.str('__main__')], ['__doc__', h.none()], ['__package__', h.none()], ['__loader__', h.none()],
    ['__spec__', h.none()], ['__annotations__', h.dict()], ['__builtins__', moduleObject(vm, 'builtins')], ['__file__', h.str(vm.filename)], ['__cached__', h.none()]] as const) {
    const key = h.internedStr(k);
    h.dictSetItem(vm.globals, key, v);
    h.decrefUnchecked(key);
    h.decrefUnchecked(v);
  }
  compileWarnings(vm, mod.body);
  compileConstants(vm, mod.body);
  const frame = new Frame('module', scope, null, NULL_ID, vm.globals, vm.globals, '<module>');
  let status = 0;
  let systemExit = false;
  try {
    vm.stack.push(frame);
    vm.tracer?.frameEntered(1, NULL_ID, [], null);
    execBlock(vm, mod.body, frame);
  } catch (e) {
    if (e instanceof PyException) {
      e.traceback.push(tracebackEntry(vm, e, frame, '<module>'));
      systemExit = e.typeName === 'SystemExit';
      status = uncaught(vm, e);
    } else {
      noteInternalError(vm, frame, 1);
      throw e;
    }
  } finally {
    vm.tracer?.frameLeft(1);
    vm.stack.pop();
  }
  // SystemExit leaves through Py_Exit, before _PyRun_SimpleFileObject's own clean-up
  if (!systemExit) deleteFileName(vm);
  runExitFinalizers(vm);
  finalizeModule(vm);
  return status;
}

function uncaught(vm: PyState, e: PyException): number {
  if (e.typeName === 'SystemExit') {
    const args = vm.heap.items(vm.heap.state.slot(e.exc, 0));
    const code = args.length > 0 ? args[0]! : NULL_ID;
    let status = 0;
    if (code !== NULL_ID && vm.heap.kindOf(code) === Kind.Int) status = Number(vm.heap.value(code));
    else if (code !== NULL_ID && code !== vm.heap.noneId) { vm.err(str(vm, code) + '\n'); status = 1; }
    dropException(vm, e);
    return status;
  }
  vm.err(formatTraceback(vm, e));
  dropException(vm, e);
  // CPython ends an uncaught KeyboardInterrupt by SIGINT: a shell sees status 128 + 2
  return e.typeName === 'KeyboardInterrupt' ? 130 : 1;
}

/** _PyRun_SimpleFileObject's end: the `__file__` and `__cached__` it set go when the file has run. */
function deleteFileName(vm: PyState): void {
  const h = vm.heap;
  for (const name of ['__file__', '__cached__']) {
    const key = h.internedStr(name);
    if (h.dictGetItem(vm.globals, key) !== NULL_ID) h.dictDelItem(vm.globals, key);
    h.decrefUnchecked(key);
  }
}

/**
 * What CPython does to __main__ at exit. After the atexit hooks, Py_FinalizeEx collects
 * (PyGC_Collect: a full collection with gc.callbacks, only when gc is enabled; it
 * reorders the gc lists as every collection does), then finalize_modules takes __main__
 * out of sys.modules: the module goes, and with it its reference to its dict. The dict
 * then goes at once (dict_dealloc releases its values in insertion order) unless the
 * module's functions and classes hold it in a cycle, which _PyGC_CollectNoFail collects
 * (even with gc disabled, without callbacks): the finalizers of that garbage run in the
 * order of the gc list. The module being gone, finalize_modules_clear_weaklist has
 * nothing of __main__ left to clear.
 */
function finalizeModule(vm: PyState): void {
  const h = vm.heap;
  try {
    if (vm.gc.isEnabled()) vm.gc.collect();
    h.decrefUnchecked(vm.globals);
    vm.gc.collectNoFail();
  } catch (e) {
    if (!(e instanceof PyException)) throw e;
  }
}
