import type { EventScope } from './event-access';
import { contentOf, type Applied } from './event-content';
import type { EventInput } from './events';
import { conflict, forbidden, notFound } from './errors';
import { stableStringify } from './json';
import { K, readJson } from './keys';
import type { ErrorDeclarationRecord, EventRecord } from './model';

/**
 * Records an errorDeclaration for an event already on the ledger. Only the event's own recorder
 * may declare it erroneous (a regulator corrects nothing of an enterprise's records; it recalls,
 * inspects and supervises instead). The event itself is never changed: the declaration is kept
 * beside it, once; re-sending the same declaration is a duplicate, a different one a conflict.
 */
export async function declareError(scope: EventScope, input: EventInput, stored: EventRecord | undefined): Promise<Applied> {
  const { state, staged, recorder } = scope;
  if (!stored) throw notFound(`event ${input.eventID} is not recorded; an errorDeclaration must name a recorded event`);
  if (stored.recorder !== recorder.id)
    throw forbidden(`event ${input.eventID} was recorded by ${stored.recorder}; only its recorder may declare it erroneous`);
  if (contentOf(stored.event, stored.eventID) !== contentOf(input.event, input.eventID)) {
    throw conflict(`the errorDeclaration for ${input.eventID} must repeat the recorded event unchanged (recorded in tx ${stored.txId})`);
  }
  const errorDeclaration = input.event.errorDeclaration as Readonly<Record<string, unknown>>;
  const key = state.key(K.declaration, [input.eventID]);
  const existing = await readJson<ErrorDeclarationRecord>(staged, key);
  if (existing) {
    if (stableStringify(existing.errorDeclaration) === stableStringify(errorDeclaration)) return { duplicate: true };
    throw conflict(
      `event ${input.eventID} was already declared erroneous by ${existing.declaredBy} at ${existing.declaredAt} (tx ${existing.txId})`,
    );
  }
  const declaration: ErrorDeclarationRecord = {
    eventID: input.eventID,
    declaredBy: recorder.id,
    declaredAt: state.txTime,
    txId: state.txId,
    errorDeclaration,
  };
  staged.put(key, stableStringify(declaration));
  const event = { ...stored.event, errorDeclaration };
  const record: EventRecord = {
    eventID: input.eventID,
    txId: state.txId,
    recorder: recorder.id,
    recordTime: state.txTime,
    event,
    isErrorDeclaration: true,
    parties: stored.parties ?? [stored.recorder],
  };
  return { duplicate: false, record: stableStringify(record), objects: [] };
}
