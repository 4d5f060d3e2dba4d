import { z } from 'zod';

// Runtime checks of the answer fields the repository's own tools read. Some routes do not describe
// their answer bodies in the OpenAPI document yet, so the generated types cannot promise these fields.

/** `GET /capture/{captureID}`: a capture job (the fields callers wait on). */
export const captureJobAnswer = z.looseObject({
  running: z.boolean(),
  success: z.boolean(),
  errors: z.array(z.looseObject({ index: z.number(), message: z.string() })),
  ledger: z.object({ txId: z.string() }).optional(),
});

/** `POST /capture` (202): the job that will record the document. */
export const captureAcceptedAnswer = z.looseObject({ captureID: z.string() });

/** `POST /events` (201): the transaction that recorded the event. */
export const eventRecordedAnswer = z.looseObject({ txId: z.string() });

/** `POST /admin/enterprises` and `POST /admin/keys` (201): a new API key, shown once. */
export const apiKeyAnswer = z.looseObject({ apiKey: z.string() });

/** `GET /ledger`: whether the index has applied every block. */
export const ledgerStatusAnswer = z.looseObject({ index: z.looseObject({ caughtUp: z.boolean() }) });

/** `GET /trace`: the lots reached. */
export const traceAnswer = z.looseObject({ nodes: z.array(z.unknown()) });

/** A problem+json answer's text, for messages. */
export const problemAnswer = z.looseObject({ detail: z.string().optional() });
