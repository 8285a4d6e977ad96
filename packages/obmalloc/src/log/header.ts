import { OBMALLOC_CODEC } from './codec.js';

/** The header of a .pymmlog holding obmalloc records (an @pymm/eventlog LogHeader). */
export function obmallocLogHeader(profileName: string, source: string, seed = 0) {
  return { domain: 'obmalloc', codec: OBMALLOC_CODEC, profile: profileName, config: {}, seed, source } as const;
}
