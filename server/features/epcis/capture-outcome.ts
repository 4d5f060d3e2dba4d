import type { RecordEventsResult } from '../../../chaincode/src/core/events';
import type { JobDuplicate } from './capture-job-queries';
import type { CaptureError, PreparedEvent } from './prepare-events';

/** The events the ledger's rules refused in a proceed transaction, at their places in the document. */
export function rejectedErrors(prepared: readonly PreparedEvent[], result: RecordEventsResult): CaptureError[] {
  return result.rejected.map((r) => {
    const original = prepared[r.index];
    return {
      index: original?.index ?? r.index,
      eventID: r.eventID,
      path: `epcisBody.eventList[${original?.index ?? r.index}]`,
      message: r.message,
      code: r.code,
    };
  });
}

/** Events the ledger already had with identical content, by their place in the document: retries, not errors. */
export function duplicatesOf(prepared: readonly PreparedEvent[], result: RecordEventsResult): JobDuplicate[] {
  const rejectedAt = new Set(result.rejected.map((r) => r.index));
  const accepted = new Set(result.accepted);
  const duplicate = new Set(result.duplicates ?? []);
  const taken = new Set<string>();
  return prepared.flatMap((p, i) => {
    if (rejectedAt.has(i) || !duplicate.has(p.eventID)) return [];
    if (accepted.has(p.eventID) && !taken.has(p.eventID)) {
      taken.add(p.eventID);
      return [];
    }
    return [{ index: p.index, eventID: p.eventID }];
  });
}
