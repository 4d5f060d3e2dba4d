import { MAX_INT32 } from '../../http/query-bounds';
import { z } from '../../http/openapi';
import type { EventRow, PageCursor } from './events-queries';

const position = z.number().int().min(0).max(MAX_INT32);
const cursorSchema = z.object({ b: position, t: position, p: position }).strict();

function decode(token: string): unknown {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * `nextPageToken` as the client sends it, decoded to the ledger position the page starts after.
 * Each number is checked against the column it is compared with (block, transaction index and
 * position all 0..2^31-1), so no token, however crafted, reaches SQL out of range.
 */
export const pageTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,200}$/, 'a token from a previous answer')
  .transform((token, ctx): PageCursor => {
    const parsed = cursorSchema.safeParse(decode(token));
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: 'not a token this service issued' });
    return z.NEVER;
  });

/** The token for the page after `row`. */
export function encodePageToken(row: Pick<EventRow, 'block_number' | 'tx_index' | 'position'>): string {
  return Buffer.from(JSON.stringify({ b: Number(row.block_number), t: row.tx_index, p: row.position })).toString('base64url');
}
