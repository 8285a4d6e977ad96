/**
 * What a domain supplies: its records to a frame payload and back. The container never
 * looks inside a payload.
 */
import { LogFormatError } from './errors.js';

/** An event with its place in the log: seq (the only clock) and the seq of the command that caused it. */
export interface Envelope<E> {
  readonly seq: number;
  readonly cause: number;
  readonly event: E;
}

export interface RecordCodec<R> {
  /** Stored as LogHeader.codec; readers refuse a log whose header names another codec. */
  readonly name: string;
  /** The payload for records firstSeq .. firstSeq+records.length-1. */
  encode(records: readonly R[], firstSeq: number): Uint8Array;
  /** The `count` records of a payload; throws LogFormatError (PAYLOAD_*) on bad bytes. */
  decode(payload: Uint8Array, firstSeq: number, count: number): R[];
  /**
   * Why a record from outside (a JSON Lines import) is not one of this codec's records, or
   * null; a codec without it takes whatever it can encode and read back.
   */
  validate?(record: unknown, seq: number): string | null;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A codec storing each frame's records as one UTF-8 JSON array: for prototypes, tests and
 * records without a binary codec yet. Records must survive JSON (no undefined, BigInt, NaN).
 */
export function jsonRecordCodec<R>(name = 'json-v1'): RecordCodec<R> {
  return {
    name,
    encode: (records) => encoder.encode(JSON.stringify(records)),
    decode(payload, _firstSeq, count) {
      let value: unknown;
      try {
        value = JSON.parse(decoder.decode(payload));
      } catch (e) {
        throw new LogFormatError('PAYLOAD_INVALID', 0, `invalid payload: not UTF-8 JSON (${(e as Error).message})`);
      }
      if (!Array.isArray(value)) throw new LogFormatError('PAYLOAD_INVALID', 0, 'invalid payload: not a JSON array');
      if (value.length !== count) throw new LogFormatError('PAYLOAD_COUNT', 0, `payload holds ${value.length} records, not ${count}`);
      return value as R[];
    },
  };
}
