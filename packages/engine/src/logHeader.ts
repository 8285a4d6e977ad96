import type { LogHeader } from '@pymm/eventlog';
import { OBMALLOC_CODEC, ObmallocCodec, resolveProfile } from '@pymm/obmalloc';

/** The codec a log's header names; a clear error for logs of another domain or codec. */
export function codecFor(header: LogHeader): ObmallocCodec {
  if (header.domain !== 'obmalloc') throw new Error(`this log holds '${header.domain}' records; pymm's timeline reads 'obmalloc' logs`);
  if (header.codec !== OBMALLOC_CODEC) throw new Error(`unknown codec '${header.codec}' (this pymm reads ${OBMALLOC_CODEC})`);
  return new ObmallocCodec(resolveProfile(header.profile));
}
