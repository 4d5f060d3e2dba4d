import type { Context } from 'fabric-contract-api';
import type { Creator, LedgerState } from './core/state';

/**
 * Separates the transaction time from the core payload in a chaincode event's bytes. Fabric's
 * chaincode events carry no timestamp, so the contract sends `txTime + '\n' + payload`; the
 * gateway adapter splits it again (`splitEventPayload`). ISO times never contain a newline.
 */
export const EVENT_TIME_SEPARATOR = '\n';

/** Joins the transaction time and the core payload into the bytes of a chaincode event. */
export function joinEventPayload(txTime: string, payload: string): string {
  return `${txTime}${EVENT_TIME_SEPARATOR}${payload}`;
}

/** Splits chaincode event bytes made by `joinEventPayload`; bytes without a time keep `txTime` empty. */
export function splitEventPayload(text: string): { txTime: string; payload: string } {
  const at = text.indexOf(EVENT_TIME_SEPARATOR);
  if (at < 0 || !/^\d{4}-\d{2}-\d{2}T/.test(text)) return { txTime: '', payload: text };
  return { txTime: text.slice(0, at), payload: text.slice(at + 1) };
}

interface FabricTimestamp {
  readonly seconds: number | { toNumber(): number };
  readonly nanos: number;
}

/** The proposal's timestamp as ISO-8601 UTC with milliseconds (the same on every endorser). */
export function isoTxTime(ts: FabricTimestamp): string {
  const seconds = typeof ts.seconds === 'number' ? ts.seconds : ts.seconds.toNumber();
  return new Date(seconds * 1000 + Math.floor(ts.nanos / 1e6)).toISOString();
}

/**
 * `LedgerState` over a Fabric transaction context: the creator is what the peer attests
 * (`ctx.clientIdentity`), never an argument; keys are Fabric composite keys.
 */
export class FabricState implements LedgerState {
  readonly txId: string;
  readonly txTime: string;
  readonly creator: Creator;
  readonly #ctx: Context;

  constructor(ctx: Context) {
    this.#ctx = ctx;
    this.txId = ctx.stub.getTxID();
    this.txTime = isoTxTime(ctx.stub.getTxTimestamp());
    this.creator = { mspId: ctx.clientIdentity.getMSPID(), id: ctx.clientIdentity.getID() };
  }

  async get(key: string): Promise<string | undefined> {
    const bytes = await this.#ctx.stub.getState(key);
    return bytes && bytes.length > 0 ? Buffer.from(bytes).toString('utf8') : undefined;
  }

  async put(key: string, value: string): Promise<void> {
    await this.#ctx.stub.putState(key, Buffer.from(value, 'utf8'));
  }

  async *scan(type: string, attrs: readonly string[]): AsyncIterable<readonly [string, string]> {
    const iterator = await this.#ctx.stub.getStateByPartialCompositeKey(type, [...attrs]);
    try {
      for (let next = await iterator.next(); !next.done && next.value; next = await iterator.next()) {
        yield [next.value.key, Buffer.from(next.value.value).toString('utf8')];
      }
    } finally {
      await iterator.close();
    }
  }

  key(type: string, attrs: readonly string[]): string {
    return this.#ctx.stub.createCompositeKey(type, [...attrs]);
  }

  emit(name: string, payload: string): void {
    this.#ctx.stub.setEvent(name, Buffer.from(joinEventPayload(this.txTime, payload), 'utf8'));
  }
}
