/** Records of a plan, and the naive fold over them: what log and timeline tests compare with. */
import { evolve, initialState } from '../decider.js';
import type { Address } from '../ids.js';
import { executeRecorded, type ObmallocRecord } from '../log/records.js';
import type { Profile } from '../profile.js';
import type { ObmallocState } from '../state.js';
import { planCommands, type CommandPlan } from './arbitraries.js';

/** Runs a plan on a fresh state, recording every command and event. */
export function recordPlan(profile: Profile, plan: CommandPlan): ObmallocRecord[] {
  const state = initialState({ profile });
  const out: ObmallocRecord[] = [];
  for (const _ of planCommands(plan, (c) => executeRecorded(state, c, out.length, out) as Address)) void _;
  return out;
}

/** The state after records 0..lastSeq: evolve folded over their events, from scratch. */
export function foldRecords(profile: Profile, records: readonly ObmallocRecord[], lastSeq: number): ObmallocState {
  const s = initialState({ profile });
  for (let i = 0; i <= lastSeq; i++) {
    const r = records[i];
    if (r.kind === 'event') evolve(s, r.event);
  }
  return s;
}
