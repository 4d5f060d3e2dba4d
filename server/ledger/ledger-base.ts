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
import { NotFoundError } from '../http/errors';
import type {
  Checkpoint,
  LedgerEvent,
  LedgerInfo,
  Receipt,
  Signer,
  TraceLedger,
  TxInfo,
  VerifyOptions,
  VerifyReport,
} from './trace-ledger';

/** Domain-named methods over the two primitives every adapter provides: submit and evaluate. */
export abstract class LedgerBase implements TraceLedger {
  abstract readonly mode: 'embedded' | 'fabric';
  /** Submits transaction `fn` with its JSON argument; the result is the chaincode's decoded JSON. */
  protected abstract submitTx(signer: Signer, fn: string, input: unknown): Promise<Receipt<unknown>>;
  /** Evaluates query `fn` with its JSON argument. */
  protected abstract evaluateTx(signer: Signer, fn: string, input: unknown): Promise<unknown>;
  abstract events(from: Checkpoint, signal: AbortSignal): AsyncIterable<LedgerEvent>;
  abstract info(): Promise<LedgerInfo>;
  abstract verify(opts?: VerifyOptions): Promise<VerifyReport>;
  abstract getTransaction(txId: string): Promise<TxInfo | undefined>;
  abstract close(): Promise<void>;
  /** The ledger identity an enterprise will sign with (created when the backend can). */
  protected abstract enterpriseIdentity(enterpriseId: string): Promise<{ mspId: string; id: string }>;

  // The one place a ledger's untyped JSON answer takes the registry's type: the rules in core produced it.
  submit<K extends SubmitName>(signer: Signer, fn: K, input: Input<K>): Promise<Receipt<Output<K>>> {
    return this.submitTx(signer, fn, input) as Promise<Receipt<Output<K>>>;
  }

  evaluate<K extends EvaluateName>(signer: Signer, fn: K, input: Input<K>): Promise<Output<K>> {
    return this.evaluateTx(signer, fn, input) as Promise<Output<K>>;
  }

  async registerEnterprise(signer: Signer, input: Omit<RegisterEnterpriseInput, 'identity'>): Promise<Receipt<EnterpriseRecord>> {
    const identity = await this.enterpriseIdentity(input.id);
    return this.submit(signer, 'RegisterEnterprise', { ...input, identity });
  }

  registerIdentity(signer: Signer, input: RegisterIdentityInput): Promise<Receipt<IdentityRecord>> {
    return this.submit(signer, 'RegisterIdentity', input);
  }

  recordEvents(signer: Signer, input: RecordEventsInput): Promise<Receipt<RecordEventsResult>> {
    return this.submit(signer, 'RecordEvents', input);
  }

  openRecall(signer: Signer, input: OpenRecallInput): Promise<Receipt<RecallRecord>> {
    return this.submit(signer, 'OpenRecall', input);
  }

  async getEvent(eventID: string): Promise<EventRecord | undefined> {
    return this.orUndefined(() => this.evaluate({ kind: 'admin' }, 'GetEvent', { eventID }));
  }

  async getObject(id: string): Promise<ObjectState | undefined> {
    return this.orUndefined(() => this.evaluate({ kind: 'admin' }, 'GetObject', { id }));
  }

  private async orUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }
}
