import { invalid } from './errors';

/** How long an enterprise has to report an incident, counted in working days in one time zone. */
export interface DeadlineRule {
  /** Working days allowed after the day of awareness (0 = by the end of that day). */
  readonly workingDays: number;
  /** IANA time zone the days are counted in, e.g. `Asia/Shanghai`. */
  readonly timeZone: string;
  /** Public holidays (`YYYY-MM-DD`, local dates) that do not count as working days. */
  readonly holidays: readonly string[];
}

interface CivilDate {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function formatter(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch {
    throw invalid(`unknown time zone ${timeZone}`);
  }
}

/** The wall-clock reading of `instantMs` in the formatter's zone, as if it were UTC. */
function wallClockMs(fmt: Intl.DateTimeFormat, instantMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(instantMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const at = (k: string): number => parts[k] ?? 0;
  return Date.UTC(at('year'), at('month') - 1, at('day'), at('hour'), at('minute'), at('second')) + (((instantMs % 1000) + 1000) % 1000);
}

/** The UTC instant whose wall-clock time in the zone is `wallMs`; in a DST gap, the instant just after. */
function instantOf(fmt: Intl.DateTimeFormat, wallMs: number): number {
  let guess = wallMs - (wallClockMs(fmt, wallMs) - wallMs);
  for (let i = 0; i < 2; i++) guess += wallMs - wallClockMs(fmt, guess);
  return guess;
}

function civilOf(ms: number): CivilDate {
  const d = new Date(ms);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

function isoDate(c: CivilDate): string {
  return `${String(c.y).padStart(4, '0')}-${String(c.m).padStart(2, '0')}-${String(c.d).padStart(2, '0')}`;
}

function checkRule(rule: DeadlineRule): void {
  if (!Number.isInteger(rule.workingDays) || rule.workingDays < 0 || rule.workingDays > 366)
    throw invalid('workingDays must be an integer from 0 to 366');
  for (const h of rule.holidays) if (!DATE_RE.test(h)) throw invalid(`holiday ${h} must be YYYY-MM-DD`);
}

/** The local date that is `workingDays` working days after `start` (weekends and holidays skipped). */
export function addWorkingDays(start: string, workingDays: number, holidays: readonly string[]): string {
  const off = new Set(holidays);
  let ms = Date.parse(`${start}T00:00:00Z`);
  for (let left = workingDays; left > 0;) {
    ms += DAY_MS;
    const weekday = new Date(ms).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !off.has(isoDate(civilOf(ms)))) left--;
  }
  return isoDate(civilOf(ms));
}

/** The local calendar date (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDate(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw invalid(`${iso} is not an ISO-8601 date-time`);
  return isoDate(civilOf(wallClockMs(formatter(timeZone), ms)));
}

/**
 * When a report is due: the last millisecond of the `workingDays`-th working day after the local
 * day of awareness, in `rule.timeZone`. Pure and deterministic for a given input.
 *
 * @example dueAt('2026-11-27T02:00:00Z', { workingDays: 2, timeZone: 'Asia/Shanghai', holidays: [] })
 *   // Friday 10:00 in Shanghai → '2026-12-01T15:59:59.999Z' (Tuesday 23:59:59.999 local)
 * @throws RuleError INVALID for a malformed instant, rule or time zone
 */
export function dueAt(awareAtIso: string, rule: DeadlineRule): string {
  checkRule(rule);
  const fmt = formatter(rule.timeZone);
  const day = addWorkingDays(localDate(awareAtIso, rule.timeZone), rule.workingDays, rule.holidays);
  const endOfDayWall = Date.parse(`${day}T00:00:00Z`) + DAY_MS - 1;
  return new Date(instantOf(fmt, endOfDayWall)).toISOString();
}
