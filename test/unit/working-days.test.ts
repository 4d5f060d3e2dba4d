import { RuleError } from '../../chaincode/src/core/errors';
import { addWorkingDays, dueAt, localDate } from '../../chaincode/src/core/working-days';

const shanghai = { workingDays: 2, timeZone: 'Asia/Shanghai', holidays: [] as string[] };

describe('dueAt (incident reporting deadline)', () => {
  it('gives a Friday 10:00 awareness in Shanghai until Tuesday 23:59:59.999 local', () => {
    expect(dueAt('2026-11-27T10:00:00+08:00', shanghai)).toBe('2026-12-01T15:59:59.999Z');
  });

  it('counts from the local day, not the UTC day', () => {
    // 23:30 UTC on Thursday is already Friday 07:30 in Shanghai.
    expect(dueAt('2026-11-26T23:30:00Z', shanghai)).toBe('2026-12-01T15:59:59.999Z');
  });

  it('gives a midweek awareness two calendar days', () => {
    expect(dueAt('2026-11-24T09:00:00+08:00', shanghai)).toBe('2026-11-26T15:59:59.999Z');
  });

  it('starts a weekend awareness on Monday', () => {
    expect(dueAt('2026-11-28T15:00:00+08:00', shanghai)).toBe('2026-12-01T15:59:59.999Z');
    expect(dueAt('2026-11-29T23:59:00+08:00', shanghai)).toBe('2026-12-01T15:59:59.999Z');
  });

  it('skips configured holidays', () => {
    const rule = { ...shanghai, holidays: ['2026-12-31', '2027-01-01'] };
    // Wednesday 30 December: Thursday and Friday are holidays, so Monday 4 and Tuesday 5 January count.
    expect(dueAt('2026-12-30T10:00:00+08:00', rule)).toBe('2027-01-05T15:59:59.999Z');
    expect(dueAt('2026-11-27T10:00:00+08:00', { ...shanghai, holidays: ['2026-11-30'] })).toBe('2026-12-02T15:59:59.999Z');
  });

  it('honours a configurable number of working days', () => {
    expect(dueAt('2026-11-27T10:00:00+08:00', { ...shanghai, workingDays: 0 })).toBe('2026-11-27T15:59:59.999Z');
    expect(dueAt('2026-11-27T10:00:00+08:00', { ...shanghai, workingDays: 5 })).toBe('2026-12-04T15:59:59.999Z');
  });

  it('ends the day in zones with daylight saving time at the right offset', () => {
    // New York: DST starts Sunday 8 March 2026, so Tuesday ends at 23:59:59.999 EDT (UTC-4).
    expect(dueAt('2026-03-06T10:00:00-05:00', { ...shanghai, timeZone: 'America/New_York' })).toBe('2026-03-11T03:59:59.999Z');
    // Berlin: DST ends Sunday 25 October 2026; Tuesday 27 ends at 23:59:59.999 CET (UTC+1).
    expect(dueAt('2026-10-23T10:00:00+02:00', { ...shanghai, timeZone: 'Europe/Berlin' })).toBe('2026-10-27T22:59:59.999Z');
    expect(dueAt('2026-11-27T10:00:00Z', { ...shanghai, timeZone: 'UTC' })).toBe('2026-12-01T23:59:59.999Z');
  });

  it('rejects an unknown time zone, a malformed instant and a malformed holiday', () => {
    expect(() => dueAt('2026-11-27T10:00:00Z', { ...shanghai, timeZone: 'Mars/Olympus' })).toThrow(RuleError);
    expect(() => dueAt('yesterday', shanghai)).toThrow(/ISO-8601/);
    expect(() => dueAt('2026-11-27T10:00:00Z', { ...shanghai, holidays: ['27/11/2026'] })).toThrow(/YYYY-MM-DD/);
  });
});

describe('working-day helpers', () => {
  it('finds the local date of an instant', () => {
    expect(localDate('2026-11-26T16:00:00Z', 'Asia/Shanghai')).toBe('2026-11-27');
    expect(localDate('2026-11-26T16:00:00Z', 'America/Los_Angeles')).toBe('2026-11-26');
  });

  it('adds working days across a month and a year end', () => {
    expect(addWorkingDays('2026-12-31', 1, [])).toBe('2027-01-01');
    expect(addWorkingDays('2027-01-01', 1, [])).toBe('2027-01-04');
    expect(addWorkingDays('2026-11-27', 0, [])).toBe('2026-11-27');
  });
});
