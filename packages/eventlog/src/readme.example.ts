import { ByteReader, ByteWriter, LogReader, readAllRecords, verifyLog, writeLog, type RecordCodec } from '@pymm/eventlog';
import { mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A domain supplies a codec: a batch of its records to bytes and back.
interface Toss { readonly heads: boolean; readonly streak: number }
const tossCodec: RecordCodec<Toss> = {
  name: 'toss-v1',
  encode(records) {
    const w = new ByteWriter();
    for (const r of records) w.u8(r.heads ? 1 : 0).varuint(r.streak);
    return w.finish();
  },
  decode(payload, _firstSeq, count) {
    const r = new ByteReader(payload); // bounds-checked: bad bytes throw LogFormatError
    const out: Toss[] = [];
    for (let i = 0; i < count; i++) out.push({ heads: r.u8() === 1, streak: r.varuint() });
    r.expectEnd();
    return out;
  },
};

const tosses: Toss[] = [];
for (let i = 0, streak = 0; i < 1000; i++) {
  const heads = (i * 7919) % 3 !== 0;
  streak = heads ? streak + 1 : 0;
  tosses.push({ heads, streak });
}

const dir = mkdtempSync(join(tmpdir(), 'pymm-readme-'));
const path = join(dir, 'tosses.pymmlog');
const header = { domain: 'coin', codec: 'toss-v1', profile: 'none', config: {}, seed: 42, source: 'readme' };
writeLog(path, header, tossCodec, tosses, { recordsPerFrame: 256 });

const log = LogReader.open(path);
export const result = {
  frames: log.frames.length,
  records: log.recordCount,
  frameOfSeq700: log.frameIndexForSeq(700),
  roundTrips: JSON.stringify(readAllRecords(log, tossCodec)) === JSON.stringify(tosses),
  verified: verifyLog(path).ok,
};

// A crash in the middle of frame 3: the first three frames survive, the tail is reported.
truncateSync(path, log.frames[3].offset + 10);
log.close();
const torn = LogReader.open(path);
export const afterCrash = { frames: torn.frames.length, records: torn.recordCount, recovered: torn.recovered?.code };
torn.close();
rmSync(dir, { recursive: true });
