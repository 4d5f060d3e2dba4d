import type { Deps } from '../../deps';
import { complaintCounts, eventsAfterRecall, incidentsByCategory, overdueIncidents } from './warning-queries';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The thresholds of the early-warning signals (documented in docs/supervision.md). */
export const WARNING_RULES = {
  version: 'suyuan-warnings-2026.12-1',
  complaintRecentDays: 7,
  complaintBaselineDays: 28,
  /** A spike: at least this many complaints in the recent window … */
  complaintSpikeMin: 3,
  /** … at a daily rate at least this many times the baseline's (any rate when the baseline had none). */
  complaintSpikeRatio: 2,
  incidentWindowDays: 90,
  incidentsPerCategory: 2,
  afterRecallEventsListed: 200,
} as const;

export const WARNING_KINDS = ['complaint-spike', 'repeated-incidents', 'overdue-incident-report', 'recalled-lot-still-moving'] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];

/** One early-warning signal with the evidence for it. */
export interface Warning {
  readonly kind: WarningKind;
  readonly subject: string;
  readonly enterpriseIds: readonly string[];
  readonly summary: string;
  readonly evidence: ReadonlyArray<Record<string, unknown>>;
}

const iso = (ms: number): string => new Date(ms).toISOString();

async function complaintSpikes(deps: Pick<Deps, 'knex'>, now: number): Promise<Warning[]> {
  const r = WARNING_RULES;
  const counts = await complaintCounts(
    deps.knex,
    iso(now - r.complaintRecentDays * DAY_MS),
    iso(now - (r.complaintRecentDays + r.complaintBaselineDays) * DAY_MS),
  );
  return counts
    .filter(
      (c) =>
        c.recent >= r.complaintSpikeMin &&
        c.recent / r.complaintRecentDays >= (r.complaintSpikeRatio * c.baseline) / r.complaintBaselineDays,
    )
    .map((c) => ({
      kind: 'complaint-spike' as const,
      subject: c.gtin,
      enterpriseIds: c.owner ? [c.owner] : [],
      summary: `${c.recent} complaints in ${r.complaintRecentDays} days against ${c.baseline} in the ${r.complaintBaselineDays} days before`,
      evidence: c.complaint_ids.map((id) => ({ complaintId: id, link: '/complaints' })),
    }));
}

async function repeatedIncidents(deps: Pick<Deps, 'knex'>, now: number): Promise<Warning[]> {
  const r = WARNING_RULES;
  const rows = await incidentsByCategory(deps.knex, iso(now - r.incidentWindowDays * DAY_MS));
  return rows
    .filter((c) => c.incidents >= r.incidentsPerCategory)
    .map((c) => ({
      kind: 'repeated-incidents' as const,
      subject: c.category,
      enterpriseIds: c.enterprises,
      summary: `${c.incidents} incident reports in ${r.incidentWindowDays} days for products of category ${c.category}`,
      evidence: c.incident_ids.map((id) => ({ incidentId: id, link: `/incidents/${id}` })),
    }));
}

async function overdueReports(deps: Pick<Deps, 'knex'>): Promise<Warning[]> {
  return (await overdueIncidents(deps.knex)).map((i) => ({
    kind: 'overdue-incident-report' as const,
    subject: i.id,
    enterpriseIds: [i.enterprise_id],
    summary: `reported ${new Date(i.reported_at).toISOString()}, due ${new Date(i.due_at).toISOString()}, still ${i.status}`,
    evidence: [{ incidentId: i.id, txId: i.tx_id, link: `/incidents/${i.id}` }],
  }));
}

async function recalledLotsMoving(deps: Pick<Deps, 'knex'>): Promise<Warning[]> {
  const rows = await eventsAfterRecall(deps.knex, WARNING_RULES.afterRecallEventsListed);
  const byLot = new Map<string, typeof rows>();
  for (const row of rows) byLot.set(`${row.recall_id} ${row.lot_id}`, [...(byLot.get(`${row.recall_id} ${row.lot_id}`) ?? []), row]);
  return [...byLot.values()].map((events) => ({
    kind: 'recalled-lot-still-moving' as const,
    subject: events[0]?.lot_id ?? '',
    enterpriseIds: [...new Set(events.map((e) => e.recorder))].sort(),
    summary: `${events.length} events recorded on the lot after recall ${events[0]?.recall_id ?? ''}`,
    evidence: events.map((e) => ({
      recallId: e.recall_id,
      eventID: e.event_id,
      bizStep: e.biz_step,
      recorder: e.recorder,
      eventTime: new Date(e.event_time).toISOString(),
      txId: e.tx_id,
      link: `/events/${encodeURIComponent(e.event_id)}`,
    })),
  }));
}

/** Every early-warning signal the index shows now, each with its evidence. */
export async function computeWarnings(
  deps: Pick<Deps, 'knex' | 'clock'>,
): Promise<{ generatedAt: string; rules: typeof WARNING_RULES; warnings: Warning[] }> {
  const now = deps.clock().getTime();
  const warnings = [
    ...(await complaintSpikes(deps, now)),
    ...(await repeatedIncidents(deps, now)),
    ...(await overdueReports(deps)),
    ...(await recalledLotsMoving(deps)),
  ];
  return { generatedAt: iso(now), rules: WARNING_RULES, warnings };
}
