import crypto from 'node:crypto';
import { stableStringify } from '../../../chaincode/src/core/json';
import { identityId, verifySignature } from './keystore';

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
}

export interface Block {
  readonly header: BlockHeader;
  readonly hash: string;
  readonly txs: readonly StoredTx[];
}

export const GENESIS_PREVIOUS_HASH = '0'.repeat(64);

const sha256 = (data: string | Buffer): Buffer => crypto.createHash('sha256').update(data).digest();

/** The bytes a submitter signs: everything about the proposal, nothing the ledger adds. */
export function proposalDigest(p: Pick<StoredTx, 'txId' | 'fn' | 'args' | 'txTime'> & { creator: Pick<TxCreator, 'mspId' | 'id'> }): Buffer {
  return sha256(stableStringify({ txId: p.txId, fn: p.fn, args: p.args, txTime: p.txTime, creator: { mspId: p.creator.mspId, id: p.creator.id } }));
}

export function dataHash(txs: readonly StoredTx[]): string {
  const h = crypto.createHash('sha256');
  for (const tx of txs) h.update(sha256(stableStringify(tx)));
  return h.digest('hex');
}

export function headerHash(header: BlockHeader): string {
  return sha256(stableStringify(header)).toString('hex');
}

export function makeBlock(number: number, previousHash: string, timestamp: string, txs: readonly StoredTx[]): Block {
  const header: BlockHeader = { number, previousHash, dataHash: dataHash(txs), timestamp };
  return { header, hash: headerHash(header), txs };
}

function txProblem(tx: StoredTx, position: number): string | undefined {
  const name = /^CN=(.*)::SHA256=[0-9a-f]+$/.exec(tx.creator.id)?.[1];
  if (name === undefined || identityId(name, tx.creator.publicKey) !== tx.creator.id) {
    return `transaction ${position} (${tx.txId}): creator id does not match its public key`;
  }
  if (!verifySignature(tx.creator.publicKey, proposalDigest(tx), tx.signature)) return `transaction ${position} (${tx.txId}): bad signature`;
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
