import crypto from 'node:crypto';
import type { CallOptions } from '@grpc/grpc-js';
import { CommitError, connect, hash, signers, type Contract, type Gateway, type Network } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { ConflictError, ForbiddenError, ServiceError } from '../../http/errors';
import { LedgerBase } from '../ledger-base';
import type { Checkpoint, LedgerEvent, LedgerInfo, Receipt, Signer, TxInfo, TxLimits, VerifyReport } from '../trace-ledger';
import { Connections, type PeerEndpoint } from './connections';
import { followBlocks, type EventStreamNote } from './block-events';
import { EndorseGate } from './endorse-gate';
import { chainInfo, proposedTransactionTime, transactionFromBlock } from './fabric-decode';
import { mapGatewayError, retriesExhausted, retryReasonOf, type RetryReason } from './gateway-errors';
import { PeerCatchUp } from './peer-catch-up';
import { enterpriseIdentityName, Wallet, type WalletIdentity } from './wallet';

export interface GatewayLedgerOptions {
  readonly channel: string;
  readonly chaincode: string;
  readonly peers: readonly PeerEndpoint[];
  readonly walletDir: string;
  /** Wallet names of the operator's and the regulator's identities. */
  readonly adminIdentity: string;
  readonly regulatorIdentity: string;
  /**
   * Attempts per submit, each with a fresh endorsement, when it fails on an endorsement mismatch, a
   * transient UNAVAILABLE or an MVCC/phantom read conflict at commit (default 5). Rule failures of the
   * chaincode are never retried.
   */
  readonly submitAttempts?: number;
  /** Base of the jittered exponential backoff between attempts: attempt n waits 50–100 % of base × 2^(n-1), at most 5 s (default 200 ms). */
  readonly retryBaseMs?: number;
  /** Deadlines of one submit's endorse, submit and commit-status calls; each grows by `perEventMs` per event of a RecordEvents. */
  readonly deadlines?: Partial<SubmitDeadlines>;
  /** Told about each failed attempt that will be retried, before the backoff (e.g. to log it). */
  readonly onRetry?: (retry: SubmitRetry) => void;
  /**
   * Connections in a row to the peer's block event stream that may fail (or end before a block) before
   * `events()` throws to the indexer, which starts again from its checkpoint (default 10). Between them
   * the backoff of `retryBaseMs`.
   */
  readonly eventStreamAttempts?: number;
  /** Told when the block event stream breaks (before the backoff) and when it delivers again (e.g. to log it). */
  readonly onEventStream?: (note: EventStreamNote) => void;
  /**
   * After a commit, how long to wait at most for every configured peer to have the block and, after a
   * RecordEvents, to answer one of its events from its state (see `PeerCatchUp`; default 3000 ms): the gateway
   * reports its own peer only, and a peer reports a block before it has written the block's state, so a
   * dependent write endorsed meanwhile would be judged without it (a receipt refused because its shipment is
   * "not on the ledger yet").
   */
  readonly peerCatchUpMs?: number;
  /**
   * Events of RecordEvents proposals endorsed at once (default 2000); more wait their turn before their
   * endorse deadline starts (see `EndorseGate`).
   */
  readonly endorseEventsInFlight?: number;
  /** The most events and bytes of event JSON per RecordEvents transaction (default 1,000 events, 3 MiB). */
  readonly txLimits?: TxLimits;
}

export interface SubmitDeadlines {
  /** Default 15 000 ms. */
  readonly endorseMs: number;
  /** Default 5 000 ms. */
  readonly submitMs: number;
  /** Default 60 000 ms. */
  readonly commitStatusMs: number;
  /** Added to each per event of a RecordEvents (default 50 ms: ~54 s of chaincode time was measured for 1,000 events). */
  readonly perEventMs: number;
}

/** A failed submit attempt about to be retried. */
export interface SubmitRetry {
  readonly fn: string;
  readonly reason: RetryReason;
  /** The attempt that failed (1-based) and the attempts allowed. */
  readonly attempt: number;
  readonly attempts: number;
  readonly delayMs: number;
  readonly txId?: string;
  readonly message: string;
}

/** The first event a RecordEvents recorded (not a duplicate): a key its transaction wrote. */
function firstAccepted(result: unknown): string | undefined {
  const accepted = (result as { accepted?: unknown } | null)?.accepted;
  return Array.isArray(accepted) && typeof accepted[0] === 'string' ? accepted[0] : undefined;
}

const DEFAULT_TX_LIMITS: TxLimits = { events: 1000, bytes: 3 * 1024 * 1024 };
const DEFAULT_DEADLINES: SubmitDeadlines = { endorseMs: 15_000, submitMs: 5_000, commitStatusMs: 60_000, perEventMs: 50 };
const MAX_BACKOFF_MS = 5_000;
const DEFAULT_ENDORSE_EVENTS_IN_FLIGHT = 2000;

// Deadlines as in Fabric's gateway samples.
const deadline = (seconds: number) => () => ({ deadline: Date.now() + seconds * 1000 });

/** The events a transaction carries (a RecordEvents batch), else 1. */
function itemsOf(input: unknown): number {
  const events = (input as { events?: unknown } | null)?.events;
  return Array.isArray(events) ? Math.max(1, events.length) : 1;
}

function callOptions(ms: number): CallOptions {
  return { deadline: Date.now() + ms };
}

function backoffMs(baseMs: number, attempt: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + crypto.randomInt(0, Math.floor(ceiling / 2) + 1));
}
const decoder = new TextDecoder();

/**
 * `TraceLedger` on Hyperledger Fabric through @hyperledger/fabric-gateway. Each signer is its own
 * Fabric identity from the wallet (admin, regulator, `enterprise:<id>`); the chaincode reads
 * authorship from the signature, never from an argument.
 *
 * Events: the peer's block event stream (Deliver) from the checkpoint's block, every block in order,
 * positioned as on the embedded ledger: `Checkpoint.blockNumber` is the Fabric block and `txIndex` the
 * transaction's index in it; resuming skips the transactions of that block before `txIndex`, and a
 * block-end marker after each block, eventless ones included, moves the checkpoint to the next block
 * (see `followBlocks`). The index's checkpoint, committed with its rows in Postgres, is the checkpointer.
 */
export class GatewayLedger extends LedgerBase {
  readonly mode = 'fabric' as const;
  readonly txLimits: TxLimits;
  readonly #opts: GatewayLedgerOptions;
  readonly #wallet: Wallet;
  readonly #connections: Connections;
  readonly #gateways = new Map<string, Gateway>();
  readonly #catchUp: PeerCatchUp;
  readonly #endorsing: EndorseGate;

  private constructor(opts: GatewayLedgerOptions) {
    super();
    this.#opts = opts;
    this.txLimits = opts.txLimits ?? DEFAULT_TX_LIMITS;
    this.#endorsing = new EndorseGate(opts.endorseEventsInFlight ?? DEFAULT_ENDORSE_EVENTS_IN_FLIGHT);
    this.#wallet = new Wallet(opts.walletDir);
    this.#connections = new Connections(opts.peers);
    this.#catchUp = new PeerCatchUp({
      peers: opts.peers,
      channel: opts.channel,
      chaincode: opts.chaincode,
      connections: this.#connections,
      admin: () => this.#identity({ kind: 'admin' }),
      waitMs: opts.peerCatchUpMs ?? 3000,
    });
  }

  /** Connects and makes sure the ledger is bootstrapped by the admin identity and knows the regulator. */
  static async open(opts: GatewayLedgerOptions): Promise<GatewayLedger> {
    const ledger = new GatewayLedger(opts);
    try {
      await ledger.#ensureIdentity({ kind: 'admin' }, () => ledger.submit({ kind: 'admin' }, 'Bootstrap', { name: 'Suyuan operator' }));
      const regulator = ledger.#identity({ kind: 'regulator' });
      await ledger.#ensureIdentity({ kind: 'regulator' }, () =>
        ledger.registerIdentity(
          { kind: 'admin' },
          { mspId: regulator.mspId, id: regulator.id, role: 'regulator', name: 'Market regulator' },
        ),
      );
      return ledger;
    } catch (err) {
      await ledger.close();
      throw err;
    }
  }

  async #ensureIdentity(signer: Signer, register: () => Promise<unknown>): Promise<void> {
    try {
      await this.evaluate(signer, 'WhoAmI', {});
    } catch (err) {
      if (!(err instanceof ForbiddenError)) throw err;
      await register();
    }
  }

  #name(signer: Signer): string {
    if (signer.kind === 'admin') return this.#opts.adminIdentity;
    if (signer.kind === 'regulator') return this.#opts.regulatorIdentity;
    return enterpriseIdentityName(signer.enterpriseId);
  }

  #identity(signer: Signer): WalletIdentity {
    const name = this.#name(signer);
    const found = this.#wallet.get(name);
    if (!found) throw new ForbiddenError(`no Fabric identity "${name}" in the wallet ${this.#wallet.dir}`);
    return found;
  }

  #gateway(signer: Signer): Gateway {
    const identity = this.#identity(signer);
    let gw = this.#gateways.get(identity.name);
    if (!gw) {
      gw = connect({
        client: this.#connections.client(this.#connections.peerFor(identity.mspId)),
        identity: { mspId: identity.mspId, credentials: Buffer.from(identity.certPem) },
        signer: signers.newPrivateKeySigner(crypto.createPrivateKey(identity.keyPem)),
        hash: hash.sha256,
        evaluateOptions: deadline(5),
        endorseOptions: deadline(15),
        submitOptions: deadline(5),
        commitStatusOptions: deadline(60),
      });
      this.#gateways.set(identity.name, gw);
    }
    return gw;
  }

  #network(signer: Signer): Network {
    return this.#gateway(signer).getNetwork(this.#opts.channel);
  }

  #contract(signer: Signer): Contract {
    return this.#network(signer).getContract(this.#opts.chaincode);
  }

  protected enterpriseIdentity(enterpriseId: string): Promise<{ mspId: string; id: string }> {
    const name = enterpriseIdentityName(enterpriseId);
    const found = this.#wallet.get(name);
    if (!found) {
      return Promise.reject(
        new ConflictError(
          `enterprise ${enterpriseId} has no Fabric identity: enrol one with its organisation's CA and put cert.pem, key.pem and mspId in ${this.#wallet.folder(name)} ` +
            `(on the development network: npm run cli -- fabric enroll ${enterpriseId}), then register again`,
        ),
      );
    }
    return Promise.resolve({ mspId: found.mspId, id: found.id });
  }

  protected async submitTx(signer: Signer, fn: string, input: unknown): Promise<Receipt<unknown>> {
    const attempts = this.#opts.submitAttempts ?? 5;
    const events = itemsOf(input);
    const deadlines = this.#deadlines(events);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#submitOnce(signer, fn, input, deadlines, events);
      } catch (err) {
        const reason = retryReasonOf(err);
        if (!reason) throw mapGatewayError(err);
        if (attempt >= attempts) throw retriesExhausted(err, reason, attempt);
        await this.#backOff({ fn, reason, attempt, attempts, err });
        // Peers that disagreed are at different heights: endorse again once the one behind has caught up.
        if (reason === 'endorsement-mismatch') await this.#catchUp.level();
      }
    }
  }

  async #backOff(failed: { fn: string; reason: RetryReason; attempt: number; attempts: number; err: unknown }): Promise<void> {
    const delayMs = backoffMs(this.#opts.retryBaseMs ?? 200, failed.attempt);
    const { err, ...rest } = failed;
    const txId = (err as { transactionId?: unknown }).transactionId;
    this.#opts.onRetry?.({
      ...rest,
      delayMs,
      message: err instanceof Error ? err.message : String(err),
      ...(typeof txId === 'string' ? { txId } : {}),
    });
    await new Promise((r) => setTimeout(r, delayMs));
  }

  #deadlines(events: number): SubmitDeadlines {
    const d = { ...DEFAULT_DEADLINES, ...this.#opts.deadlines };
    const extra = d.perEventMs * events;
    return {
      endorseMs: d.endorseMs + extra,
      submitMs: d.submitMs + extra,
      commitStatusMs: d.commitStatusMs + extra,
      perEventMs: d.perEventMs,
    };
  }

  /** One endorse → submit → commit status; a commit that is not VALID throws the gateway's CommitError. */
  async #submitOnce(signer: Signer, fn: string, input: unknown, deadlines: SubmitDeadlines, events: number): Promise<Receipt<unknown>> {
    const proposal = this.#contract(signer).newProposal(fn, { arguments: [JSON.stringify(input)] });
    const transaction = await this.#endorsing.run(events, () => proposal.endorse(callOptions(deadlines.endorseMs)));
    const commit = await transaction.submit(callOptions(deadlines.submitMs));
    const status = await commit.getStatus(callOptions(deadlines.commitStatusMs));
    if (!status.successful)
      throw new CommitError({
        code: status.code,
        transactionId: status.transactionId,
        message: `transaction ${status.transactionId} failed to commit with status code ${String(status.code)}`,
      });
    const result = JSON.parse(decoder.decode(transaction.getResult())) as unknown;
    await this.#catchUp.awaitBlock(Number(status.blockNumber), fn === 'RecordEvents' ? firstAccepted(result) : undefined);
    return {
      txId: status.transactionId,
      blockNumber: Number(status.blockNumber),
      txTime: proposedTransactionTime(proposal.getBytes()),
      result,
    };
  }

  protected async evaluateTx(signer: Signer, fn: string, input: unknown): Promise<unknown> {
    try {
      const bytes = await this.#contract(signer).evaluate(fn, { arguments: [JSON.stringify(input)] });
      return JSON.parse(decoder.decode(bytes)) as unknown;
    } catch (err) {
      throw mapGatewayError(err);
    }
  }

  async *events(from: Checkpoint, signal: AbortSignal): AsyncIterable<LedgerEvent> {
    if (signal.aborted) return;
    const network = this.#network({ kind: 'admin' });
    try {
      yield* followBlocks(from, signal, {
        chaincode: this.#opts.chaincode,
        open: (startBlock) => network.getBlockEvents({ startBlock: BigInt(startBlock) }),
        attempts: this.#opts.eventStreamAttempts ?? 10,
        retryBaseMs: this.#opts.retryBaseMs ?? 200,
        ...(this.#opts.onEventStream ? { onNote: this.#opts.onEventStream } : {}),
      });
    } catch (err) {
      if (!signal.aborted) throw mapGatewayError(err);
    }
  }

  /**
   * Block `n`'s header hash as Fabric computed it: the next block's previous-hash link, or for the head
   * block the chain's current block hash (qscc GetChainInfo); undefined past the head.
   */
  async blockHash(n: number): Promise<string | undefined> {
    const info = chainInfo(await this.#qscc('GetChainInfo'));
    if (!Number.isInteger(n) || n < 0 || n >= info.height) return undefined;
    if (n === info.height - 1) return info.headHash;
    const next = common.Block.deserializeBinary(await this.#qscc('GetBlockByNumber', String(n + 1)));
    return Buffer.from(next.getHeader()?.getPreviousHash_asU8() ?? []).toString('hex') || undefined;
  }

  async #qscc(fn: string, ...args: string[]): Promise<Uint8Array> {
    try {
      return await this.#network({ kind: 'admin' })
        .getContract('qscc')
        .evaluateTransaction(fn, this.#opts.channel, ...args);
    } catch (err) {
      throw mapGatewayError(err);
    }
  }

  async info(): Promise<LedgerInfo> {
    return { mode: this.mode, channel: this.#opts.channel, ...chainInfo(await this.#qscc('GetChainInfo')) };
  }

  /** Fabric peers validate every block's hashes and signatures themselves; the service does not re-verify. */
  async verify(): Promise<VerifyReport> {
    const { height } = await this.info();
    return { ok: true, height, checkedBlocks: 0, checkedTransactions: 0, supported: false };
  }

  async getTransaction(txId: string): Promise<TxInfo | undefined> {
    if (!/^[0-9a-f]{64}$/.test(txId)) return undefined;
    try {
      return transactionFromBlock(common.Block.deserializeBinary(await this.#qscc('GetBlockByTxID', txId)), txId);
    } catch (err) {
      if (err instanceof ServiceError && /not found|no such/i.test(err.message)) return undefined;
      throw err;
    }
  }

  close(): Promise<void> {
    for (const gw of this.#gateways.values()) gw.close();
    this.#catchUp.close();
    this.#gateways.clear();
    this.#connections.close();
    return Promise.resolve();
  }
}
