import fs from 'node:fs';
import readline from 'node:readline';
import type { Block } from './block';
import { decodeBlockLine, encodeBlockLine } from './block-codec';

/** Called for each stored block read on open, with the byte offsets of its line (end: just past its newline). */
export type OnStoredBlock = (block: Block, start: number, end: number) => void | Promise<void>;

/** A stored block that cannot be read back or does not verify: the ledger refuses to extend it. */
export class LedgerCorruptError extends Error {
  constructor(
    readonly blockNumber: number,
    readonly reason: string,
    readonly file: string,
  ) {
    super(`ledger block ${blockNumber}: ${reason} (in ${file})`);
  }
}

/** A last line without its newline, cut off on open: it was never fdatasync'd whole, so never acknowledged. */
export interface TornTail {
  readonly file: string;
  /** The block number the torn line would have had. */
  readonly blockNumber: number;
  readonly offset: number;
  readonly bytes: number;
}

export interface BlockStoreOptions {
  /**
   * Where to start reading on open (default: the first block): blocks before `height` are taken as
   * they are, found through `offsetOf`, and `offset` is where block `height` starts.
   */
  readonly start?: { readonly height: number; readonly offset: number; readonly offsetOf: (n: number) => number | undefined };
  /** Called for each stored block read on open, in order; throwing stops the open. */
  readonly onBlock: OnStoredBlock;
  /** Told about a torn last line before it is cut off. */
  readonly onTornTail: (tail: TornTail) => void;
}

/**
 * Blocks as JSON lines in one append-only file. A block is acknowledged only after its line, newline
 * included, is written and fdatasync'd. On open, a last line without its newline (crash mid-write,
 * never acknowledged) is cut off and reported; any complete line that does not parse is corruption.
 */
export class BlockStore {
  readonly #file: string;
  // Where each block's line from #base on starts; a line ends where the next one starts, the last one at #size.
  #offsets = new Float64Array(1024);
  #base = 0;
  #baseOffset = 0;
  #offsetOf: (n: number) => number | undefined = () => undefined;
  #height = 0;
  #handle: fs.promises.FileHandle | undefined;
  #readFd: number | undefined;
  #size = 0;

  private constructor(file: string) {
    this.#file = file;
  }

  /**
   * Opens the file, calling `onBlock` for every complete stored block in order.
   *
   * @throws LedgerCorruptError naming the first complete line that is not a block.
   */
  static async open(file: string, opts: BlockStoreOptions): Promise<BlockStore> {
    const store = new BlockStore(file);
    if (!fs.existsSync(file)) fs.writeFileSync(file, '');
    await store.#load(opts);
    store.#handle = await fs.promises.open(file, 'a');
    store.#readFd = fs.openSync(file, 'r');
    return store;
  }

  get height(): number {
    return this.#height;
  }

  /** Bytes in the file (every block's line, newline included). */
  get size(): number {
    return this.#size;
  }

  #push(offset: number): void {
    const i = this.#height - this.#base;
    if (i === this.#offsets.length) {
      const grown = new Float64Array(this.#offsets.length * 2);
      grown.set(this.#offsets);
      this.#offsets = grown;
    }
    this.#offsets[i] = offset;
    this.#height++;
  }

  async #load(opts: BlockStoreOptions): Promise<void> {
    const size = fs.statSync(this.#file).size;
    let offset = 0;
    if (opts.start) {
      this.#base = this.#height = opts.start.height;
      this.#baseOffset = offset = opts.start.offset;
      this.#offsetOf = opts.start.offsetOf;
    }
    if (offset > size)
      throw new LedgerCorruptError(
        this.#height,
        `the block file is shorter (${size} bytes) than where block ${this.#height} starts (${offset})`,
        this.#file,
      );
    const lines = readline.createInterface({ input: fs.createReadStream(this.#file, { start: offset }), crlfDelay: Infinity });
    for await (const line of lines) {
      const end = offset + Buffer.byteLength(line) + 1;
      // Only the last line can lack its newline, and only a crash mid-append leaves it so.
      if (end > size) break;
      const decoded = decodeBlockLine(line);
      if ('problem' in decoded) throw new LedgerCorruptError(this.#height, decoded.problem, this.#file);
      const start = offset;
      this.#push(start);
      await opts.onBlock(decoded.block, start, end);
      offset = end;
    }
    lines.close();
    if (size > offset) this.#cutTail(offset, size - offset, opts);
    this.#size = offset;
  }

  #cutTail(offset: number, bytes: number, opts: BlockStoreOptions): void {
    opts.onTornTail({ file: this.#file, blockNumber: this.#height, offset, bytes });
    fs.truncateSync(this.#file, offset);
  }

  /** Appends a block durably; answers where its line starts and ends. */
  async append(block: Block): Promise<{ start: number; end: number }> {
    if (!this.#handle) throw new Error('block store is closed');
    const line = `${encodeBlockLine(block)}\n`;
    const bytes = Buffer.from(line);
    await this.#handle.write(bytes);
    await this.#handle.datasync();
    const start = this.#size;
    this.#push(start);
    this.#size += bytes.length;
    return { start, end: this.#size };
  }

  #start(n: number): number {
    if (n >= this.#base) return n === this.#height ? this.#size : (this.#offsets[n - this.#base] ?? 0);
    const offset = this.#offsetOf(n);
    if (offset === undefined) throw new Error(`block ${n}: its offset in the block file is not in the state store`);
    return offset;
  }

  #extent(n: number): { offset: number; length: number } {
    if (!Number.isInteger(n) || n < 0 || n >= this.#height) throw new RangeError(`no block ${n}`);
    const offset = this.#start(n);
    const end = n + 1 === this.#base ? this.#baseOffset : this.#start(n + 1);
    return { offset, length: end - offset };
  }

  /** Reads block `n` back from disk (throws on a line that no longer parses). */
  read(n: number): Block {
    const { offset, length } = this.#extent(n);
    if (this.#readFd === undefined) throw new Error('block store is closed');
    const decoded = decodeBlockLine(readBytes(this.#readFd, offset, length).toString('utf8').trimEnd());
    if ('problem' in decoded) throw new Error(`block ${n}: ${decoded.problem}`);
    return decoded.block;
  }

  async close(): Promise<void> {
    await this.#handle?.close();
    this.#handle = undefined;
    if (this.#readFd !== undefined) fs.closeSync(this.#readFd);
    this.#readFd = undefined;
  }
}

function readBytes(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(Math.max(0, length));
  for (let done = 0; done < buf.length;) {
    const got = fs.readSync(fd, buf, done, buf.length - done, offset + done);
    if (got === 0) return buf.subarray(0, done);
    done += got;
  }
  return buf;
}

/** The block stored in `file` from byte `start` to `end` (its newline included), or undefined when that is not one whole line holding a block. */
export function readBlockAt(file: string, start: number, end: number): Block | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const bytes = readBytes(fd, start, end - start);
    const whole = bytes.length === end - start && bytes.indexOf(0x0a) === bytes.length - 1;
    const decoded = whole ? decodeBlockLine(bytes.subarray(0, -1).toString('utf8')) : undefined;
    return decoded && 'block' in decoded ? decoded.block : undefined;
  } finally {
    fs.closeSync(fd);
  }
}
