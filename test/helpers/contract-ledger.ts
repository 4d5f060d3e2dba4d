import crypto from 'node:crypto';
import { splitEventPayload } from '../../chaincode/src/fabric-state';
import { fromLedgerMessage } from '../../server/http/errors';
import { LedgerBase } from '../../server/ledger/ledger-base';
import type { Checkpoint, LedgerEvent, LedgerInfo, Receipt, Signer, TxInfo, VerifyReport } from '../../server/ledger/trace-ledger';
import { MemoryFabric, type Endorsement } from './memory-fabric';
import { testIdentity, type TestIdentity } from './test-identities';

function signerName(signer: Signer): string {
  return signer.kind === 'enterprise' ? `enterprise:${signer.enterpriseId}` : signer.kind;
}

function failure(e: Endorsement): Error {
  return fromLedgerMessage(e.response.message) ?? new Error(e.response.message);
}

/**
 * `TraceLedger` straight over the decorated contract and the in-memory stub (no gRPC), so the
 * behaviour suite runs against the chaincode exactly as fabric-shim routes it.
 */
export class ContractLedger extends LedgerBase {
  readonly mode = 'fabric' as const;
  readonly fabric = new MemoryFabric();
  readonly #identities = new Map<string, TestIdentity>();

  static async open(): Promise<ContractLedger> {
    const ledger = new ContractLedger();
    ledger.#identities.set('admin', await testIdentity('Admin@enterprise', 'EnterpriseMSP', 'admin'));
    ledger.#identities.set('regulator', await testIdentity('User1@regulator', 'RegulatorMSP'));
    await ledger.submit({ kind: 'admin' }, 'Bootstrap', { name: 'Suyuan operator' });
    const regulator = ledger.#identity({ kind: 'regulator' });
    await ledger.registerIdentity(
      { kind: 'admin' },
      { mspId: regulator.mspId, id: regulator.id, role: 'regulator', name: 'Market regulator' },
    );
    return ledger;
  }

  /** Issues the enterprise's client certificate (what enrolment does on a real network). */
  async enroll(enterpriseId: string): Promise<void> {
    this.#identities.set(`enterprise:${enterpriseId}`, await testIdentity(`enterprise:${enterpriseId}`));
  }

  #identity(signer: Signer): TestIdentity {
    const found = this.#identities.get(signerName(signer));
    if (!found) throw new Error(`no identity for ${signerName(signer)}`);
    return found;
  }

  protected enterpriseIdentity(enterpriseId: string): Promise<{ mspId: string; id: string }> {
    const { mspId, id } = this.#identity({ kind: 'enterprise', enterpriseId });
    return Promise.resolve({ mspId, id });
  }

  #endorse(signer: Signer, fn: string, input: unknown): Promise<Endorsement> {
    const { mspId, certPem } = this.#identity(signer);
    return this.fabric.endorse({
      txId: crypto.randomBytes(32).toString('hex'),
      timestamp: new Date(),
      fn,
      arg: JSON.stringify(input),
      creator: { mspId, certPem },
    });
  }

  protected async submitTx(signer: Signer, fn: string, input: unknown): Promise<Receipt<unknown>> {
    for (let attempt = 1; ; attempt++) {
      const e = await this.#endorse(signer, fn, input);
      if (e.response.status !== 200) throw failure(e);
      const { blockNumber, status } = await this.fabric.order(e);
      if (status === 'VALID')
        return {
          txId: e.proposal.txId,
          blockNumber,
          txTime: e.proposal.timestamp.toISOString(),
          result: JSON.parse(e.response.payload.toString()) as unknown,
        };
      if (status !== 'MVCC_READ_CONFLICT' || attempt >= 3) throw new Error(`transaction ${e.proposal.txId} invalid: ${status}`);
    }
  }

  protected async evaluateTx(signer: Signer, fn: string, input: unknown): Promise<unknown> {
    const e = await this.#endorse(signer, fn, input);
    if (e.response.status !== 200) throw failure(e);
    return JSON.parse(e.response.payload.toString()) as unknown;
  }

  async *events(from: Checkpoint, signal: AbortSignal): AsyncIterable<LedgerEvent> {
    for (let n = Math.max(from.blockNumber, 0); !signal.aborted; n++) {
      await this.fabric.waitForHeight(n, signal);
      const block = this.fabric.blocks[n];
      if (!block) return;
      for (const [txIndex, tx] of block.txs.entries()) {
        if (!tx.event || (n === from.blockNumber && txIndex < from.txIndex)) continue;
        const { txTime, payload } = splitEventPayload(tx.event.payload.toString('utf8'));
        yield { blockNumber: n, txIndex, txId: tx.txId, txTime, name: tx.event.name, payload };
      }
    }
  }

  info(): Promise<LedgerInfo> {
    const head = this.fabric.blocks[this.fabric.blocks.length - 1];
    return Promise.resolve({ mode: this.mode, height: this.fabric.blocks.length, headHash: head?.hash.toString('hex') ?? '' });
  }

  verify(): Promise<VerifyReport> {
    return Promise.resolve({ ok: true, height: this.fabric.blocks.length, checkedBlocks: 0, checkedTransactions: 0, supported: false });
  }

  getTransaction(txId: string): Promise<TxInfo | undefined> {
    const found = this.fabric.find(txId);
    if (!found) return Promise.resolve(undefined);
    const { tx, block, index } = found;
    const creator = { mspId: tx.creator.mspId, id: [...this.#identities.values()].find((i) => i.certPem === tx.creator.certPem)?.id ?? '' };
    return Promise.resolve({
      txId,
      blockNumber: block.number,
      position: index,
      fn: tx.fn,
      creator,
      signature: '',
      txTime: tx.txTime,
      status: tx.status,
    });
  }

  close(): Promise<void> {
    this.fabric.close();
    return Promise.resolve();
  }
}
