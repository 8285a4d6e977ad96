/**
 * The pymmlog container format, version 1: every constant a reader or writer needs.
 * docs/formats/pymmlog.md describes the layout byte by byte; format.test.ts asserts that
 * its constants table is this file.
 *
 *   file     = fileHeader frame* [index trailer]
 *   fileHeader = magic(8) version(u16) flags(u16) jsonBytes(u32) json crc32
 *   frame    = marker(4) flags(u32) firstSeq(u64) count(u32) storedBytes(u32)
 *              rawBytes(u32) headerCrc(u32) payload(storedBytes) frameCrc(u32)
 *   index    = marker(4) frameCount(u32) entry(24)*frameCount crc32
 *   entry    = offset(u64) firstSeq(u64) count(u32) frameBytes(u32)
 *   trailer  = magic(8) indexOffset(u64) indexBytes(u64) recordCount(u64) crc32
 *
 * All integers are little-endian. A u64 holds a value below 2^53 (exact in a double); a
 * larger one is corruption. Every byte of a file is covered by a magic check or a CRC-32,
 * so any single damaged byte is detected.
 */

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** The first 8 bytes of every log: "PYMMLOG\n" (a text-mode LF -> CRLF conversion breaks it). */
export const LOG_MAGIC: Uint8Array = ascii('PYMMLOG\n');
/** The only version this code reads and writes. Stored as a u16 right after the magic. */
export const LOG_FORMAT_VERSION = 1;

/** magic(8) + version(2) + flags(2) + jsonBytes(4): the fixed part before the header JSON. */
export const FILE_HEADER_FIXED_BYTES = 16;
/** The header JSON may be at most this long (1 MiB); a larger length is corruption. */
export const MAX_HEADER_JSON_BYTES = 1 << 20;

/** Each frame starts with "PYMF". */
export const FRAME_MARKER: Uint8Array = ascii('PYMF');
/** The fixed frame header, its own CRC included. */
export const FRAME_HEADER_BYTES = 32;
/** Container bytes per frame: the header plus the trailing CRC of header and payload. */
export const FRAME_OVERHEAD_BYTES = FRAME_HEADER_BYTES + 4;
/** A frame's payload (stored or decompressed) is at most 64 MiB; a larger length is corruption. */
export const MAX_FRAME_PAYLOAD_BYTES = 64 << 20;
/** Frame flag bit 0: the payload is deflated (raw deflate, RFC 1951). No other bit is defined. */
export const FRAME_FLAG_DEFLATE = 1;
/** A frame holds at most this many records (its count is a u32). */
export const MAX_FRAME_RECORDS = 0xffff_ffff;

/** The index block (written by close) starts with "PYMI". */
export const INDEX_MARKER: Uint8Array = ascii('PYMI');
/** marker(4) + frameCount(4). */
export const INDEX_HEADER_BYTES = 8;
/** offset(8) + firstSeq(8) + count(4) + frameBytes(4) per frame. */
export const INDEX_ENTRY_BYTES = 24;

/** The trailer, the last bytes of a closed log, starts with "PYMMEND\n". */
export const TRAILER_MAGIC: Uint8Array = ascii('PYMMEND\n');
/** magic(8) + indexOffset(8) + indexBytes(8) + recordCount(8) + crc32(4). */
export const TRAILER_BYTES = 36;

/** Values a u64 field may hold: below 2^53, so exact in a double. */
export const MAX_U64_VALUE = Number.MAX_SAFE_INTEGER;

/** Reads a little-endian u64 field; returns -1 if it is 2^53 or more (not exact in a double). */
export function getU64(view: DataView, offset: number): number {
  const lo = view.getUint32(offset, true);
  const hi = view.getUint32(offset + 4, true);
  if (hi > 0x1f_ffff) return -1;
  return hi * 0x1_0000_0000 + lo;
}

/** Writes a little-endian u64 field; the value must be a safe non-negative integer. */
export function setU64(view: DataView, offset: number, value: number): void {
  view.setUint32(offset, value % 0x1_0000_0000, true);
  view.setUint32(offset + 4, Math.floor(value / 0x1_0000_0000), true);
}

export function startsWith(bytes: Uint8Array, at: number, marker: Uint8Array): boolean {
  if (bytes.length - at < marker.length) return false;
  for (let i = 0; i < marker.length; i++) if (bytes[at + i] !== marker[i]) return false;
  return true;
}

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
