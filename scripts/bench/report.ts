import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SoakResult } from './soak';

/** The value at quantile `q` (0..1) of `values` (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Median with the min–max spread over rounds, e.g. `5,210 (4,980–5,400)`. */
export function spread(values: readonly number[], digits = 0): string {
  const f = (v: number): string => v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return values.length === 0 ? '—' : `${f(median(values))} (${f(Math.min(...values))}–${f(Math.max(...values))})`;
}

/** What the machine was and how busy it was. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly ramGiB: number;
  readonly node: string;
  readonly os: string;
  readonly index: string;
  readonly loadStart: readonly number[];
  readonly loadEnd: readonly number[];
}

export function machineInfo(index: string, loadStart: readonly number[]): MachineInfo {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, ramGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version, os: `${os.type()} ${os.release()}`, index, loadStart, loadEnd: os.loadavg(),
  };
}

export interface IngestFigures {
  readonly eventsPerRound: number;
  readonly service: number[];
  readonly raw: number[];
  readonly peakRssMiB: number;
  readonly docBytes: number;
  readonly skippedRaw?: string;
}

export interface TraceFigures {
  readonly direction: string;
  readonly service: { p50: number[]; p99: number[] };
  readonly memory: { p50: number[]; p99: number[] };
  readonly nodes: number[];
  readonly mismatches: number;
  readonly samples: number;
}

export interface QrFigures {
  readonly target: string;
  readonly reqPerSec: number[];
  readonly p99: number[];
  readonly errors: number;
}

/** Everything one run measured. */
export interface BenchReport {
  readonly command: string;
  readonly date: string;
  readonly machine: MachineInfo;
  readonly settings: Readonly<Record<string, string | number>>;
  readonly ingest?: IngestFigures;
  readonly trace?: TraceFigures[];
  readonly qr?: QrFigures[];
  readonly soak?: SoakResult;
  readonly fabric: string;
  readonly totalSeconds: number;
}

const row = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |`;
const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(a / b < 0.01 ? 4 : 2) : '—');

function machineSection(r: BenchReport): string[] {
  const m = r.machine;
  return [
    `Produced by \`${r.command}\` on ${r.date} in ${Math.round(r.totalSeconds)} s.`, '',
    row(['machine', 'value']), row(['---', '---']),
    row(['CPU', `${m.cpu}, ${m.cores} cores`]), row(['RAM', `${m.ramGiB} GiB`]), row(['Node', m.node]), row(['OS', m.os]), row(['index', m.index]),
    row(['load average (1/5/15 min) at start', m.loadStart.map((l) => l.toFixed(2)).join(' / ')]),
    row(['load average at end', m.loadEnd.map((l) => l.toFixed(2)).join(' / ')]),
    ...Object.entries(r.settings).map(([k, v]) => row([k, v])), '',
    m.loadStart[0] !== undefined && m.loadStart[0] > m.cores
      ? `**The machine was busy**: the 1-minute load average was ${m.loadStart[0].toFixed(1)} on ${m.cores} cores when the run started (other work was running), so every figure below is lower and noisier than on an idle machine; the ratios to the same-run ceilings are the figures to compare.`
      : 'The machine was not overloaded when the run started (load average below the core count).',
    '',
  ];
}

function ingestSection(i: IngestFigures): string[] {
  const ratios = i.service.map((s, k) => s / (i.raw[k] ?? NaN)).filter((v) => Number.isFinite(v));
  return [
    '## Ingest', '',
    `\`POST /capture\` of 1,000-event EPCISDocuments (${(i.docBytes / 1024).toFixed(0)} KiB each on average), counted when every capture job reported success and \`GET /ledger\` showed the index caught up; ${i.service.length} rounds of ${i.eventsPerRound.toLocaleString('en-US')} events each, one after another on the same growing ledger and index. Ceiling: the same event JSON by multi-row INSERT (1,000 rows per statement, same client concurrency) into \`(id text primary key, doc jsonb)\` on the same Postgres, run after each service round.`, '',
    row(['measure', 'median (min–max over rounds)', 'target']), row(['---', '---', '---']),
    row(['service, events/s', spread(i.service), '≥ 20,000']),
    row(['raw INSERT ceiling, events/s', i.skippedRaw ? i.skippedRaw : spread(i.raw), '']),
    row(['ratio service ÷ ceiling', ratios.length ? spread(ratios, 3) : '—', '≥ 0.3']),
    row(['service peak RSS (VmHWM) after ingest', `${i.peakRssMiB.toFixed(0)} MiB`, 'bounded']), '',
  ];
}

function traceSection(t: readonly TraceFigures[]): string[] {
  const lines = [
    '## Trace', '',
    '`GET /trace?direction=…&maxDepth=12` from random lots (farm, intermediate and product lots), one request at a time as a regulator, over the whole ingested chain. Ceiling: the same closure by an in-memory breadth-first walk over the same `lineage_edges` (walked types `transformed_into`, `packed_into`) loaded into the bench process. Latencies are per-round percentiles; the table shows their median and spread over rounds.', '',
    row(['direction', 'service p50 ms', 'service p99 ms', 'in-memory p50 ms', 'in-memory p99 ms', 'ratio p99 (ceiling ÷ service)', 'nodes returned median (max)', 'node-count mismatches', 'target']),
    row(['---', '---', '---', '---', '---', '---', '---', '---', '---']),
  ];
  for (const d of t) {
    lines.push(row([d.direction, spread(d.service.p50, 1), spread(d.service.p99, 1), spread(d.memory.p50, 3), spread(d.memory.p99, 3), ratio(median(d.memory.p99), median(d.service.p99)), `${median(d.nodes)} (${Math.max(...d.nodes)})`, `${d.mismatches} of ${d.samples}`, 'p99 ≤ 50 ms']));
  }
  return [...lines, ''];
}

function qrSection(q: readonly QrFigures[]): string[] {
  const bare = q.find((x) => x.target.startsWith('bare'));
  const targets: Readonly<Record<string, string>> = { page: '≥ 3,000 req/s, p99 ≤ 30 ms, ≥ 0.4 of bare', json: '≥ 5,000 req/s, p99 ≤ 30 ms, ≥ 0.4 of bare' };
  const lines = [
    '## QR resolver', '',
    '`GET /01/{gtin}/10/{lot}` of a packed product lot with autocannon (keep-alive connections, no `If-None-Match`, so every answer is built and sent in full), HTML (`Accept: text/html`) and JSON (`Accept: application/json`). Ceiling: `GET /bench/bare` in the same server (same middleware, constant JSON), run in the same rounds; the order of the three rotates each round.', '',
    row(['answer', 'req/s median (min–max)', 'p99 ms median (min–max)', 'ratio to bare (req/s)', 'errors', 'target']), row(['---', '---', '---', '---', '---', '---']),
  ];
  for (const x of q) {
    // autocannon counts only answers that completed inside the window; none at all is not "0 ms".
    const none = x.reqPerSec.every((v) => v === 0);
    const rps = none ? 'no answer completed within any window' : spread(x.reqPerSec);
    lines.push(row([x.target, rps, none ? '> window' : spread(x.p99, 1), bare && x !== bare ? ratio(median(x.reqPerSec), median(bare.reqPerSec)) : '—', x.errors, targets[x.target] ?? '']));
  }
  return [...lines, ''];
}

function soakSection(s: SoakResult): string[] {
  const growth = ((s.rss.end - s.rss.middle) / s.rss.middle) * 100;
  return [
    '## Sustained load', '',
    `${s.seconds} s of mixed load at once: captures (100-event documents, 2 clients, each job polled to success), traces (1 client, random lots, both directions, depth 12) and consumer QR answers (6 clients, HTML and JSON of random product lots).`, '',
    row(['measure', 'value']), row(['---', '---']),
    row(['events captured', s.capturedEvents.toLocaleString('en-US')]), row(['traces answered', s.traces]), row(['QR answers', s.pages]),
    row(['errors', `${s.errors}${s.errorSamples.length ? ` (${s.errorSamples.join('; ').replace(/\|/g, '/')})` : ''}`]),
    row(['service RSS start / middle / end', `${s.rss.start.toFixed(0)} / ${s.rss.middle.toFixed(0)} / ${s.rss.end.toFixed(0)} MiB`]),
    row(['RSS change, second half', `${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %`]), row(['service peak RSS since start', `${s.rss.peak.toFixed(0)} MiB`]),
    row(['private memory (RssAnon) start / middle / end', `${s.anon.start.toFixed(0)} / ${s.anon.middle.toFixed(0)} / ${s.anon.end.toFixed(0)} MiB`]),
    row(['private memory (RssAnon) highest sample, first half / second half', `${s.anonPeaks[0].toFixed(0)} / ${s.anonPeaks[1].toFixed(0)} MiB`]),
    row(['private memory trend, second half (least squares, samples every 2 s)', `${s.anonSlopeMiBPerMin >= 0 ? '+' : ''}${s.anonSlopeMiBPerMin.toFixed(1)} MiB/min`]), '',
    'RSS counts the pages of memory-mapped files (the ledger world state in LMDB) that the process has touched; the kernel can drop those and read them back. The private part (RssAnon: JavaScript heap, buffers, stacks) is what the service itself holds.', '',
  ];
}

/** Renders the report as markdown, with the hand-written profiling notes appended. */
export function renderReport(r: BenchReport, notesFile: string): string {
  const notes = fs.existsSync(notesFile) ? fs.readFileSync(notesFile, 'utf8').trim() : '';
  return [
    '# Benchmarks', '',
    '<!-- Generated by scripts/bench/main.ts; the profiling notes come from scripts/bench/profiling-notes.md. -->', '',
    ...machineSection(r),
    ...(r.ingest ? ingestSection(r.ingest) : []),
    ...(r.trace ? traceSection(r.trace) : []),
    ...(r.qr ? qrSection(r.qr) : []),
    ...(r.soak ? soakSection(r.soak) : []),
    '## Fabric mode', '', r.fabric, '',
    ...(notes ? [notes, ''] : []),
  ].join('\n');
}

export function writeReport(file: string, r: BenchReport): void {
  fs.writeFileSync(file, renderReport(r, path.join(__dirname, 'profiling-notes.md')));
}
