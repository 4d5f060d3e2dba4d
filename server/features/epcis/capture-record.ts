import type { RecordEventsResult } from '../../../chaincode/src/core/events';
import type { Deps } from '../../deps';
import type { Receipt } from '../../ledger/trace-ledger';
import { signerOf, type Principal } from '../auth/principal';
import { INDEX_WAIT_MS } from './capture-reconcile';
import type { PreparedEvent } from './prepare-events';

/**
 * Records one transaction's events and waits until the index holds them (or INDEX_WAIT_MS passes),
 * timing both stages in `suyuan_capture_stage_seconds`: what a capture job waits for, split where an
 * operator would look first.
 */
export async function recordIndexed(
  deps: Deps,
  principal: Principal,
  events: readonly Pick<PreparedEvent, 'eventID' | 'event'>[],
  proceed: boolean,
): Promise<Receipt<RecordEventsResult>> {
  const onLedger = deps.metrics.captureStage.startTimer({ stage: 'ledger' });
  const receipt = await deps.ledger.recordEvents(signerOf(principal), {
    events: events.map(({ eventID, event }) => ({ eventID, event })),
    proceed,
  });
  onLedger();
  const indexed = deps.metrics.captureStage.startTimer({ stage: 'index' });
  await deps.indexer.waitForTx(receipt.txId, receipt.blockNumber, INDEX_WAIT_MS);
  indexed();
  deps.metrics.eventsRecorded.inc(receipt.result.accepted.length);
  return receipt;
}
