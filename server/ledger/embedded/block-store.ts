import fs from 'node:fs';
import readline from 'node:readline';
import type { Block } from './block';

/** Called for each stored block on open, with the byte offset just past it in the file. */
export type OnStoredBlock = (block: Block, endOffset: number) => void | Promise<void>;

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
  /** Called for each stored block on open, in order; throwing stops the open. */
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
  // Where each block's line starts; a line ends where the next one starts, the last one at #size.
  #offsets = new Float64Array(1024);
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

  #push(offset: number): void {
    if (this.#height === this.#offsets.length) {
      const grown = new Float64Array(this.#offsets.length * 2);
      grown.set(this.#offsets);
      this.#offsets = grown;
    }
    this.#offsets[this.#height++] = offset;
  }

  async #load(opts: BlockStoreOptions): Promise<void> {
    const size = fs.statSync(this.#file).size;
    const lines = readline.createInterface({ input: fs.createReadStream(this.#file), crlfDelay: Infinity });
    let offset = 0;
    for await (const line of lines) {
      const end = offset + Buffer.byteLength(line) + 1;
      // Only the last line can lack its newline, and only a crash mid-append leaves it so.
      if (end > size) break;
      const block = parseLine(line);
      if (!block) throw new LedgerCorruptError(this.#height, 'stored block is not valid JSON', this.#file);
      this.#push(offset);
      await opts.onBlock(block, end);
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

  /** Appends a block durably. */
  async append(block: Block): Promise<void> {
    if (!this.#handle) throw new Error('block store is closed');
    const line = `${JSON.stringify(block)}\n`;
    const bytes = Buffer.from(line);
    await this.#handle.write(bytes);
    await this.#handle.datasync();
    this.#push(this.#size);
    this.#size += bytes.length;
  }

  #extent(n: number): { offset: number; length: number } {
    if (!Number.isInteger(n) || n < 0 || n >= this.#height) throw new RangeError(`no block ${n}`);
    const offset = this.#offsets[n] ?? 0;
    return { offset, length: (n + 1 < this.#height ? (this.#offsets[n + 1] ?? 0) : this.#size) - offset };
  }

  /** Reads block `n` back from disk (throws on a line that no longer parses). */
  read(n: number): Block {
    const { offset, length } = this.#extent(n);
    if (this.#readFd === undefined) throw new Error('block store is closed');
    const buf = Buffer.alloc(length);
    for (let done = 0; done < length; ) {
      const got = fs.readSync(this.#readFd, buf, done, length - done, offset + done);
      if (got === 0) break;
      done += got;
    }
    const block = parseLine(buf.toString('utf8').trimEnd());
    if (!block) throw new Error(`block ${n} is not valid JSON on disk`);
    return block;
  }

  async close(): Promise<void> {
    await this.#handle?.close();
    this.#handle = undefined;
    if (this.#readFd !== undefined) fs.closeSync(this.#readFd);
    this.#readFd = undefined;
  }
}

function parseLine(line: string): Block | undefined {
  try {
    const block = JSON.parse(line) as Block;
    return typeof block.header?.number === 'number' ? block : undefined;
  } catch {
    return undefined;
  }
}
