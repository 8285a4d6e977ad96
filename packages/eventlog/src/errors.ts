/**
 * Typed errors. Each has a stable `code`; messages say where (byte offset or line) and why.
 */

/** Why bytes could not be read as a log (or a payload). */
export type LogFormatErrorCode =
  // file header: nothing usable, open throws
  | 'BAD_MAGIC'
  | 'UNSUPPORTED_VERSION'
  | 'HEADER_TRUNCATED'
  | 'HEADER_TOO_LARGE'
  | 'HEADER_CHECKSUM'
  | 'HEADER_INVALID'
  // frames: end the intact prefix (Recovery.code), or thrown by readFrame
  | 'FRAME_TRUNCATED'
  | 'FRAME_MARKER'
  | 'FRAME_HEADER_CHECKSUM'
  | 'FRAME_HEADER_INVALID'
  | 'FRAME_SEQ'
  | 'FRAME_CHECKSUM'
  | 'FRAME_DECOMPRESS'
  | 'FRAME_CHANGED'
  // index and trailer: the frames were found by scanning instead (Recovery.code)
  | 'INDEX_MISSING'
  | 'INDEX_INVALID'
  | 'TRAILER_INVALID'
  // payloads (ByteReader, codecs)
  | 'PAYLOAD_TRUNCATED'
  | 'PAYLOAD_INVALID'
  | 'PAYLOAD_COUNT'
  | 'CODEC_MISMATCH';

export class LogFormatError extends Error {
  override readonly name = 'LogFormatError';
  constructor(
    readonly code: LogFormatErrorCode,
    /** Byte offset in the file (for payload errors: in the decompressed payload). */
    readonly offset: number,
    /** What is wrong, without the offset. */
    readonly reason: string,
    /** The file, when there is one. */
    readonly path?: string,
  ) {
    super(`${path === undefined ? '' : path + ': '}${reason} (at byte offset ${offset})`);
  }
}

/** Misuse of a LogWriter (the file on disk stays a valid log prefix). */
export type LogWriteErrorCode =
  | 'FILE_EXISTS'
  | 'NOT_A_FILE'
  | 'INVALID_HEADER'
  | 'SEQ_NOT_DENSE'
  | 'INVALID_COUNT'
  | 'FRAME_TOO_LARGE'
  | 'CODEC_MISMATCH'
  | 'CLOSED'
  | 'FAILED';

export class LogWriteError extends Error {
  override readonly name = 'LogWriteError';
  constructor(
    readonly code: LogWriteErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A JSON Lines import or export problem; `line` is 1-based. */
export type JsonlErrorCode = 'INVALID_JSON' | 'MISSING_HEADER' | 'INVALID_HEADER' | 'CODEC_MISMATCH' | 'INVALID_RECORD' | 'SEQ_NOT_DENSE';

export class JsonlError extends Error {
  override readonly name = 'JsonlError';
  constructor(
    readonly code: JsonlErrorCode,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}
