/**
 * A hash table from addresses to numbers, in typed arrays: open addressing, linear
 * probing, tombstones. A Map keyed by addresses above 2^31 boxes every key and was the
 * largest cost of replaying raw (non-pymalloc) blocks; this never allocates per entry.
 */
const EMPTY = -1;
const TOMBSTONE = -2;

export class AddressTable {
  private keys: Float64Array;
  private values: Float64Array;
  private mask: number;
  private used = 0; // live + tombstones
  size = 0;

  constructor(capacity = 64) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.keys = new Float64Array(n).fill(EMPTY);
    this.values = new Float64Array(n);
    this.mask = n - 1;
  }

  private slot(key: number): number {
    const lo = key >>> 0;
    const hi = (key / 4294967296) >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    return h & this.mask;
  }

  private find(key: number): number {
    const keys = this.keys;
    let i = this.slot(key);
    for (;;) {
      const k = keys[i];
      if (k === key) return i;
      if (k === EMPTY) return -1;
      i = (i + 1) & this.mask;
    }
  }

  has(key: number): boolean {
    return this.find(key) >= 0;
  }

  /** The value stored for `key`, or undefined. */
  get(key: number): number | undefined {
    const i = this.find(key);
    return i < 0 ? undefined : this.values[i];
  }

  set(key: number, value: number): void {
    const i = this.find(key);
    if (i >= 0) {
      this.values[i] = value;
      return;
    }
    this.insertNew(key, value);
  }

  /** set() for a key known to be absent (filling a cleared table): no lookup first. */
  insertNew(key: number, value: number): void {
    if ((this.used + 1) * 4 > this.keys.length * 3) this.rehash(this.size * 4 > this.keys.length ? this.keys.length * 2 : this.keys.length);
    const keys = this.keys;
    let j = this.slot(key);
    while (keys[j] >= 0) j = (j + 1) & this.mask;
    if (keys[j] === EMPTY) this.used += 1;
    keys[j] = key;
    this.values[j] = value;
    this.size += 1;
  }

  delete(key: number): boolean {
    const i = this.find(key);
    if (i < 0) return false;
    this.keys[i] = TOMBSTONE;
    this.size -= 1;
    return true;
  }

  private rehash(n: number): void {
    const oldKeys = this.keys, oldValues = this.values;
    this.keys = new Float64Array(n).fill(EMPTY);
    this.values = new Float64Array(n);
    this.mask = n - 1;
    this.used = 0;
    this.size = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] >= 0) this.set(oldKeys[i], oldValues[i]);
  }

  /** Bytes the table's arrays take. */
  get capacityBytes(): number {
    return this.keys.byteLength + this.values.byteLength;
  }

  /** Forget every entry (keeps the capacity). */
  clear(): void {
    this.keys.fill(EMPTY);
    this.used = 0;
    this.size = 0;
  }

  *entries(): IterableIterator<[number, number]> {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] >= 0) yield [this.keys[i], this.values[i]];
  }

  clone(): AddressTable {
    const c = new AddressTable(0);
    c.keys = this.keys.slice();
    c.values = this.values.slice();
    c.mask = this.mask;
    c.used = this.used;
    c.size = this.size;
    return c;
  }

  /** Same keys with the same values (whatever the layout). */
  equals(other: AddressTable): boolean {
    if (this.size !== other.size) return false;
    for (const [k, v] of this.entries()) if (other.get(k) !== v) return false;
    return true;
  }
}
