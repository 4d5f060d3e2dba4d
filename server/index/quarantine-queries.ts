import type { Knex } from 'knex';

/** A ledger event the indexer moved past because its rows could not be written. */
export interface QuarantinedEvent {
  readonly blockNumber: number;
  readonly txIndex: number;
  readonly txId: string;
  readonly eventName: string;
  readonly eventIds: readonly string[];
  readonly payloadSummary: string;
  readonly payloadBytes: number;
  readonly errorCode: string | null;
  readonly errorMessage: string;
  readonly quarantinedAt: string;
}

/** Records one quarantined event; call inside the transaction that moves the checkpoint past it. */
export async function insertQuarantined(
  trx: Knex.Transaction,
  q: Omit<QuarantinedEvent, 'quarantinedAt'> & { readonly quarantinedAt: Date },
): Promise<void> {
  await trx('index_quarantine')
    .insert({
      block_number: q.blockNumber,
      tx_index: q.txIndex,
      tx_id: q.txId,
      event_name: q.eventName,
      event_ids: JSON.stringify(q.eventIds),
      payload_summary: q.payloadSummary,
      payload_bytes: q.payloadBytes,
      error_code: q.errorCode,
      error_message: q.errorMessage,
      quarantined_at: q.quarantinedAt,
    })
    .onConflict(['block_number', 'tx_index'])
    .ignore();
}

export async function countQuarantined(knex: Knex): Promise<number> {
  const row = await knex('index_quarantine').count<Array<{ n: string | number }>>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Quarantined events in ledger order. */
export async function listQuarantined(knex: Knex, page: { readonly limit: number; readonly offset: number }): Promise<QuarantinedEvent[]> {
  const rows = await knex('index_quarantine')
    .select('*')
    .orderBy([{ column: 'block_number' }, { column: 'tx_index' }])
    .limit(page.limit)
    .offset(page.offset);
  return rows.map((r) => ({
    blockNumber: Number(r.block_number),
    txIndex: r.tx_index,
    txId: r.tx_id,
    eventName: r.event_name,
    eventIds: r.event_ids,
    payloadSummary: r.payload_summary,
    payloadBytes: r.payload_bytes,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    quarantinedAt: new Date(r.quarantined_at).toISOString(),
  }));
}
