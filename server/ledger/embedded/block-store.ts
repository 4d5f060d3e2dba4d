import fs from 'node:fs';
import readline from 'node:readline';
import type { Block } from './block';

interface Extent {
  readonly offset: number;
  readonly length: number;
}

/** A stored block that cannot be read back: the ledger refuses to extend it. */
export class LedgerCorruptError extends Error {
  constructor(
    readonly blockNumber: number,
    readonly reason: string,
  ) {
    super(`ledger block ${blockNumber}: ${reason}`);
  }
}

/**
 * Blocks as JSON lines in one append-only file. A block is acknowledged only after its line is
 * written and fdatasync'd; a torn last line (crash mid-write, never acknowledged) is cut off on open.
 */
export class BlockStore {
  readonly #file: string;
  readonly #extents: Extent[] = [];
  #handle: fs.promises.FileHandle | undefined;
  #readFd: number | undefined;
  #size = 0;

  private constructor(file: string) {
    this.#file = file;
  }

  /** Opens the file, calling `onBlock` for every stored block in order. */
  static async open(file: string, onBlock: (block: Block) => void | Promise<void>): Promise<BlockStore> {
    const store = new BlockStore(file);
    if (!fs.existsSync(file)) fs.writeFileSync(file, '');
    await store.#load(onBlock);
    store.#handle = await fs.promises.open(file, 'a');
    store.#readFd = fs.openSync(file, 'r');
    return store;
  }

  get height(): number {
    return this.#extents.length;
  }

  async #load(onBlock: (block: Block) => void | Promise<void>): Promise<void> {
    const lines = readline.createInterface({ input: fs.createReadStream(this.#file), crlfDelay: Infinity });
    let offset = 0;
    let torn: number | undefined;
    for await (const line of lines) {
      if (torn !== undefined) throw new LedgerCorruptError(this.#extents.length, 'stored block is not valid JSON');
      const length = Buffer.byteLength(line) + 1;
      const block = parseLine(line);
      if (!block) {
        torn = offset;
        continue;
      }
      this.#extents.push({ offset, length });
      await onBlock(block);
      offset += length;
    }
    this.#repairTail(offset);
  }

  // Only the last line can be torn by a crash; it was never acknowledged, so it is cut off.
  #repairTail(offset: number): void {
    const size = fs.statSync(this.#file).size;
    if (size > offset) fs.truncateSync(this.#file, offset);
    if (size === offset - 1) fs.appendFileSync(this.#file, '\n');
    this.#size = offset;
  }

  /** Appends a block durably. */
  async append(block: Block): Promise<void> {
    if (!this.#handle) throw new Error('block store is closed');
    const line = `${JSON.stringify(block)}\n`;
    const bytes = Buffer.from(line);
    await this.#handle.write(bytes);
    await this.#handle.datasync();
    this.#extents.push({ offset: this.#size, length: bytes.length });
    this.#size += bytes.length;
  }

  /** Reads block `n` back from disk (throws on a line that no longer parses). */
  read(n: number): Block {
    const extent = this.#extents[n];
    if (!extent) throw new RangeError(`no block ${n}`);
    if (this.#readFd === undefined) throw new Error('block store is closed');
    const buf = Buffer.alloc(extent.length);
    for (let done = 0; done < extent.length; ) {
      const got = fs.readSync(this.#readFd, buf, done, extent.length - done, extent.offset + done);
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
