/**
 * A branch: the timeline's state at some seq, on which other commands are applied.
 * Its own records continue the trunk's numbering from the fork point.
 */
import { executeRecorded, type ObmallocCommand, type ObmallocRecord, type ObmallocState } from '@pymm/obmalloc';
import { diffSummaries, summarizeAt, type AllocatorTimeline as Timeline, type TimelineDiff } from './alloc/AllocatorTimeline.js';

export class Branch {
  readonly state: ObmallocState;
  readonly records: ObmallocRecord[] = [];
  constructor(
    readonly trunk: Timeline,
    readonly forkSeq: number,
  ) {
    this.state = trunk.stateAt(forkSeq);
  }
  /** Applies a command on the branch; returns the address the call returned. */
  apply(command: ObmallocCommand): number {
    return executeRecorded(this.state, command, this.forkSeq + 1 + this.records.length, this.records);
  }
  /** The branch now against the trunk at `trunkSeq` (default: the fork point). */
  compare(trunkSeq = this.forkSeq): TimelineDiff {
    const trunk = summarizeAt(this.trunk.seek(trunkSeq));
    return diffSummaries(trunkSeq, this.forkSeq + this.records.length, trunk, summarizeAt(this.state));
  }
}
