/**
 * Records a run of the heap and its collector as a log: each front-end action is a
 * command record, followed by the events it caused (objects, gc and the memory events
 * under them), each event naming its command as `cause`. Actions may nest (a finalizer
 * body running inside a collection): events belong to the innermost one.
 *
 *   const rec = new HeapRecorder({ profile: 'cpython-3.11' });
 *   const l = rec.run({ type: 'NewList', items: [] }, ({ heap }) => heap.list());
 *   rec.run({ line: 'l.append(l)' }, ({ heap }) => heap.listAppend(l, l));
 *   rec.write('run.pymmlog');
 */
import { writeLog, type LogHeader } from '@pymm/eventlog';
import { createRuntime, execute, HEAP_CODEC, HeapCodec, type GcCommand, type GcEvent, type HeapRecord, type Runtime } from '@pymm/gc';
import type { ObjectsHost } from '@pymm/objects';

export interface HeapRecorderOptions {
  readonly profile?: string;
  readonly host?: ObjectsHost | null;
  /** Written to the log header. */
  readonly source?: string;
}

export class HeapRecorder {
  readonly records: HeapRecord[] = [];
  readonly runtime: Runtime;
  readonly profile: string;
  private readonly source: string;
  private cause = -1;

  constructor(options: HeapRecorderOptions = {}) {
    this.profile = options.profile ?? 'cpython-3.11';
    this.source = options.source ?? 'heap';
    this.runtime = createRuntime({ profile: this.profile, host: options.host ?? null, sink: (e) => this.onEvent(e) });
  }

  private onEvent(event: GcEvent): void {
    if (this.cause < 0) throw new Error('heap event outside a recorded command: wrap every heap call in HeapRecorder.run');
    this.records.push({ kind: 'event', cause: this.cause, event });
  }

  /**
   * Runs `fn` as one command. If it throws before any event (an invalid command: the
   * heap validates first), its command record is dropped and nothing changed.
   */
  run<T>(command: Readonly<Record<string, unknown>>, fn: (rt: Runtime) => T): T {
    const seq = this.records.length;
    this.records.push({ kind: 'command', command });
    const outer = this.cause;
    this.cause = seq;
    try {
      return fn(this.runtime);
    } catch (err) {
      if (this.records.length === seq + 1) this.records.pop();
      throw err;
    } finally {
      this.cause = outer;
    }
  }

  /** Runs a GcCommand (data), recording it as itself. */
  execute(command: GcCommand): number {
    return this.run(command as unknown as Record<string, unknown>, (rt) => execute(rt.state, command, rt.heap.sink as never, rt.heap.host));
  }

  header(): LogHeader {
    return { domain: 'heap', codec: HEAP_CODEC, profile: this.profile, config: { profile: this.profile }, seed: 0, source: this.source };
  }

  /** Writes the log (all or nothing). */
  write(path: string): { records: number; bytes: number; frames: number } {
    return writeLog(path, this.header(), new HeapCodec(), this.records, { recordsPerFrame: 8192 });
  }
}
