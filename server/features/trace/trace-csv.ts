import { parseIdentifier } from '../../../chaincode/src/core/identifiers';
import type { ChainEventRow, EventEpcRow } from './trace-queries';
import type { TraceGraph } from './trace-schemas';

/** Columns of the FSMA 204 sortable spreadsheet, one row per tracking event and traceability lot. */
export const CSV_COLUMNS = [
  'Event type',
  'Event date (UTC)',
  'Traceability lot code',
  'Traceability lot identifier',
  'Product (GTIN)',
  'Quantity',
  'Unit of measure',
  'Ship-from / source location',
  'Ship-to / destination location',
  'Event location',
  'TLC source location',
  'Reference document type',
  'Reference document number',
  'Input lots (transformation)',
  'Container (SSCC)',
  'Disposition',
  'EPCIS event type',
  'Recorded by',
  'Event ID',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field (RFC 4180 quoting); text starting like a spreadsheet formula is neutralised with a leading `'`. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document (CRLF line ends, as RFC 4180 and spreadsheets expect). */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

type Json = Readonly<Record<string, unknown>>;

function listOf(doc: Json, field: string): Json[] {
  const v = doc[field];
  return Array.isArray(v) ? (v as Json[]) : [];
}

function partiesIn(doc: Json, field: 'sourceList' | 'destinationList', key: 'source' | 'destination'): string {
  const entries = listOf(doc, field);
  const locations = entries.filter((e) => String(e.type).endsWith('location'));
  return (locations.length > 0 ? locations : entries).map((e) => String(e[key])).join('; ');
}

// A string as is, a missing value as '', anything else as its JSON text.
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

function cbvTail(value: string): string {
  return value.replace(/^urn:epcglobal:cbv:btt:/, '').replace(/^https:\/\/ref\.gs1\.org\/cbv\/BTT-/, '');
}

function references(doc: Json): [string, string] {
  const list = listOf(doc, 'bizTransactionList');
  return [list.map((b) => cbvTail(textOf(b.type))).join('; '), list.map((b) => String(b.bizTransaction)).join('; ')];
}

function lotCode(id: string): string {
  try {
    return parseIdentifier(id).lot ?? '';
  } catch {
    return '';
  }
}

interface Chain {
  readonly graph: TraceGraph;
  readonly containedLots: (node: string) => string[];
  readonly sourceLocation: Map<string, string>;
}

function containment(graph: TraceGraph): (node: string) => string[] {
  const children = new Map<string, string[]>();
  for (const e of graph.edges.filter((x) => x.type === 'packed_into')) children.set(e.to, [...(children.get(e.to) ?? []), e.from]);
  const lotsIn = (node: string, seen: Set<string>): string[] => {
    if (seen.has(node)) return [];
    seen.add(node);
    const inside = children.get(node) ?? [];
    return inside.length === 0 ? [node] : inside.flatMap((c) => lotsIn(c, seen));
  };
  return (node) => [...new Set(lotsIn(node, new Set()))];
}

function creationLocations(events: readonly ChainEventRow[], epcs: readonly EventEpcRow[]): Map<string, string> {
  const created = new Map(
    events
      .filter(
        (e) => e.biz_location && (e.event_type === 'TransformationEvent' || (e.event_type === 'ObjectEvent' && e.doc.action === 'ADD')),
      )
      .map((e) => [e.event_id, e.biz_location ?? '']),
  );
  const out = new Map<string, string>();
  for (const r of epcs) {
    const at = created.get(r.event_id);
    if (at && (r.role === 'output' || r.role === 'epc') && !out.has(r.node_id)) out.set(r.node_id, at);
  }
  return out;
}

const SUBJECT_ROLES: Readonly<Record<string, readonly string[]>> = {
  TransformationEvent: ['output'],
  AggregationEvent: ['child'],
  AssociationEvent: ['child'],
};

interface Subject {
  readonly lot: string;
  readonly containers: Set<string>;
  readonly rows: EventEpcRow[];
}

function subjectNodes(
  event: ChainEventRow,
  rows: readonly EventEpcRow[],
  graph: TraceGraph,
): { roles: readonly string[]; nodes: string[] } {
  const roles = SUBJECT_ROLES[event.event_type] ?? ['epc'];
  const nodes = [...new Set(rows.filter((r) => roles.includes(r.role)).map((r) => r.node_id))];
  const inGraph = new Set(graph.nodes.map((n) => n.id));
  return { roles, nodes: nodes.some((n) => inGraph.has(n)) ? nodes.filter((n) => inGraph.has(n)) : nodes };
}

// A container (case, pallet) stands for the lots packed in it; the row names the lot and the container.
function subjects(event: ChainEventRow, rows: readonly EventEpcRow[], chain: Chain): Subject[] {
  const { roles, nodes } = subjectNodes(event, rows, chain.graph);
  const parent = rows.find((r) => r.role === 'parent')?.node_id;
  const out = new Map<string, Subject>();
  for (const node of nodes) {
    const lots = chain.containedLots(node);
    const isLot = lots.length === 1 && lots[0] === node;
    for (const lot of lots) {
      const s = out.get(lot) ?? { lot, containers: new Set<string>(), rows: [] };
      if (parent !== undefined || !isLot) s.containers.add(parent ?? node);
      if (isLot) s.rows.push(...rows.filter((r) => r.node_id === node && roles.includes(r.role)));
      else s.rows.push({ event_id: event.event_id, role: 'container', epc: node, node_id: node, quantity: null, uom: null });
      out.set(lot, s);
    }
  }
  return [...out.values()];
}

function quantity(rows: readonly EventEpcRow[]): [number | null, string | null] {
  const classRows = rows.filter((r) => r.quantity !== null);
  if (classRows.length > 0) return [classRows.reduce((s, r) => s + Number(r.quantity), 0), classRows[0]?.uom ?? null];
  const containers = new Set(rows.filter((r) => r.role === 'container').map((r) => r.epc));
  if (containers.size > 0) return [containers.size, 'SSCC'];
  const items = new Set(rows.filter((r) => r.epc !== r.node_id).map((r) => r.epc));
  return items.size > 0 ? [items.size, 'EA'] : [null, null];
}

function rowsOf(event: ChainEventRow, epcs: readonly EventEpcRow[], chain: Chain): TraceRow[] {
  const doc = event.doc;
  const [refType, refNumber] = references(doc);
  const inputs = [...new Set(epcs.filter((r) => r.role === 'input').map((r) => r.node_id))].join('; ');
  const product = (lot: string): string | null => chain.graph.nodes.find((n) => n.id === lot)?.product ?? null;
  return subjects(event, epcs, chain).map(({ lot, containers, rows }) => {
    const [q, uom] = quantity(rows);
    return [
      event.biz_step ?? event.event_type,
      event.event_time.toISOString(),
      lotCode(lot),
      lot,
      product(lot),
      q,
      uom,
      partiesIn(doc, 'sourceList', 'source'),
      partiesIn(doc, 'destinationList', 'destination'),
      event.biz_location,
      chain.sourceLocation.get(lot) ?? null,
      refType,
      refNumber,
      event.event_type === 'TransformationEvent' ? inputs : null,
      [...containers].join('; '),
      event.disposition,
      event.event_type,
      event.recorder,
      event.event_id,
    ];
  });
}

/** One spreadsheet row, in the order of CSV_COLUMNS. */
export type TraceRow = Array<string | number | null>;

/** The rows of the sortable spreadsheet of a traced chain: one per event and traceability lot, in time order. */
export function traceRows(graph: TraceGraph, events: readonly ChainEventRow[], epcs: readonly EventEpcRow[]): TraceRow[] {
  const chain: Chain = { graph, containedLots: containment(graph), sourceLocation: creationLocations(events, epcs) };
  const byEvent = new Map<string, EventEpcRow[]>();
  for (const r of epcs) byEvent.set(r.event_id, [...(byEvent.get(r.event_id) ?? []), r]);
  return events.flatMap((e) => rowsOf(e, byEvent.get(e.event_id) ?? [], chain));
}

/** The sortable spreadsheet of a traced chain as CSV. */
export function traceCsv(rows: readonly TraceRow[]): string {
  return toCsv(CSV_COLUMNS, rows);
}
