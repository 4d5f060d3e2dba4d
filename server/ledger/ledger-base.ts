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
} from '../../chaincode/src/core';
import { NotFoundError } from '../http/errors';
import type { Checkpoint, LedgerEvent, LedgerInfo, Receipt, Signer, TraceLedger, TxInfo, VerifyReport } from './trace-ledger';

/** Domain-named methods over the two primitives every adapter provides: submit and evaluate. */
export abstract class LedgerBase implements TraceLedger {
  abstract readonly mode: 'embedded' | 'fabric';
  abstract submit<T>(signer: Signer, fn: string, input: unknown): Promise<Receipt<T>>;
  abstract evaluate<T>(signer: Signer, fn: string, input: unknown): Promise<T>;
  abstract events(from: Checkpoint, signal: AbortSignal): AsyncIterable<LedgerEvent>;
  abstract info(): Promise<LedgerInfo>;
  abstract verify(): Promise<VerifyReport>;
  abstract getTransaction(txId: string): Promise<TxInfo | undefined>;
  abstract close(): Promise<void>;
  /** The ledger identity an enterprise will sign with (created when the backend can). */
  protected abstract enterpriseIdentity(enterpriseId: string): Promise<{ mspId: string; id: string }>;

  async registerEnterprise(signer: Signer, input: Omit<RegisterEnterpriseInput, 'identity'>): Promise<Receipt<EnterpriseRecord>> {
    const identity = await this.enterpriseIdentity(input.id);
    return this.submit<EnterpriseRecord>(signer, 'RegisterEnterprise', { ...input, identity });
  }

  registerIdentity(signer: Signer, input: RegisterIdentityInput): Promise<Receipt<IdentityRecord>> {
    return this.submit<IdentityRecord>(signer, 'RegisterIdentity', input);
  }

  recordEvents(signer: Signer, input: RecordEventsInput): Promise<Receipt<RecordEventsResult>> {
    return this.submit<RecordEventsResult>(signer, 'RecordEvents', input);
  }

  openRecall(signer: Signer, input: OpenRecallInput): Promise<Receipt<RecallRecord>> {
    return this.submit<RecallRecord>(signer, 'OpenRecall', input);
  }

  async getEvent(eventID: string): Promise<EventRecord | undefined> {
    return this.orUndefined(() => this.evaluate<EventRecord>({ kind: 'admin' }, 'GetEvent', { eventID }));
  }

  async getObject(id: string): Promise<ObjectState | undefined> {
    return this.orUndefined(() => this.evaluate<ObjectState>({ kind: 'admin' }, 'GetObject', { id }));
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
