import type { Knex } from 'knex';
import type { LedgerEventPayloads } from '../../chaincode/src/core/ledger-events';
import type { LedgerEvent } from '../ledger/trace-ledger';
import { insertRows, type Column } from './bulk';
import type { Projections } from './projections';

const GRADE_COLUMNS: Column[] = [
  ['grading_id', 'text'],
  ['enterprise_id', 'text'],
  ['grade', 'integer'],
  ['score', 'integer'],
  ['factors', 'jsonb'],
  ['block_number', 'bigint'],
  ['recorded_at', 'timestamptz'],
];
const TARGET_COLUMNS: Column[] = [
  ['plan_id', 'text'],
  ['enterprise_id', 'text'],
  ['grade', 'integer'],
  ['position', 'integer'],
  ['inspectors', 'jsonb'],
];

async function gradingRecorded(trx: Knex.Transaction, at: LedgerEvent, p: LedgerEventPayloads['RiskGradingRecorded']): Promise<void> {
  const g = p.grading;
  await trx('risk_gradings')
    .insert({
      id: g.id,
      rules_version: g.rules.version,
      as_of_height: g.asOfHeight,
      record: JSON.stringify(g),
      tx_id: g.txId,
      block_number: at.blockNumber,
      recorded_at: g.recordedAt,
    })
    .onConflict('id')
    .ignore();
  const rows = g.grades.map((e) => ({
    grading_id: g.id,
    enterprise_id: e.enterpriseId,
    grade: e.grade,
    score: e.score,
    factors: e.factors,
    block_number: at.blockNumber,
    recorded_at: g.recordedAt,
  }));
  await insertRows(trx, 'risk_grades', GRADE_COLUMNS, rows, 'ON CONFLICT DO NOTHING');
}

async function planRecorded(trx: Knex.Transaction, at: LedgerEvent, p: LedgerEventPayloads['InspectionPlanRecorded']): Promise<void> {
  const plan = p.plan;
  await trx('inspection_plans')
    .insert({
      id: plan.id,
      status: plan.status,
      title: plan.title,
      record: JSON.stringify(plan),
      tx_id: plan.txId,
      block_number: at.blockNumber,
      recorded_at: plan.recordedAt,
    })
    .onConflict('id')
    .ignore();
}

async function drawRecorded(trx: Knex.Transaction, _at: LedgerEvent, p: LedgerEventPayloads['InspectionDrawRecorded']): Promise<void> {
  const { plan } = p;
  const draw = plan.draw;
  if (!draw) return;
  await trx('inspection_plans')
    .where({ id: plan.id })
    .update({
      status: plan.status,
      record: JSON.stringify(plan),
      draw_tx_id: draw.txId,
      seed_block: draw.seedBlock,
      drawn_at: draw.drawnAt,
    });
  const rows = draw.targets.map((t, position) => ({
    plan_id: plan.id,
    enterprise_id: t.enterpriseId,
    grade: t.grade,
    position,
    inspectors: t.inspectors,
  }));
  await insertRows(trx, 'inspection_targets', TARGET_COLUMNS, rows, 'ON CONFLICT DO NOTHING');
}

async function resultRecorded(trx: Knex.Transaction, at: LedgerEvent, p: LedgerEventPayloads['InspectionResultRecorded']): Promise<void> {
  const r = p.result;
  await trx('inspection_results')
    .insert({
      id: r.id,
      plan_id: r.planId,
      enterprise_id: r.enterpriseId,
      outcome: r.outcome,
      record: JSON.stringify(r),
      tx_id: r.txId,
      block_number: at.blockNumber,
      recorded_at: r.recordedAt,
    })
    .onConflict(['plan_id', 'enterprise_id'])
    .ignore();
}

// Guarded by ledger position so replaying an older version never overwrites a newer row.
async function upsertListRow(
  trx: Knex.Transaction,
  table: 'inspection_items' | 'inspectors',
  at: LedgerEvent,
  record: { id: string; txId: string },
): Promise<void> {
  await trx.raw(
    `INSERT INTO ${table} (id, record, tx_id, block_number, tx_index) VALUES (?, ?::jsonb, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET record = excluded.record, tx_id = excluded.tx_id, block_number = excluded.block_number, tx_index = excluded.tx_index
     WHERE (${table}.block_number, ${table}.tx_index) < (excluded.block_number, excluded.tx_index)`,
    [record.id, JSON.stringify(record), record.txId, at.blockNumber, at.txIndex],
  );
}

/** Projections of the supervision transactions: grading runs, inspection plans, draws and results. */
export const supervisionProjections: Projections = {
  RiskGradingRecorded: gradingRecorded,
  InspectionPlanRecorded: planRecorded,
  InspectionDrawRecorded: drawRecorded,
  InspectionResultRecorded: resultRecorded,
  InspectionItemRecorded: (trx, at, p) => upsertListRow(trx, 'inspection_items', at, p.item),
  InspectorRecorded: (trx, at, p) => upsertListRow(trx, 'inspectors', at, p.inspector),
};
