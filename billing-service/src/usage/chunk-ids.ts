/**
 * The ids of the calls in the chunk being built, so that a later row repeating one is counted as
 * a duplicate and the first row of the id wins. A Set of 50,000 id strings per chunk outlived
 * the garbage collector's young generation — and the strings pinned the decoded text they were
 * cut from — so that the heap swung by 60–100 MB over a million rows. Here each id leaves a
 * hash and the place of its bytes in the chunk's COPY data, in typed arrays allocated once; ids
 * whose hashes meet are compared by those bytes.
 */
import { randomInt } from 'node:crypto';

export class ChunkIds {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly hashes: Int32Array;
  private readonly blocks: Int32Array;
  private readonly starts: Int32Array;
  private readonly lengths: Int32Array;
  /** Seeded per process, so that a file cannot be made of ids that all collide. */
  private readonly seed = randomInt(2 ** 31);
  private lastHash = 0;
  private lastSlot = 0;
  size = 0;

  constructor(readonly capacity: number) {
    let slots = 1;
    while (slots < capacity * 2) slots *= 2;
    this.slots = new Int32Array(slots);
    this.mask = slots - 1;
    this.hashes = new Int32Array(capacity);
    this.blocks = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
  }

  /** Whether `id` is in the chunk, whose COPY data is in `data`; if not, `add` may record it next. */
  has(id: string, data: readonly Buffer[]): boolean {
    const h = this.hash(id);
    let slot = h & this.mask;
    for (let n = this.slots[slot]!; n !== 0; n = this.slots[slot]!) {
      const i = n - 1;
      if (this.hashes[i] === h) {
        const start = this.starts[i]!;
        if (data[this.blocks[i]!]!.toString('utf8', start, start + this.lengths[i]!) === id) return true;
      }
      slot = (slot + 1) & this.mask;
    }
    this.lastHash = h;
    this.lastSlot = slot;
    return false;
  }

  /** Records the id `has` was last asked about, written at `start` (`length` bytes) in block `block` of the chunk's data. */
  add(block: number, start: number, length: number): void {
    const i = this.size++;
    this.hashes[i] = this.lastHash;
    this.blocks[i] = block;
    this.starts[i] = start;
    this.lengths[i] = length;
    this.slots[this.lastSlot] = i + 1;
  }

  clear(): void {
    this.slots.fill(0);
    this.size = 0;
  }

  /** FNV-1a over the UTF-16 code units, then mixed (murmur3's finalizer) so that every bit counts. */
  private hash(id: string): number {
    let h = 0x811c9dc5 ^ this.seed;
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return h ^ (h >>> 16);
  }
}
