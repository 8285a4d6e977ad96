/**
 * @pymm/eventlog: the bottom layer of pymm. An append-only, crash-safe, checksummed binary
 * log of any decider's records (each domain supplies a RecordCodec), JSON Lines
 * export/import, and the byte helpers codecs use. The contract properties every decider's
 * tests apply live at '@pymm/eventlog/testing'. Format: docs/formats/pymmlog.md.
 */
export {
  LOG_MAGIC, LOG_FORMAT_VERSION, FILE_HEADER_FIXED_BYTES, MAX_HEADER_JSON_BYTES, FRAME_MARKER, FRAME_HEADER_BYTES,
  FRAME_OVERHEAD_BYTES, MAX_FRAME_PAYLOAD_BYTES, MAX_FRAME_RECORDS, FRAME_FLAG_DEFLATE, INDEX_MARKER, INDEX_HEADER_BYTES,
  INDEX_ENTRY_BYTES, TRAILER_MAGIC, TRAILER_BYTES,
} from './format.js';
export { crc32 } from './crc32.js';
export { LogFormatError, LogWriteError, JsonlError } from './errors.js';
export type { LogFormatErrorCode, LogWriteErrorCode, JsonlErrorCode } from './errors.js';
export type { LogHeader } from './LogHeader.js';
export { LogWriter } from './LogWriter.js';
export type { FrameInfo, LogWriterOptions } from './LogWriter.js';
export { LogReader } from './LogReader.js';
export type { Recovery, LogReaderOptions } from './LogReader.js';
export { verifyLog } from './verifyLog.js';
export type { VerifyResult } from './verifyLog.js';
export { jsonRecordCodec } from './RecordCodec.js';
export type { Envelope, RecordCodec } from './RecordCodec.js';
export { writeLog, readAllRecords, iterRecords, DEFAULT_RECORDS_PER_FRAME } from './records.js';
export type { WriteLogOptions } from './records.js';
export { exportJsonl, importJsonl } from './jsonl.js';
export type { ImportJsonlOptions } from './jsonl.js';
export { ByteWriter, putVaruint32 } from './ByteWriter.js';
export { ByteReader } from './ByteReader.js';
export type { DeciderSpec } from './DeciderSpec.js';
