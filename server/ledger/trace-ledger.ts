import type {
  EnterpriseRecord,
  EventRecord,
  IdentityRecord,
  ObjectState,
  OpenRecallInput,
  RecallRecord,
  RecordEventsInput,
  RecordEventsResult,
  RegisterEnterpriseInput,
  RegisterIdentityInput,
  SubmitName,
  EvaluateName,
  Input,
  Output,
} from '../../chaincode/src/core';

/** Which ledger identity signs a transaction: the operator (admin), a regulator, or one enterprise. */
export type Signer =
  { readonly kind: 'admin' } | { readonly kind: 'regulator' } | { readonly kind: 'enterprise'; readonly enterpriseId: string };

/** Proof that a transaction is on the ledger. */
export interface Receipt<T> {
  readonly txId: string;
  readonly blockNumber: number;
  readonly txTime: string;
  readonly result: T;
}

/** One chaincode event, in ledger order; `(blockNumber, txIndex)` is its checkpoint position. */
export interface LedgerEvent {
  readonly blockNumber: number;
  readonly txIndex: number;
  readonly txId: string;
  readonly txTime: string;
  readonly name: string;
  readonly payload: string;
}

/**
 * Name of the marker an adapter may yield after the last event of a block (`txIndex` = the
 * block's transaction count); it carries no payload and lets the index checkpoint whole blocks.
 */
export const BLOCK_END = '';

/** Where an event stream resumes: the first (blockNumber, txIndex) not yet processed. */
export interface Checkpoint {
  readonly blockNumber: number;
  readonly txIndex: number;
}

export interface LedgerInfo {
  readonly mode: 'embedded' | 'fabric';
  readonly height: number;
  readonly headHash: string;
  readonly channel?: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly height: number;
  readonly checkedBlocks: number;
  readonly checkedTransactions: number;
  /** The first block that does not verify, with what is wrong. */
  readonly firstBadBlock?: { readonly number: number; readonly reason: string };
  readonly supported: boolean;
  /**
   * Embedded ledger: 'fast' checked headers, links, data hashes, every signature and the state store
   * against its signed checkpoint; 'deep' also re-executed every block (docs/guarantees.md).
   */
  readonly depth?: 'fast' | 'deep';
  /** Embedded ledger: the last time blocks were re-executed into the state (blocks `since`..`through`). */
  readonly reexecuted?: { readonly since: number; readonly through: number; readonly at: string; readonly by: 'open' | 'deep verify' };
  /** Embedded ledger: entries of the state store hashed against its checkpoint. */
  readonly stateEntries?: number;
  /** Embedded ledger, deep: EPCIS events re-executed. */
  readonly reexecutedEvents?: number;
}

export interface VerifyProgress {
  readonly blocks: number;
  readonly height: number;
  readonly transactions: number;
  readonly events: number;
}

export interface VerifyOptions {
  /** Re-execute every block too (embedded ledger; other adapters ignore it). */
  readonly deep?: boolean;
  /** Called after each block re-executed by a deep verify. */
  readonly onProgress?: (progress: VerifyProgress) => void;
}

export interface TxInfo {
  readonly txId: string;
  readonly blockNumber: number;
  readonly position: number;
  readonly fn: string;
  readonly creator: { readonly mspId: string; readonly id: string };
  readonly signature: string;
  readonly txTime: string;
  readonly status: string;
}

/** The most events, and bytes of their JSON, one RecordEvents transaction carries. */
export interface TxLimits {
  readonly events: number;
  readonly bytes: number;
}

/**
 * The permissioned ledger Suyuan writes to. Every write runs the shared rules in
 * `chaincode/src/core` and returns only once the transaction is durably committed.
 *
 * Implementations: `EmbeddedLedger` (default, in-process, signed hash-chained blocks) and
 * `GatewayLedger` (Hyperledger Fabric through @hyperledger/fabric-gateway).
 *
 * @throws ServiceError subclasses: ForbiddenError / ConflictError / InputError / NotFoundError for
 *   rule failures (the chaincode's message preserved), UnavailableError when the ledger cannot be reached.
 * @example
 * const receipt = await ledger.recordEvents({ kind: 'enterprise', enterpriseId: 'farm-a' }, { events });
 * console.log(receipt.blockNumber, receipt.result.accepted.length);
 */
export interface TraceLedger {
  readonly mode: 'embedded' | 'fabric';
  /**
   * How much one RecordEvents transaction may carry, when the ledger bounds it (Fabric: the orderer's
   * AbsoluteMaxBytes); absent when any document fits in one transaction (the embedded ledger).
   */
  readonly txLimits?: TxLimits;
  /** Registers an enterprise and binds it to a fresh ledger identity of its own. */
  registerEnterprise(signer: Signer, input: Omit<RegisterEnterpriseInput, 'identity'>): Promise<Receipt<EnterpriseRecord>>;
  /** Registers an admin or regulator identity. */
  registerIdentity(signer: Signer, input: RegisterIdentityInput): Promise<Receipt<IdentityRecord>>;
  /** Records a batch of EPCIS events in one transaction (all or nothing unless `proceed`). */
  recordEvents(signer: Signer, input: RecordEventsInput): Promise<Receipt<RecordEventsResult>>;
  /** Opens a recall and marks its scope recalled in ledger state. */
  openRecall(signer: Signer, input: OpenRecallInput): Promise<Receipt<RecallRecord>>;
  /** Runs any submit transaction of the chaincode by name, typed by the registry in `chaincode/src/core/transactions.ts`. */
  submit<K extends SubmitName>(signer: Signer, fn: K, input: Input<K>): Promise<Receipt<Output<K>>>;
  /** Runs a read-only chaincode query, typed by the same registry. */
  evaluate<K extends EvaluateName>(signer: Signer, fn: K, input: Input<K>): Promise<Output<K>>;
  getEvent(eventID: string): Promise<EventRecord | undefined>;
  getObject(id: string): Promise<ObjectState | undefined>;
  /** Chaincode events from `from` on, in order; waits for new ones until `signal` aborts. */
  events(from: Checkpoint, signal: AbortSignal): AsyncIterable<LedgerEvent>;
  info(): Promise<LedgerInfo>;
  verify(opts?: VerifyOptions): Promise<VerifyReport>;
  getTransaction(txId: string): Promise<TxInfo | undefined>;
  /**
   * The hash of committed block `n` (undefined past the head). Optional: an adapter that cannot read
   * block hashes leaves it out, and inspection draws (which take their seed from one) are refused.
   */
  blockHash?(n: number): Promise<string | undefined>;
  close(): Promise<void>;
}
