import crypto from 'node:crypto';
import { stableStringify } from '../../../chaincode/src/core/json';
import { identityId, verifySignature, type SigningIdentity } from './keystore';

export interface TxCreator {
  readonly mspId: string;
  readonly id: string;
  readonly publicKey: string;
}

/** A committed transaction: the signed proposal plus what it wrote and emitted. */
export interface StoredTx {
  readonly txId: string;
  readonly fn: string;
  readonly args: string;
  readonly txTime: string;
  readonly creator: TxCreator;
  readonly signature: string;
  readonly result: string;
  readonly writes: ReadonlyArray<readonly [string, string]>;
  readonly event?: { readonly name: string; readonly payload: string };
  /** The rules version the transaction ran under; absent in blocks written before versions were recorded (version 1). */
  readonly rules?: number;
}

export interface BlockHeader {
  readonly number: number;
  readonly previousHash: string;
  readonly dataHash: string;
  readonly timestamp: string;
  /** The world state's content hash after this block (state-hash.ts); absent in blocks written before it was recorded. */
  readonly state?: string;
}

export interface Block {
  readonly header: BlockHeader;
  readonly hash: string;
  readonly txs: readonly StoredTx[];
  /** The ledger key's signature over `hash` (so over the state hash too); absent in blocks written before headers were signed. */
  readonly signature?: string;
}

export const GENESIS_PREVIOUS_HASH = '0'.repeat(64);

const sha256 = (data: string | Buffer): Buffer => crypto.createHash('sha256').update(data).digest();

/** The bytes a submitter signs: everything about the proposal, nothing the ledger adds. */
export function proposalDigest(
  p: Pick<StoredTx, 'txId' | 'fn' | 'args' | 'txTime'> & { creator: Pick<TxCreator, 'mspId' | 'id'> },
): Buffer {
  return sha256(
    stableStringify({ txId: p.txId, fn: p.fn, args: p.args, txTime: p.txTime, creator: { mspId: p.creator.mspId, id: p.creator.id } }),
  );
}

export function dataHash(txs: readonly StoredTx[]): string {
  const h = crypto.createHash('sha256');
  for (const tx of txs) h.update(sha256(stableStringify(tx)));
  return h.digest('hex');
}

export function headerHash(header: BlockHeader): string {
  return sha256(stableStringify(header)).toString('hex');
}

export function makeBlock(number: number, previousHash: string, timestamp: string, txs: readonly StoredTx[], state?: string): Block {
  const header: BlockHeader = { number, previousHash, dataHash: dataHash(txs), timestamp, ...(state === undefined ? {} : { state }) };
  return { header, hash: headerHash(header), txs };
}

/** `block` signed by the ledger's own key. */
export function sealBlock(block: Block, ledgerKey: Pick<SigningIdentity, 'sign'>): Block {
  return { ...block, signature: ledgerKey.sign(Buffer.from(block.hash, 'hex')) };
}

/**
 * What is wrong with the ledger key's signature on `block`, or undefined. A block without one (and
 * without a state hash) is from before headers were signed, and may only come before every signed one.
 */
export function sealProblem(block: Block, ledgerPublicKey: string, afterSealed: boolean): string | undefined {
  if (block.signature === undefined) {
    if (afterSealed || block.header.state !== undefined) return 'block header is not signed by the ledger key';
    return undefined;
  }
  if (block.header.state === undefined) return 'signed block header carries no state hash';
  return verifySignature(ledgerPublicKey, Buffer.from(block.hash, 'hex'), block.signature)
    ? undefined
    : "block header signature is not the ledger key's";
}

function txProblem(tx: StoredTx, position: number): string | undefined {
  const name = /^CN=(.*)::SHA256=[0-9a-f]+$/.exec(tx.creator.id)?.[1];
  if (name === undefined || identityId(name, tx.creator.publicKey) !== tx.creator.id) {
    return `transaction ${position} (${tx.txId}): creator id does not match its public key`;
  }
  if (!verifySignature(tx.creator.publicKey, proposalDigest(tx), tx.signature))
    return `transaction ${position} (${tx.txId}): bad signature`;
  return undefined;
}

/** What is wrong with `block` as the successor of a block with hash `previousHash`, or undefined. */
export function blockProblem(block: Block, expectedNumber: number, previousHash: string): string | undefined {
  if (block.header.number !== expectedNumber) return `block number ${block.header.number}, expected ${expectedNumber}`;
  if (block.header.previousHash !== previousHash) return 'previous-hash link does not match the preceding block';
  if (dataHash(block.txs) !== block.header.dataHash) return 'transactions do not match the block data hash';
  if (headerHash(block.header) !== block.hash) return 'block hash does not match its header';
  for (const [i, tx] of block.txs.entries()) {
    const problem = txProblem(tx, i);
    if (problem) return problem;
  }
  return undefined;
}
