import { z } from './openapi';

/** Whether the index had a ledger write when it was answered (see write-answer.ts). */
export const indexAnswerShape = {
  indexed: z.boolean().describe('false when the write is on the ledger but not yet (or not) in the index'),
  indexStatus: z.enum(['pending', 'quarantined']).optional().describe('with indexed: false, why (header Suyuan-Index says the same)'),
};

/** Where a write landed on the ledger. */
export const receiptShape = {
  txId: z.string().describe('ledger transaction id'),
  blockNumber: z.number().int().describe('block holding the transaction'),
};

/** A ledger record, answered as the chaincode stored it (fields per record type; see the chaincode rules). */
export function ledgerRecord(name: string, description: string): z.ZodType {
  return z.record(z.string(), z.unknown()).describe(description).openapi(name);
}

/** An HTML page, as routes that answer browsers document it. */
export const htmlPage = z.string().describe('an HTML document').openapi('HtmlPage');

/** The headers of a ledger write that may answer 202 (write-answer.ts). */
export const writeHeaders = {
  'Suyuan-Index': 'pending or quarantined, with 202: the write is on the ledger but not (yet) in the index',
} as const;

/** The 202 every ledger write may answer, with the body of its success answer. */
export function notIndexed(
  schema: z.ZodType,
  example?: Readonly<Record<string, unknown>>,
): {
  readonly 202: {
    readonly description: string;
    readonly schema: z.ZodType;
    readonly example?: unknown;
    readonly headers: typeof writeHeaders;
  };
} {
  return {
    202: {
      description:
        'On the ledger, but not in the index within INDEX_WAIT_MS (`indexed: false`, `indexStatus: "pending"`) or quarantined by it (`"quarantined"`)',
      schema,
      ...(example !== undefined ? { example: { ...example, indexed: false, indexStatus: 'pending' } } : {}),
      headers: writeHeaders,
    },
  };
}
