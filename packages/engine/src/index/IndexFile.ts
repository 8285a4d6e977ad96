/**
 * The index file beside a log (`LOG.pymmlog.idx`): what opening the log needs
 * (checkpoints, the seq-to-frame table is the log's own, the per-address, per-pool and
 * per-object indexes), so that opening never re-executes the log.
 *
 * It is a .pymmlog container itself (docs/formats/pymmlog.md), so every byte is covered by
 * a CRC and a torn or damaged file is detected: its header says domain 'pymm-index',
 * codec INDEX_CODEC; each frame is one section (count 1), deflated when that pays; the
 * last frame is the manifest (JSON): the index's version, the kind of log, the
 * fingerprint of the log it was built from, and where each named part lives.
 *
 *   manifest field   meaning
 *   version          INDEX_VERSION; another version is rebuilt, never read
 *   kind             'obmalloc' or 'heap': which builder wrote it
 *   log              the fingerprint (bytes, records, frames, crc) of the log
 *   parts            name -> frame number (or a list of them)
 *   info             figures the builder recorded (counts, bytes), for `pymm` to report
 *
 * A reader trusts nothing it has not checked: the container's CRCs (all of them, on
 * open), the header, the version and kind, and the log's fingerprint. Anything else is
 * an IndexUnusable: the caller rebuilds the index, says so in one line, and goes on.
 *
 * Files are written to a temporary name in the same directory and renamed into place,
 * so a reader never sees half an index and a crash leaves at most a stray temporary.
 */
import { closeSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { crc32, LogFormatError, LogReader, LogWriter, type LogHeader } from '@pymm/eventlog';

export const INDEX_CODEC = 'pymm-index-v1';
/** The domain an index file's header names. */
export const INDEX_DOMAIN = 'pymm-index';
export const INDEX_VERSION = 10;

export interface LogFingerprint {
  readonly bytes: number;
  readonly records: number;
  readonly frames: number;
  /** CRC-32 of the log's file header, continued over its last 4 KiB (trailer, index, last frame's CRC). */
  readonly crc: number;
}

export interface IndexManifest {
  readonly version: number;
  readonly kind: string;
  readonly log: LogFingerprint;
  readonly parts: Readonly<Record<string, number | readonly number[]>>;
  readonly info: Readonly<Record<string, unknown>>;
}

/** Why an index file cannot be used (it is rebuilt). */
export class IndexUnusable extends Error {
  override readonly name = 'IndexUnusable';
}

/** The index file that belongs to `logPath`. */
export function indexPathFor(logPath: string): string {
  return `${logPath}.idx`;
}

export function fingerprintOf(reader: LogReader, path: string): LogFingerprint {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(reader.headerByteLength);
    readSync(fd, head, 0, head.length, 0);
    const tailLength = Math.min(4096, size - head.length);
    const tail = new Uint8Array(Math.max(0, tailLength));
    if (tail.length > 0) readSync(fd, tail, 0, tail.length, size - tail.length);
    return { bytes: size, records: reader.recordCount, frames: reader.frames.length, crc: crc32(tail, crc32(head)) };
  } finally {
    closeSync(fd);
  }
}

function sameFingerprint(a: LogFingerprint, b: LogFingerprint): boolean {
  return a.bytes === b.bytes && a.records === b.records && a.frames === b.frames && a.crc === b.crc;
}


/**
 * Removes the temporary files this process left for the file at `path` (a log or an index:
 * both are written beside it under a temporary name and renamed into place; a thread
 * writing one was stopped before it could rename or remove it).
 */
export function removeTemporaries(path: string): void {
  const prefix = `.${basename(path)}.${process.pid}.`;
  let names: string[];
  try { names = readdirSync(dirname(path)); } catch { return; }
  for (const n of names) if (n.startsWith(prefix) && n.endsWith('.tmp')) rmSync(join(dirname(path), n), { force: true });
}
/** Largest section of a blob (frames hold at most 64 MiB). */
const BLOB_CHUNK_BYTES = 16 << 20;

/**
 * Where an index builder puts what it makes: an IndexWriter, or a proxy that hands the
 * sections to one in another thread (the index built while a program runs, recordPipeline.ts).
 */
export interface IndexSink {
  /** Appends a section; returns its frame number. */
  section(bytes: Uint8Array): number;
  /** A part that may be larger than a frame holds: in sections of BLOB_CHUNK_BYTES, recorded under `name`. */
  blob(name: string, bytes: Uint8Array): void;
}

/** Writes `bytes` as sections of at most BLOB_CHUNK_BYTES (at least one); returns their numbers. */
export function blobSections(sink: IndexSink, bytes: Uint8Array): number[] {
  const frames: number[] = [];
  for (let at = 0; at < bytes.length || frames.length === 0; at += BLOB_CHUNK_BYTES) frames.push(sink.section(bytes.subarray(at, at + BLOB_CHUNK_BYTES)));
  return frames;
}

/**
 * Writes an index file, section by section: streamed to a temporary file beside `path`
 * (the LogWriter's viaTemporary), renamed into place by finish().
 */
export class IndexWriter implements IndexSink {
  private readonly writer: LogWriter;
  private next = 0;
  readonly parts: Record<string, number | number[]> = {};
  constructor(readonly path: string, profile: string) {
    const header: LogHeader = { domain: INDEX_DOMAIN, codec: INDEX_CODEC, profile, config: {}, seed: 0, source: basename(path) };
    this.writer = LogWriter.create(path, header, { overwrite: true, compressLevel: 1, viaTemporary: true });
  }

  /** Appends a section; returns its frame number. */
  section(bytes: Uint8Array): number {
    const n = this.next++;
    this.writer.appendFrame(n, 1, bytes);
    return n;
  }

  /** A section recorded under `name` in the manifest. */
  part(name: string, bytes: Uint8Array): number {
    const n = this.section(bytes);
    this.parts[name] = n;
    return n;
  }

  /** A part that may be larger than a frame holds: written in chunks of BLOB_CHUNK_BYTES. */
  blob(name: string, bytes: Uint8Array): void {
    this.parts[name] = blobSections(this, bytes);
  }

  /** Bytes written so far. */
  get bytesWritten(): number {
    return this.writer.bytesWritten;
  }

  /** Writes the manifest, closes and renames into place. Returns the file's size. */
  finish(kind: string, log: LogFingerprint, info: Record<string, unknown>): number {
    const manifest: IndexManifest = { version: INDEX_VERSION, kind, log, parts: this.parts, info };
    this.section(new TextEncoder().encode(JSON.stringify(manifest)));
    try {
      this.writer.close();
    } catch (e) {
      this.abort();
      throw e;
    }
    return this.writer.bytesWritten;
  }

  /** Gives up: the temporary file goes, an index already at `path` stays. */
  abort(): void {
    this.writer.abort();
  }
}

/** An index file, checked whole on open; sections are read on demand. */
export class IndexReader {
  private constructor(
    private readonly reader: LogReader,
    readonly manifest: IndexManifest,
    readonly path: string,
  ) {}

  /** Opens and checks `path` against the log's fingerprint; IndexUnusable says why not. */
  static open(path: string, kind: string, log: LogFingerprint): IndexReader {
    let reader: LogReader;
    try {
      reader = LogReader.open(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new IndexUnusable('there is no index file');
      if (e instanceof LogFormatError) throw new IndexUnusable(`the index file is damaged (${e.message})`);
      throw new IndexUnusable(`the index file cannot be read (${(e as Error).message})`);
    }
    try {
      if (reader.recovered !== null) throw new IndexUnusable(`the index file is damaged (${reader.recovered.reason})`);
      if (reader.header.domain !== INDEX_DOMAIN || reader.header.codec !== INDEX_CODEC) throw new IndexUnusable(`the index file is of another kind ('${reader.header.codec}')`);
      if (reader.frames.length === 0) throw new IndexUnusable('the index file is empty');
      let manifest: IndexManifest;
      try {
        manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(reader.readFrame(reader.frames.length - 1))) as IndexManifest;
      } catch {
        throw new IndexUnusable('the index manifest is not valid JSON');
      }
      if (manifest === null || typeof manifest !== 'object' || manifest.version !== INDEX_VERSION) throw new IndexUnusable(`the index is version ${manifest?.version}; this pymm writes version ${INDEX_VERSION}`);
      if (manifest.kind !== kind) throw new IndexUnusable(`the index was built for a '${manifest.kind}' log`);
      if (typeof manifest.log !== 'object' || manifest.log === null || !sameFingerprint(manifest.log, log)) throw new IndexUnusable('the index was built for another version of the log (its size or checksum differ)');
      if (typeof manifest.parts !== 'object' || manifest.parts === null) throw new IndexUnusable('the index manifest names no parts');
      return new IndexReader(reader, manifest, path);
    } catch (e) {
      reader.close();
      throw e;
    }
  }

  get sectionCount(): number {
    return this.reader.frames.length - 1;
  }

  /** Bytes of the index file. */
  get byteLength(): number {
    return this.reader.byteLength;
  }

  /** Section n's bytes (its CRC checked again). */
  section(n: number): Uint8Array {
    if (!Number.isInteger(n) || n < 0 || n >= this.sectionCount) throw new IndexUnusable(`the index names section ${n}; it has ${this.sectionCount}`);
    return this.reader.readFrame(n);
  }

  /** The section recorded under `name`. */
  part(name: string): Uint8Array {
    const n = this.manifest.parts[name];
    if (typeof n !== 'number') throw new IndexUnusable(`the index has no part '${name}'`);
    return this.section(n);
  }

  /** A part written with IndexWriter.blob. */
  blob(name: string): Uint8Array {
    const frames = this.manifest.parts[name];
    if (!Array.isArray(frames) || frames.length === 0) throw new IndexUnusable(`the index has no part '${name}'`);
    const chunks = frames.map((n) => this.section(n));
    if (chunks.length === 1) return chunks[0];
    const out = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
    let at = 0;
    for (const c of chunks) { out.set(c, at); at += c.length; }
    return out;
  }

  has(name: string): boolean {
    return typeof this.manifest.parts[name] === 'number';
  }

  close(): void {
    this.reader.close();
  }
}
