/** Who submitted the transaction, as the ledger itself attests it (Fabric: ctx.clientIdentity). */
export interface Creator {
  /** MSP (organisation) id, e.g. `EnterpriseMSP`. */
  readonly mspId: string;
  /** Stable identity id within the MSP (Fabric: `x509::subject::issuer`). */
  readonly id: string;
}

/**
 * The narrow view of a ledger the rules in `core/` run against. The Fabric contract adapts
 * `ctx.stub`/`ctx.clientIdentity` to it; the embedded ledger adapts its world state.
 *
 * Implementations must be deterministic for a given transaction: `txTime` comes from the
 * transaction proposal, never from the local clock.
 *
 * @example
 * const raw = await state.get(state.key('ent', [enterpriseId]));
 */
export interface LedgerState {
  /** Transaction id (unique per transaction). */
  readonly txId: string;
  /** Transaction timestamp, ISO-8601 UTC with milliseconds. */
  readonly txTime: string;
  /** The identity that signed the transaction. */
  readonly creator: Creator;
  /** Reads a committed value; `undefined` when absent. A transaction does not see its own writes here. */
  get(key: string): Promise<string | undefined>;
  /** Writes a value; visible to later transactions only. */
  put(key: string, value: string): Promise<void>;
  /** All committed entries whose composite key starts with `type` + `attrs`, in key order. */
  scan(type: string, attrs: readonly string[]): AsyncIterable<readonly [key: string, value: string]>;
  /** Builds a composite key; keys from `scan` use the same encoding. */
  key(type: string, attrs: readonly string[]): string;
  /** Sets the transaction's single event; a second call replaces the first (as Fabric does). */
  emit(name: string, payload: string): void;
  /**
   * The rules version the transaction runs under: absent for a new transaction (the current
   * version); an earlier version when a ledger re-executes a transaction it recorded under it.
   */
  readonly rules?: number;
}
