import { eventFacts, type EpcRef, type EventFacts } from '../../chaincode/src/core/event-facts';
import { lotClassOf } from '../../chaincode/src/core/identifiers';
import type { EventRecord, ObjectState } from '../../chaincode/src/core/model';
import type { LedgerEvent } from '../ledger/trace-ledger';

/** Maps an identifier to its lineage node: items roll up to their lot when the lot is known. */
export type NodeOf = (ref: EpcRef) => string;

export function nodeResolver(objects: readonly ObjectState[]): NodeOf {
  const lots = new Map(objects.filter((o) => o.lot).map((o) => [o.id, o.lot ?? o.id]));
  return (ref) => lots.get(ref.id) ?? (ref.isClass ? ref.id : (lotClassOf(ref.parsed) ?? ref.id));
}

export interface EventRows {
  readonly event: Record<string, unknown>;
  readonly epcs: Array<Record<string, unknown>>;
  readonly edges: Array<Record<string, unknown>>;
  readonly custody: Array<Record<string, unknown>>;
}

function eventRow(record: EventRecord, facts: EventFacts, at: LedgerEvent, position: number): Record<string, unknown> {
  const e = record.event;
  return {
    event_id: record.eventID,
    event_type: facts.eventType,
    event_time: e.eventTime,
    record_time: record.recordTime,
    action: facts.action ?? null,
    biz_step: facts.bizStep ?? null,
    disposition: facts.disposition ?? null,
    read_point: facts.readPoint ?? null,
    biz_location: facts.bizLocation ?? null,
    recorder: record.recorder,
    tx_id: record.txId,
    block_number: at.blockNumber,
    tx_index: at.txIndex,
    position,
    error_declaration: record.isErrorDeclaration ? e.errorDeclaration : null,
    doc: e,
  };
}

function epcRows(record: EventRecord, facts: EventFacts, nodeOf: NodeOf): Array<Record<string, unknown>> {
  return facts.refs.map((ref) => ({
    event_id: record.eventID,
    role: ref.role,
    epc: ref.id,
    node_id: nodeOf(ref),
    epc_class: ref.isClass ? ref.id : nodeOf(ref) !== ref.id ? nodeOf(ref) : null,
    quantity: ref.quantity ?? null,
    uom: ref.uom ?? null,
  }));
}

function pairs(from: readonly string[], to: readonly string[], type: string, eventId: string): Array<Record<string, unknown>> {
  return from.flatMap((f) => to.filter((t) => t !== f).map((t) => ({ from_id: f, to_id: t, type, event_id: eventId })));
}

function edgeRows(record: EventRecord, facts: EventFacts, nodeOf: NodeOf): Array<Record<string, unknown>> {
  const nodes = (role: EpcRef['role']): string[] => [...new Set(facts.refs.filter((r) => r.role === role).map(nodeOf))];
  if (facts.eventType === 'TransformationEvent') return pairs(nodes('input'), nodes('output'), 'transformed_into', record.eventID);
  if (facts.eventType !== 'AggregationEvent' && facts.eventType !== 'AssociationEvent') return [];
  if (facts.action === 'DELETE') return pairs(nodes('parent'), nodes('child'), 'unpacked_from', record.eventID);
  return pairs(nodes('child'), nodes('parent'), 'packed_into', record.eventID);
}

const CUSTODY_ROLES = new Set(['epc', 'parent', 'output']);

function custodyRows(record: EventRecord, facts: EventFacts, nodeOf: NodeOf): Array<Record<string, unknown>> {
  const nodes = [...new Set(facts.refs.filter((r) => CUSTODY_ROLES.has(r.role)).map(nodeOf))];
  const entries = [
    ...facts.sources.map((s) => ['source', s.type, s.party] as const),
    ...facts.destinations.map((d) => ['destination', d.type, d.party] as const),
    ...(facts.bizLocation ? [['at', 'location', facts.bizLocation] as const] : []),
  ];
  return nodes.flatMap((node_id) =>
    entries.map(([direction, type, party]) => ({ event_id: record.eventID, node_id, direction, type, party })),
  );
}

/** Index rows for one recorded event. */
export function rowsForEvent(record: EventRecord, at: LedgerEvent, position: number, nodeOf: NodeOf): EventRows {
  const facts = eventFacts(record.event);
  if (record.isErrorDeclaration) return { event: eventRow(record, facts, at, position), epcs: [], edges: [], custody: [] };
  return {
    event: eventRow(record, facts, at, position),
    epcs: epcRows(record, facts, nodeOf),
    edges: edgeRows(record, facts, nodeOf),
    custody: custodyRows(record, facts, nodeOf),
  };
}
