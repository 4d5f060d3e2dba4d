import type { Response } from 'express';

/**
 * Answers a ledger write: 201 once the index has it; 202 with `indexed: false` and the header
 * `Suyuan-Index: pending|quarantined` (instead of 201, or 200 for a state change) when the write is on the ledger but the index did not have it
 * within INDEX_WAIT_MS (reads may not show it yet) or set it aside (GET /ledger/quarantine).
 */
export function answerWrite(
  res: Response,
  out: { readonly indexed?: unknown; readonly indexStatus?: unknown },
  opts: { readonly location?: string; readonly status?: 200 | 201 } = {},
): void {
  if (opts.location) res.location(opts.location);
  const indexed = out.indexed !== false;
  if (!indexed) res.setHeader('Suyuan-Index', out.indexStatus === 'quarantined' ? 'quarantined' : 'pending');
  res.status(indexed ? (opts.status ?? 201) : 202).json(out);
}
