import zlib from 'node:zlib';
import type { Block, StoredTx } from './block';

/**
 * How a block is written as one line of the block file. A transaction's proposal arguments, result,
 * write set and chaincode event are stored together as one raw-deflate stream (base64, field `body`):
 * the write set and the event repeat the proposal's event JSON, and in the stream they are
 * back-references into the proposal's bytes rather than copies, so each event is stored once.
 * Everything the ledger hashes and signs is the decoded transaction, so the encoding changes no hash;
 * transactions written before it (with `args`, `result`, `writes`, `event` in the clear) are read as they are.
 */

type Body = [args: string, result: string, writes: Array<[string, string]>, event: { name: string; payload: string } | null];
type EncodedTx = Omit<StoredTx, 'args' | 'result' | 'writes' | 'event'> & { readonly body: string };
type StoredLine = Omit<Block, 'txs'> & { readonly txs: ReadonlyArray<StoredTx | EncodedTx> };

// Level 1: most of the gain (the repeats are long) at a fraction of the default level's time.
const LEVEL = 1;

function encodeTx(tx: StoredTx): EncodedTx {
  const { args, result, writes, event, ...rest } = tx;
  const body: Body = [args, result, writes.map(([k, v]) => [k, v]), event ? { name: event.name, payload: event.payload } : null];
  return { ...rest, body: zlib.deflateRawSync(JSON.stringify(body), { level: LEVEL }).toString('base64') };
}

function isBody(value: unknown): value is Body {
  if (!Array.isArray(value) || value.length !== 4) return false;
  const [args, result, writes, event] = value as unknown[];
  const pairs =
    Array.isArray(writes) &&
    writes.every((w) => Array.isArray(w) && w.length === 2 && typeof w[0] === 'string' && typeof w[1] === 'string');
  const isEvent =
    event === null ||
    (typeof event === 'object' &&
      typeof (event as { name?: unknown }).name === 'string' &&
      typeof (event as { payload?: unknown }).payload === 'string');
  return typeof args === 'string' && typeof result === 'string' && pairs && isEvent;
}

function decodeTx(tx: StoredTx | EncodedTx): StoredTx {
  if (!('body' in tx)) return tx;
  const { body, ...rest } = tx;
  const decoded: unknown = JSON.parse(zlib.inflateRawSync(Buffer.from(body, 'base64')).toString('utf8'));
  if (!isBody(decoded)) throw new Error('a stored transaction body is not arguments, result, writes and event');
  const [args, result, writes, event] = decoded;
  return { ...rest, args, result, writes, ...(event ? { event } : {}) };
}

/** The line (without its newline) that stores `block`. */
export function encodeBlockLine(block: Block): string {
  const line: StoredLine = { ...block, txs: block.txs.map(encodeTx) };
  return JSON.stringify(line);
}

/** The block a line stores, or what is wrong with it. */
export function decodeBlockLine(line: string): { block: Block } | { problem: string } {
  let stored: StoredLine;
  try {
    stored = JSON.parse(line) as StoredLine;
  } catch {
    return { problem: 'stored block is not valid JSON' };
  }
  if (typeof stored?.header?.number !== 'number' || !Array.isArray(stored.txs)) return { problem: 'stored block is not valid JSON' };
  try {
    return { block: { ...stored, txs: stored.txs.map(decodeTx) } };
  } catch (err) {
    return { problem: `a stored transaction does not decode (${err instanceof Error ? err.message : 'unknown error'})` };
  }
}

/** The block a line stores; throws when it stores none (for tools and tests that read the file). */
export function parseBlockLine(line: string): Block {
  const decoded = decodeBlockLine(line);
  if ('problem' in decoded) throw new Error(decoded.problem);
  return decoded.block;
}
