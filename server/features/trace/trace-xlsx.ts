import type * as ExcelJS from 'exceljs';
import { CSV_COLUMNS, type TraceRow } from './trace-csv';
import type { TraceGraph } from './trace-schemas';

type ExcelModule = typeof ExcelJS;

let excel: Promise<ExcelModule> | undefined;

// exceljs takes over a second to load, so it is loaded on the first xlsx export, not at start-up.
function loadExcel(): Promise<ExcelModule> {
  excel ??= import('exceljs').then((m) => (m as { default?: ExcelModule }).default ?? m);
  return excel;
}

const DATE_COLUMN = CSV_COLUMNS.indexOf('Event date (UTC)');
const WIDE = new Set<string>([
  'Traceability lot identifier',
  'Ship-from / source location',
  'Ship-to / destination location',
  'Event location',
  'TLC source location',
  'Input lots (transformation)',
  'Container (SSCC)',
  'Event ID',
]);

// Event dates become real date cells (UTC), so the sheet sorts and filters them as dates.
function cellsOf(row: TraceRow): Array<string | number | Date | null> {
  return row.map((value, i) => (i === DATE_COLUMN && typeof value === 'string' ? new Date(value) : value));
}

function addChainSheet(book: ExcelJS.Workbook, rows: readonly TraceRow[]): void {
  const sheet = book.addWorksheet('Trace', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = CSV_COLUMNS.map((header) => ({ header, width: WIDE.has(header) ? 48 : Math.max(14, header.length + 2) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(cellsOf(row));
  sheet.getColumn(DATE_COLUMN + 1).numFmt = 'yyyy-mm-dd hh:mm:ss';
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + rows.length, column: CSV_COLUMNS.length } };
}

function addQuerySheet(book: ExcelJS.Workbook, graph: TraceGraph): void {
  const sheet = book.addWorksheet('Query');
  sheet.columns = [
    { header: 'Field', width: 24 },
    { header: 'Value', width: 80 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.addRows([
    ['Identifier', graph.id],
    ['Direction', graph.direction],
    ['Max depth', graph.maxDepth],
    ['Cut by max depth', graph.cut ? 'yes' : 'no'],
    ['Nodes', graph.nodes.length],
    ['Recalled nodes', graph.nodes.filter((n) => n.recalled).length],
    ['Index block / ledger height', `${graph.index.checkpoint.blockNumber} / ${graph.index.ledgerHeight}`],
  ]);
}

/** The sortable spreadsheet as an xlsx workbook: the rows of the CSV on sheet "Trace" (header frozen, filter on), the query on "Query". */
export async function traceXlsx(graph: TraceGraph, rows: readonly TraceRow[]): Promise<Buffer> {
  const { Workbook: WorkbookClass } = await loadExcel();
  const book = new WorkbookClass();
  book.creator = 'Suyuan';
  addChainSheet(book, rows);
  addQuerySheet(book, graph);
  return Buffer.from(await book.xlsx.writeBuffer());
}
