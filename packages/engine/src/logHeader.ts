import type { LogHeader, Recovery } from '@pymm/eventlog';
import { OBMALLOC_CODEC, ObmallocCodec, resolveProfile } from '@pymm/obmalloc';
import { INDEX_DOMAIN } from './index/IndexFile.js';

/**
 * A file the timeline cannot open as a log, said in one line that names it when the path
 * is known: an index file given instead of its log, a log of another domain or codec, a
 * damaged log with no usable record.
 */
export class UnusableLogError extends Error {
  override readonly name = 'UnusableLogError';
  constructor(reason: string, readonly path?: string) {
    super(`${path === undefined ? '' : `${path}: `}${reason}`);
  }
}

/** What the timeline reads, for messages. */
export const TIMELINE_READS = "allocator logs ('obmalloc', from pymm log build) and heap logs ('heap', from pymm run --log)";

/** Refuses a header that is not a log's: an index file (naming the log to pass instead). */
export function checkLogDomain(header: Pick<LogHeader, 'domain'>, path?: string): void {
  if (header.domain === INDEX_DOMAIN) {
    const log = path !== undefined && path.endsWith('.idx') ? path.slice(0, -'.idx'.length) : null;
    throw new UnusableLogError(`this is an index file (pymm's index of a log), not a log; pass the log${log !== null ? ` ${log}` : ''}`, path);
  }
  if (header.domain !== 'obmalloc' && header.domain !== 'heap') throw new UnusableLogError(`this log holds '${header.domain}' records; pymm reads ${TIMELINE_READS}`, path);
}

/** Refuses a damaged log of which no record is usable (nothing to open, no index to write). */
export function checkUsable(recordCount: number, recovered: Recovery | null, path: string): void {
  if (recordCount === 0 && recovered !== null) {
    throw new UnusableLogError(`the log is damaged at byte ${recovered.offset} (${recovered.reason}) and no record before it is intact: nothing to read ('pymm verify ${path}' says more)`, path);
  }
}

/** The codec a log's header names; a clear error for logs of another domain or codec. */
export function codecFor(header: LogHeader, path?: string): ObmallocCodec {
  checkLogDomain(header, path);
  if (header.domain !== 'obmalloc') throw new UnusableLogError(`this is a heap log (pymm run --log), not an allocator log (pymm log build)`, path);
  if (header.codec !== OBMALLOC_CODEC) throw new UnusableLogError(`unknown codec '${header.codec}' for an allocator log (this pymm reads ${OBMALLOC_CODEC})`, path);
  return new ObmallocCodec(resolveProfile(header.profile));
}
