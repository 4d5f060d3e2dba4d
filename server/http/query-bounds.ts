import { z } from './openapi';

/** Earliest instant a time filter accepts: Postgres has no year 0, so `0000-…` never reaches SQL. */
export const EARLIEST_INSTANT = '0001-01-01T00:00:00.000Z';
/** Latest instant a time filter accepts: four-digit years, which every client and Postgres agree on. */
export const LATEST_INSTANT = '9999-12-31T23:59:59.999Z';
/** Deepest `offset` a list route accepts: an offset is paid for by scanning that many rows. */
export const MAX_OFFSET = 100_000;
/** Largest block, transaction index or position a page token may carry (Postgres `integer`). */
export const MAX_INT32 = 2 ** 31 - 1;

const earliest = Date.parse(EARLIEST_INSTANT);
const latest = Date.parse(LATEST_INSTANT);

/** Widest zone offset accepted, in minutes: ±14:00 is the widest in use (Postgres refuses beyond ±15:59). */
export const MAX_ZONE_OFFSET_MINUTES = 14 * 60;

function zoneOffsetMinutes(dateTime: string): number {
  const match = /([+-])(\d\d):(\d\d)$/.exec(dateTime);
  return match ? Number(match[2]) * 60 + Number(match[3]) : 0;
}

/**
 * An ISO 8601 date-time with a zone whose instant lies between 0001-01-01T00:00:00Z and
 * 9999-12-31T23:59:59.999Z and whose offset is at most ±14:00, so that the database never sees a
 * date it cannot take.
 */
export const instantParam = z.iso
  .datetime({ offset: true, error: 'an ISO 8601 date-time with time zone' })
  .refine((v) => zoneOffsetMinutes(v) <= MAX_ZONE_OFFSET_MINUTES, 'a zone offset between -14:00 and +14:00')
  .refine((v) => {
    const at = Date.parse(v);
    return at >= earliest && at <= latest;
  }, `a date-time between ${EARLIEST_INSTANT} and ${LATEST_INSTANT}`)
  .describe(`ISO 8601 date-time with time zone (offset within ±14:00), ${EARLIEST_INSTANT.slice(0, 10)} to ${LATEST_INSTANT.slice(0, 10)}`);

/** `offset` of a list route: 0 to MAX_OFFSET. */
export const offsetParam = z.coerce.number().int().min(0).max(MAX_OFFSET).default(0).describe(`rows to skip (0-${MAX_OFFSET})`);
