import { parseIdentifier, type ParsedIdentifier } from '../../../chaincode/src/core/identifiers';
import { html, htmlDocument, type SafeHtml } from '../../http/html';
import type { TraceGraph } from './trace-schemas';

const COL = 340;
const ROW = 64;
const BOX_W = 250;
const BOX_H = 44;
// Characters that fit on a box line at the title's and the subtitle's font size.
const TITLE_CHARS = 30;
const SUB_CHARS = 38;
const PARTY_GLN = /^https:\/\/id\.gs1\.org\/417\/(\d{13})$/;

/** Shortens text to `max` characters, keeping its end (where lot codes and serials are). */
function fit(text: string, max: number): string {
  return text.length > max ? `…${text.slice(text.length - max + 1)}` : text;
}

function identifierLabel(p: ParsedIdentifier): [string, string] | undefined {
  if (p.sscc) return [`SSCC ${p.sscc}`, p.sscc.startsWith('0') ? 'case / pallet' : ''];
  if (p.lot !== undefined) return [`lot ${p.lot}${p.serial ? ` #${p.serial}` : ''}`, `GTIN ${p.gtin ?? ''}`];
  if (p.gln) return [`GLN ${p.gln}`, p.glnExtension ? `ext ${p.glnExtension}` : 'party / location'];
  return undefined;
}

function label(id: string, parties: TraceGraph['parties']): [string, string] {
  const party = parties.find((p) => p.id === id);
  const partyGln = PARTY_GLN.exec(id)?.[1];
  const who = party?.name ?? party?.enterpriseId;
  if (who) return [who, partyGln ? `party GLN ${partyGln}` : id.replace('https://id.gs1.org', '')];
  if (partyGln) return [`party GLN ${partyGln}`, 'party'];
  try {
    const known = identifierLabel(parseIdentifier(id));
    if (known) return known;
  } catch {
    // Opaque ids are shown as they are.
  }
  return [id, ''];
}

interface Placed {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly recalled: boolean;
  readonly start: boolean;
  readonly party: boolean;
}

function layout(graph: TraceGraph): Map<string, Placed> {
  const minDepth = Math.min(0, ...graph.nodes.map((n) => n.depth));
  const maxDepth = Math.max(0, ...graph.nodes.map((n) => n.depth));
  const rows = new Map<number, number>();
  const placed = new Map<string, Placed>();
  const place = (id: string, col: number, extra: Omit<Placed, 'id' | 'x' | 'y'>): void => {
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    placed.set(id, { id, x: 20 + col * COL, y: 60 + row * ROW, ...extra });
  };
  for (const n of graph.nodes) place(n.id, n.depth - minDepth, { recalled: n.recalled, start: n.id === graph.start, party: false });
  for (const e of graph.edges) if (!placed.has(e.to)) place(e.to, maxDepth - minDepth + 1, { recalled: false, start: false, party: true });
  return placed;
}

const NORMAL = { fill: '#f4f4f4', stroke: '#9a9a9a', text: '#1b1b1b', sub: '#555', mark: '' };
const PARTY = { ...NORMAL, fill: '#eef3fb' };
const RECALLED = { fill: '#fde2e1', stroke: '#c62828', text: '#c62828', sub: '#c62828', mark: 'RECALLED · ' };

function nodeSvg(p: Placed, graph: TraceGraph): SafeHtml {
  const [title, sub] = label(p.id, graph.parties);
  const look = p.recalled ? RECALLED : p.party ? PARTY : NORMAL;
  const stroke = p.start && !p.recalled ? '#1b1b1b' : look.stroke;
  const frame = html`width="${BOX_W}" height="${BOX_H}" rx="6" fill="${look.fill}" stroke="${stroke}" stroke-width="${p.start ? 3 : 1.5}"`;
  const box = html`<rect x="${p.x}" y="${p.y}" ${frame}/>`;
  const line1 = html`<text x="${p.x + 10}" y="${p.y + 19}" font-weight="600" fill="${look.text}">${fit(title, TITLE_CHARS)}</text>`;
  const line2 = html`<text x="${p.x + 10}" y="${p.y + 36}" font-size="11" fill="${look.sub}">${look.mark}${fit(sub, SUB_CHARS - look.mark.length)}</text>`;
  return html`<g class="node${p.recalled ? ' recalled' : ''}"><title>${p.id}</title>${box}${line1}${line2}</g>`;
}

function edgeSvg(e: TraceGraph['edges'][number], placed: Map<string, Placed>): SafeHtml | undefined {
  const a = placed.get(e.from);
  const b = placed.get(e.to);
  if (!a || !b) return undefined;
  const [x1, y1, x2, y2] =
    a.x <= b.x ? [a.x + BOX_W, a.y + BOX_H / 2, b.x, b.y + BOX_H / 2] : [a.x, a.y + BOX_H / 2, b.x + BOX_W, b.y + BOX_H / 2];
  const dashed = e.type === 'unpacked_from' || e.type === 'received_from' ? html` stroke-dasharray="5 4"` : undefined;
  const line = html`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#777"${dashed} marker-end="url(#arrow)"/>`;
  const at = html`x="${x1 + (x2 - x1) * 0.6}" y="${y1 + (y2 - y1) * 0.6 - 4}"`;
  const look = html`font-size="10" fill="#555" text-anchor="middle" paint-order="stroke" stroke="#fff" stroke-width="3"`;
  const text = html`<text ${at} ${look}>${e.type.replace('_', ' ')}</text>`;
  return html`<g class="edge"><title>${`${e.type}: ${e.eventIDs.join(', ')}`}</title>${line}${text}</g>`;
}

const ARROW = html`<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
<path d="M0,0 L10,5 L0,10 z" fill="#777"/>
</marker></defs>`;

/** The chain as an SVG graph laid out in columns by depth (upstream left); recalled nodes in red. */
export function traceSvg(graph: TraceGraph): SafeHtml {
  const placed = layout(graph);
  const width = Math.max(...[...placed.values()].map((p) => p.x + BOX_W + 20), 400);
  const height = Math.max(...[...placed.values()].map((p) => p.y + BOX_H + 20), 120);
  const size = html`width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`;
  return html`<svg xmlns="http://www.w3.org/2000/svg" ${size} font-family="system-ui,sans-serif" font-size="13" role="img" aria-label="Trace graph">
${ARROW}
<text x="20" y="30" font-size="12" fill="#555">upstream ← start → downstream</text>
${graph.edges.map((e) => edgeSvg(e, placed))}
${[...placed.values()].map((p) => nodeSvg(p, graph))}
</svg>`;
}

const COLUMNS = ['depth', 'identifier', 'kind', 'quantity', 'owner', 'custodian', 'last disposition', 'recalled'];

function nodeRow(n: TraceGraph['nodes'][number]): SafeHtml {
  const quantity = n.quantity.map((q) => `${q.quantity} ${q.uom ?? ''}`).join(', ');
  return html`<tr class="${n.recalled ? 'recalled' : ''}"><td>${n.depth}</td><td><code>${n.id}</code></td><td>${n.kind}</td><td>${quantity}</td>
<td>${n.owner}</td><td>${n.custodian}</td><td>${n.lastDisposition}</td><td>${n.recalled && 'yes'}</td></tr>`;
}

function nodeTable(graph: TraceGraph): SafeHtml {
  return html`<table>
<thead><tr>${COLUMNS.map((c) => html`<th>${c}</th>`)}</tr></thead>
<tbody>${graph.nodes.map(nodeRow)}</tbody>
</table>`;
}

const TRACE_CSS =
  'body{font:14px/1.5 system-ui,sans-serif;margin:1.5rem;color:#1b1b1b}' +
  '.graph{overflow:auto;border:1px solid #ddd;border-radius:6px;margin:1rem 0}' +
  'table{border-collapse:collapse}td,th{border-bottom:1px solid #eee;padding:.25rem .5rem;text-align:left}' +
  'tr.recalled td{color:#c62828;font-weight:600}.warn{color:#c62828}';

function summary(graph: TraceGraph): SafeHtml {
  const recalled = graph.nodes.filter((n) => n.recalled).length;
  const { index } = graph;
  return html`<p>Direction <b>${graph.direction}</b>, up to ${graph.maxDepth} steps: ${graph.nodes.length} nodes, ${graph.edges.length} edges,
${graph.parties.length} parties, ${graph.locations.length} locations.
${recalled > 0 && html`<span class="warn">${recalled} recalled.</span>`} ${graph.cut && html`<span class="warn">The walk was cut by maxDepth.</span>`}
Index at block ${index.checkpoint.blockNumber} of ${index.ledgerHeight}${index.caughtUp ? ' (caught up)' : ' (catching up)'}.</p>`;
}

/** The regulator's HTML page for a trace: summary, SVG graph, node table, links to JSON and CSV. */
export function tracePage(graph: TraceGraph): string {
  const q = `id=${encodeURIComponent(graph.id)}&direction=${graph.direction}&maxDepth=${graph.maxDepth}`;
  return htmlDocument({
    title: `Trace ${graph.id}`,
    style: TRACE_CSS,
    body: html`<h1>Trace of <code>${graph.id}</code></h1>
${summary(graph)}
<p><a href="/trace/export.csv?${q}">CSV (FSMA 204)</a> · <a href="/trace/export.xlsx?${q}">Excel (xlsx)</a></p>
<div class="graph">${traceSvg(graph)}</div>${nodeTable(graph)}`,
  });
}
