/**
 * The file header: what produced the log and how its payloads are encoded.
 *
 *   offset  bytes  field
 *   0       8      LOG_MAGIC "PYMMLOG\n"
 *   8       2      version (u16) = LOG_FORMAT_VERSION
 *   10      2      flags (u16) = 0, reserved
 *   12      4      jsonBytes (u32) <= MAX_HEADER_JSON_BYTES
 *   16      n      the LogHeader as UTF-8 JSON
 *   16+n    4      CRC-32 of bytes [0, 16+n)
 */
import { crc32 } from './crc32.js';
import { LogFormatError } from './errors.js';
import {
  FILE_HEADER_FIXED_BYTES, LOG_FORMAT_VERSION, LOG_MAGIC, MAX_HEADER_JSON_BYTES, startsWith, viewOf,
} from './format.js';

export interface LogHeader {
  /** The decider whose records these are, e.g. 'obmalloc'. */
  readonly domain: string;
  /** The payload encoding frames use (= RecordCodec.name), e.g. 'obmalloc-v1'. */
  readonly codec: string;
  /** The CPython profile, e.g. 'cpython-3.11'. */
  readonly profile: string;
  readonly config: Readonly<Record<string, unknown>>;
  /** The only source of randomness of the run. */
  readonly seed: number;
  /** Where the events came from, e.g. 'trace:objects.trace.gz'. */
  readonly source: string;
}

/** Checks a parsed header's shape; returns the problem or null. */
export function headerProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the header is not a JSON object';
  const h = value as Record<string, unknown>;
  for (const key of ['domain', 'codec', 'profile', 'source'] as const) {
    if (typeof h[key] !== 'string') return `header field "${key}" is not a string`;
  }
  if (typeof h.seed !== 'number' || !Number.isFinite(h.seed)) return 'header field "seed" is not a finite number';
  if (typeof h.config !== 'object' || h.config === null || Array.isArray(h.config)) return 'header field "config" is not an object';
  return null;
}

/**
 * The file header bytes for `header`, or a string saying why it cannot be stored. The
 * header is stored as JSON: what a reader gets back is JSON.parse(JSON.stringify(header)).
 */
export function encodeFileHeader(header: LogHeader): Uint8Array | string {
  let json: string;
  try {
    json = JSON.stringify(header);
  } catch (e) {
    return `the header is not JSON-serializable: ${(e as Error).message}`;
  }
  const problem = headerProblem(json === undefined ? undefined : JSON.parse(json));
  if (problem !== null) return problem;
  const body = new TextEncoder().encode(json);
  if (body.length > MAX_HEADER_JSON_BYTES) return `the header JSON is ${body.length} bytes; at most ${MAX_HEADER_JSON_BYTES} are allowed`;
  const bytes = new Uint8Array(FILE_HEADER_FIXED_BYTES + body.length + 4);
  const view = viewOf(bytes);
  bytes.set(LOG_MAGIC, 0);
  view.setUint16(8, LOG_FORMAT_VERSION, true);
  view.setUint16(10, 0, true);
  view.setUint32(12, body.length, true);
  bytes.set(body, FILE_HEADER_FIXED_BYTES);
  view.setUint32(FILE_HEADER_FIXED_BYTES + body.length, crc32(bytes.subarray(0, FILE_HEADER_FIXED_BYTES + body.length)), true);
  return bytes;
}

/** Length of the whole file header given its fixed part, or throws. */
export function fileHeaderLength(fixed: Uint8Array, fileBytes: number, path?: string): number {
  if (!startsWith(fixed, 0, LOG_MAGIC)) {
    const n = Math.min(fixed.length, LOG_MAGIC.length);
    if (n < LOG_MAGIC.length && startsWith(LOG_MAGIC, 0, fixed.subarray(0, n))) {
      throw new LogFormatError('HEADER_TRUNCATED', fixed.length, `the file ends inside the magic (${fixed.length} bytes)`, path);
    }
    throw new LogFormatError('BAD_MAGIC', 0, 'not a pymm log: the file does not start with "PYMMLOG\\n"', path);
  }
  if (fixed.length < FILE_HEADER_FIXED_BYTES) {
    throw new LogFormatError('HEADER_TRUNCATED', fixed.length, `the file ends inside the file header (${fixed.length} bytes)`, path);
  }
  const view = viewOf(fixed);
  const version = view.getUint16(8, true);
  if (version !== LOG_FORMAT_VERSION) {
    throw new LogFormatError('UNSUPPORTED_VERSION', 8, `unsupported format version ${version} (this reader reads version ${LOG_FORMAT_VERSION})`, path);
  }
  const jsonBytes = view.getUint32(12, true);
  if (jsonBytes > MAX_HEADER_JSON_BYTES) {
    throw new LogFormatError('HEADER_TOO_LARGE', 12, `header length ${jsonBytes} exceeds ${MAX_HEADER_JSON_BYTES} bytes`, path);
  }
  const total = FILE_HEADER_FIXED_BYTES + jsonBytes + 4;
  if (total > fileBytes) {
    throw new LogFormatError('HEADER_TRUNCATED', fileBytes, `the file ends inside the header (${fileBytes} of ${total} bytes)`, path);
  }
  return total;
}

/** Parses and checks the whole file header (`bytes` = its fileHeaderLength bytes). */
export function decodeFileHeader(bytes: Uint8Array, path?: string): LogHeader {
  const view = viewOf(bytes);
  const end = bytes.length - 4;
  if (crc32(bytes.subarray(0, end)) !== view.getUint32(end, true)) {
    throw new LogFormatError('HEADER_CHECKSUM', end, 'header checksum mismatch', path);
  }
  const flags = view.getUint16(10, true);
  if (flags !== 0) throw new LogFormatError('HEADER_INVALID', 10, `unknown header flags 0x${flags.toString(16)}`, path);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(FILE_HEADER_FIXED_BYTES, end)));
  } catch (e) {
    throw new LogFormatError('HEADER_INVALID', FILE_HEADER_FIXED_BYTES, `the header is not UTF-8 JSON: ${(e as Error).message}`, path);
  }
  const problem = headerProblem(value);
  if (problem !== null) throw new LogFormatError('HEADER_INVALID', FILE_HEADER_FIXED_BYTES, problem, path);
  return value as LogHeader;
}
