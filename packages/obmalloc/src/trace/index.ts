/** Trace import and replay: @pymm/obmalloc/trace (Node only: reads files, gunzips). */
export { OP, OP_LETTER, TraceFormatError, formatEvent } from './format.js';
export type { OpCode, TraceHeader } from './format.js';
export { parseTraceFile, parseTraceChunks, loadTrace, newBatch } from './parse.js';
export { parseTraceFileInWorker } from './parseInWorker.js';
export type { TraceBatch, ParsedTrace, ParseOptions, ParseProgress } from './parse.js';
export { Replayer, ReplayDivergence, compareStats, prepareCalls, replayCalls } from './replay.js';
export type { Divergence, DivergenceKind, ReplayOptions, CheckpointInfo, PreparedCalls } from './replay.js';
export { unifiedDiff } from './diff.js';
export { HandleCallsBuilder } from './handles.js';
export type { HandleCalls } from './handles.js';
