import crypto from 'node:crypto';
import os from 'node:os';

/**
 * A hash of the world state's contents that is updated per write instead of recomputed: each entry
 * (key, value) is hashed with SHA-256 and expanded to LANES 16-bit numbers and the state's hash is their lane-wise sum modulo
 * 2^16 (an additive "lattice" hash, with the parameters of the published LtHash16). Adding an entry
 * adds its lanes; overwriting subtracts the old value's lanes and adds the new one's. The sum does
 * not depend on the order entries were written in, so a scan of the stored entries must give the
 * same sum as the running one kept through every write: that is how the persisted store is checked.
 *
 * Why not a running hash over the write sets: it says which writes were applied, but checking a store
 * against it means re-applying every write set. This one is checked by reading the store once.
 */

export const LANES = 1024;
const BYTES = LANES * 2;

function entryBytes(key: string, value: string): Buffer {
  const k = Buffer.from(key, 'utf16le');
  const v = Buffer.from(value, 'utf16le');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(k.length);
  // UTF-16 keeps lone surrogates, which some keys may hold, apart from one another. SHA-256 first
  // (fast over long values), then SHAKE-256 expands its 32 bytes to the lanes.
  const digest = crypto.createHash('sha256').update(length).update(k).update(v).digest();
  return crypto.createHash('shake256', { outputLength: BYTES }).update(digest).digest();
}

const LITTLE_ENDIAN = os.endianness() === 'LE';

/** The entry's 16-bit little-endian lanes as numbers, without copying where the platform allows it. */
function lanesOf(entry: Buffer): Uint16Array {
  if (LITTLE_ENDIAN && entry.byteOffset % 2 === 0) return new Uint16Array(entry.buffer, entry.byteOffset, LANES);
  const out = new Uint16Array(LANES);
  for (let i = 0; i < LANES; i++) out[i] = entry.readUInt16LE(i * 2);
  return out;
}

export class StateHash {
  readonly #lanes: Uint16Array;

  private constructor(lanes: Uint16Array) {
    this.#lanes = lanes;
  }

  /** The hash of an empty state. */
  static empty(): StateHash {
    return new StateHash(new Uint16Array(LANES));
  }

  /** Reads back what `bytes()` wrote; undefined for anything else. */
  static fromBytes(bytes: Buffer | undefined): StateHash | undefined {
    if (bytes?.length !== BYTES) return undefined;
    const lanes = new Uint16Array(LANES);
    for (let i = 0; i < LANES; i++) lanes[i] = bytes.readUInt16LE(i * 2);
    return new StateHash(lanes);
  }

  clone(): StateHash {
    return new StateHash(this.#lanes.slice());
  }

  add(key: string, value: string): void {
    this.#fold(entryBytes(key, value), 1);
  }

  remove(key: string, value: string): void {
    this.#fold(entryBytes(key, value), -1);
  }

  /** This hash plus `other`'s lanes (a sum of changes), as a new hash. */
  plus(other: StateHash): StateHash {
    const out = this.clone();
    out.addLanes(other.#lanes);
    return out;
  }

  /** Adds lanes summed elsewhere (state-hash-workers.ts), lane by lane modulo 2^16. */
  addLanes(sum: Uint16Array): void {
    if (sum.length !== LANES) throw new Error(`a lane sum has ${sum.length} lanes, not ${LANES}`);
    const lanes = this.#lanes;
    for (let i = 0; i < LANES; i++) lanes[i] = (lanes[i] ?? 0) + (sum[i] ?? 0);
  }

  #fold(entry: Buffer, sign: 1 | -1): void {
    // Uint16Array arithmetic wraps modulo 2^16 by itself; lanes are little-endian 16-bit numbers.
    const lanes = this.#lanes;
    const add = lanesOf(entry);
    for (let i = 0; i < LANES; i++) lanes[i] = (lanes[i] ?? 0) + sign * (add[i] ?? 0);
  }

  bytes(): Buffer {
    const out = Buffer.alloc(BYTES);
    for (let i = 0; i < LANES; i++) out.writeUInt16LE(this.#lanes[i] ?? 0, i * 2);
    return out;
  }

  /** What block headers and checkpoints carry: SHA-256 of the lanes, hex. */
  digest(): string {
    return crypto.createHash('sha256').update(this.bytes()).digest('hex');
  }
}
