import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SoakResult } from './soak';
import type { StartupFigures } from './startup';

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
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    ramGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    index,
    loadStart,
    loadEnd: os.loadavg(),
  };
}

export interface IngestFigures {
  readonly eventsPerRound: number;
  readonly service: number[];
  readonly raw: number[];
  /** Per round, ms per 1,000 events the capture transactions spent on the ledger and then waiting for the index (`suyuan_capture_stage_seconds`). */
  readonly stagesMs?: { readonly ledger: number[]; readonly index: number[] };
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
  /** CPU time of the answering process per answer, µs (user + system over the load window ÷ answers). */
  readonly cpuUs: number[];
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
  readonly startup?: StartupFigures;
  readonly fabric: string;
  readonly totalSeconds: number;
}

const row = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |`;
const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(a / b < 0.01 ? 4 : 2) : '—');

function machineSection(r: BenchReport): string[] {
  const m = r.machine;
  return [
    `Produced by \`${r.command}\` on ${r.date} in ${Math.round(r.totalSeconds)} s.`,
    '',
    row(['machine', 'value']),
    row(['---', '---']),
    row(['CPU', `${m.cpu}, ${m.cores} cores`]),
    row(['RAM', `${m.ramGiB} GiB`]),
    row(['Node', m.node]),
    row(['OS', m.os]),
    row(['index', m.index]),
    row(['load average (1/5/15 min) at start', m.loadStart.map((l) => l.toFixed(2)).join(' / ')]),
    row(['load average at end', m.loadEnd.map((l) => l.toFixed(2)).join(' / ')]),
    ...Object.entries(r.settings).map(([k, v]) => row([k, v])),
    '',
    m.loadStart[0] !== undefined && m.loadStart[0] > m.cores
      ? `**The machine was busy**: the 1-minute load average was ${m.loadStart[0].toFixed(1)} on ${m.cores} cores when the run started (other work was running), so every figure below is lower and noisier than on an idle machine; the ratios to the same-run ceilings are the figures to compare.`
      : 'The machine was not overloaded when the run started (load average below the core count).',
    '',
  ];
}

function ingestSection(i: IngestFigures): string[] {
  const ratios = i.service.map((s, k) => s / (i.raw[k] ?? NaN)).filter((v) => Number.isFinite(v));
  return [
    '## Ingest',
    '',
    `\`POST /capture\` of 1,000-event EPCISDocuments (${(i.docBytes / 1024).toFixed(0)} KiB each on average), counted when every capture job reported success and \`GET /ledger\` showed the index caught up; ${i.service.length} rounds of ${i.eventsPerRound.toLocaleString('en-US')} events each, one after another on the same growing ledger and index. Ceiling: the same event JSON by multi-row INSERT (1,000 rows per statement, same client concurrency) into \`(id text primary key, doc jsonb)\` on the same Postgres, run after each service round.`,
    '',
    row(['measure', 'median (min–max over rounds)', 'target']),
    row(['---', '---', '---']),
    row(['service, events/s', spread(i.service), '≥ 20,000']),
    row(['raw INSERT ceiling, events/s', i.skippedRaw ? i.skippedRaw : spread(i.raw), '']),
    row(['ratio service ÷ ceiling', ratios.length ? spread(ratios, 3) : '—', '≥ 0.3']),
    ...(i.stagesMs
      ? [
          row(['capture transactions: recording them on the ledger, ms per 1,000 events', spread(i.stagesMs.ledger), '']),
          row(['capture transactions: then waiting until the index holds them, ms per 1,000 events', spread(i.stagesMs.index), '']),
          row([
            'documents on their way at once (mean)',
            spread(
              i.service.map((rate, k) => (((i.stagesMs?.ledger[k] ?? 0) + (i.stagesMs?.index[k] ?? 0)) * rate) / 1e6),
              1,
            ),
            '',
          ]),
        ]
      : []),
    row(['service peak RSS (VmHWM) after ingest', `${i.peakRssMiB.toFixed(0)} MiB`, 'bounded']),
    '',
    ...(i.stagesMs
      ? [
          "The two stage rows come from the service's `suyuan_capture_stage_seconds`, summed over the round's transactions. A capture job succeeds once its transaction is on the ledger and in the index, and a client sends the next document of its enterprise after that, in chain order (a receipt after its shipment): so the stages' time summed over the round, divided by the round's length, is how many documents were on their way at once (the third row). Where that is near the number of clients, the rate is what one document's trip allows, and the larger stage is what it waits for.",
          '',
        ]
      : []),
  ];
}

function traceSection(t: readonly TraceFigures[]): string[] {
  const lines = [
    '## Trace',
    '',
    '`GET /trace?direction=…&maxDepth=12` from random lots (farm, intermediate and product lots), one request at a time as a regulator, over the whole ingested chain. Ceiling: the same closure by an in-memory breadth-first walk over the same `lineage_edges` (walked types `transformed_into`, `packed_into`) loaded into the bench process. Latencies are per-round percentiles; the table shows their median and spread over rounds.',
    '',
    row([
      'direction',
      'service p50 ms',
      'service p99 ms',
      'in-memory p50 ms',
      'in-memory p99 ms',
      'ratio p99 (ceiling ÷ service)',
      'nodes returned median (max)',
      'node-count mismatches',
      'target',
    ]),
    row(['---', '---', '---', '---', '---', '---', '---', '---', '---']),
  ];
  for (const d of t) {
    lines.push(
      row([
        d.direction,
        spread(d.service.p50, 1),
        spread(d.service.p99, 1),
        spread(d.memory.p50, 3),
        spread(d.memory.p99, 3),
        ratio(median(d.memory.p99), median(d.service.p99)),
        `${median(d.nodes)} (${Math.max(...d.nodes)})`,
        `${d.mismatches} of ${d.samples}`,
        'p99 ≤ 50 ms',
      ]),
    );
  }
  return [...lines, ''];
}

/** A QR run of its own (`--only qr`): what it ran on, for the one section it rewrites. */
export interface QrRun {
  readonly command: string;
  readonly date: string;
  readonly index: string;
  readonly events: number;
  readonly connections: number;
  readonly seconds: number;
  readonly loadStart: readonly number[];
  readonly loadEnd: readonly number[];
  readonly figures: readonly QrFigures[];
}

const QR_TARGET = '≥ 0.5 of its ceiling, p99 ≤ 30 ms';

function qrSection(q: readonly QrFigures[], run?: QrRun): string[] {
  const load = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(' / ');
  const lines = [
    '## QR resolver',
    '',
    ...(run
      ? [
          `Produced by \`${run.command}\` on ${run.date} (this section only; the others come from the run above): ${run.events.toLocaleString('en-US')} events ingested unmeasured first, index ${run.index}, ${run.connections} connections × ${run.seconds} s per target per round, load average (1/5/15 min) ${load(run.loadStart)} at the start of the QR rounds and ${load(run.loadEnd)} at their end.`,
          '',
        ]
      : []),
    "`GET /01/{gtin}/10/{lot}` of a packed product lot, anonymous, with autocannon (keep-alive connections, no `If-None-Match`, so every answer is sent in full), HTML (`Accept: text/html`) and JSON (`Accept: application/json`), `Accept-Language: zh-CN`. Ceiling: a bare `node:http` server in its own process (`scripts/bench/bare-server.ts`) that answers the same bytes — the body and headers (ETag, Cache-Control, CSP and the other security headers) the service gave for that lot — with no routing, parsing or logging. Each round takes another lot and runs the four targets one after another, the order rotating each round; ratios are of the medians. CPU per answer is the answering process's user + system time over the window (from /proc) divided by its answers: on a busy machine it moves less than req/s, which depends on how much of the cores the process got.",
    '',
    row([
      'answer',
      'req/s median (min–max)',
      'p99 ms median (min–max)',
      'ratio to its ceiling (req/s)',
      'CPU µs per answer median (min–max)',
      'ratio of CPU per answer (ceiling ÷ service)',
      'errors',
      'target',
    ]),
    row(['---', '---', '---', '---', '---', '---', '---', '---']),
  ];
  for (const x of q) {
    const ceiling = q.find((c) => c.target === `bare ${x.target}`);
    // autocannon counts only answers that completed inside the window; none at all is not "0 ms".
    const none = x.reqPerSec.every((v) => v === 0);
    const rps = none ? 'no answer completed within any window' : spread(x.reqPerSec);
    const name = x.target.startsWith('bare') ? `ceiling (node:http), ${x.target.slice(5)}` : `service, ${x.target}`;
    const cpuRatio = ceiling ? ratio(median(ceiling.cpuUs), median(x.cpuUs)) : '—';
    lines.push(
      row([
        name,
        rps,
        none ? '> window' : spread(x.p99, 1),
        ceiling ? ratio(median(x.reqPerSec), median(ceiling.reqPerSec)) : '—',
        spread(x.cpuUs),
        cpuRatio,
        x.errors,
        ceiling ? QR_TARGET : '',
      ]),
    );
  }
  return [...lines, ''];
}

/** Rewrites only the QR section of an existing report (or appends it), keeping every other section. */
export function writeQrSection(file: string, run: QrRun): void {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n\n';
  const section = qrSection(run.figures, run).join('\n');
  const start = text.indexOf('\n## QR resolver\n');
  if (start < 0) {
    fs.writeFileSync(file, `${text.trimEnd()}\n\n${section}\n`);
    return;
  }
  const next = text.indexOf('\n## ', start + 1);
  fs.writeFileSync(file, `${text.slice(0, start + 1)}${section}${next < 0 ? '' : text.slice(next)}`);
}

function soakSection(s: SoakResult): string[] {
  const growth = ((s.rss.end - s.rss.middle) / s.rss.middle) * 100;
  return [
    '## Sustained load',
    '',
    `${s.seconds} s of mixed load at once: captures (100-event documents, 2 clients, each job polled to success), traces (1 client, random lots, both directions, depth 12) and consumer QR answers (6 clients, HTML and JSON of random product lots).`,
    '',
    row(['measure', 'value']),
    row(['---', '---']),
    row(['events captured', s.capturedEvents.toLocaleString('en-US')]),
    row(['traces answered', s.traces]),
    row(['QR answers', s.pages]),
    row(['errors', `${s.errors}${s.errorSamples.length ? ` (${s.errorSamples.join('; ').replace(/\|/g, '/')})` : ''}`]),
    row(['service RSS start / middle / end', `${s.rss.start.toFixed(0)} / ${s.rss.middle.toFixed(0)} / ${s.rss.end.toFixed(0)} MiB`]),
    row(['RSS change, second half', `${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %`]),
    row(['service peak RSS since start', `${s.rss.peak.toFixed(0)} MiB`]),
    row([
      'private memory (RssAnon) start / middle / end',
      `${s.anon.start.toFixed(0)} / ${s.anon.middle.toFixed(0)} / ${s.anon.end.toFixed(0)} MiB`,
    ]),
    row([
      'private memory (RssAnon) highest sample, first half / second half',
      `${s.anonPeaks[0].toFixed(0)} / ${s.anonPeaks[1].toFixed(0)} MiB`,
    ]),
    row([
      'private memory trend, second half (least squares, samples every 2 s)',
      `${s.anonSlopeMiBPerMin >= 0 ? '+' : ''}${s.anonSlopeMiBPerMin.toFixed(1)} MiB/min`,
    ]),
    '',
    'RSS counts the pages of memory-mapped files (the ledger world state in LMDB) that the process has touched; the kernel can drop those and read them back. The private part (RssAnon: JavaScript heap, buffers, stacks) is what the service itself holds.',
    '',
  ];
}

function startupSection(s: StartupFigures): string[] {
  const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const perEvent = (bytes: number): string => `${Math.round(bytes / Math.max(1, s.events)).toLocaleString('en-US')} B`;
  const n = s.events.toLocaleString('en-US');
  return [
    '## Start-up and verification',
    '',
    `The service stopped (SIGTERM) and started again on the same data folder and index, timed from spawning the process to its first \`GET /readyz\` 200 (in brackets: to listening): once right after its first start, with no events, and once at the end of the run, with ${n} events. Then \`GET /ledger/verify\` as a regulator (the fast depth: headers, links, data hashes, signatures, the state store against its signed checkpoint, and the index against its seal, or rebuilt from the ledger and compared when the seal does not hold). Disk: the ledger folder without its world state (block file, keys), the LMDB world state (\`ledger/store\`), and \`pg_database_size\` of the index.`,
    '',
    row(['measure', 'value', 'target']),
    row(['---', '---', '---']),
    row(['restart to ready, no events', `${secs(s.empty.readyMs)} (${secs(s.empty.listeningMs)})`, '']),
    row([`restart to ready, ${n} events`, `${secs(s.full.readyMs)} (${secs(s.full.listeningMs)})`, '']),
    row(['ratio', (s.full.readyMs / s.empty.readyMs).toFixed(2), '≤ 2']),
    row([
      `fast verify, ${n} events`,
      `${secs(s.fastVerify.ms)}: ${s.fastVerify.ok ? 'ok' : 'NOT ok'}; ledger ${secs(s.fastVerify.chainMs)} (${s.fastVerify.blocks.toLocaleString('en-US')} blocks, ${s.fastVerify.stateEntries.toLocaleString('en-US')} state entries), index ${secs(s.fastVerify.indexMs)}${s.fastVerify.indexMethod ? ` (${s.fastVerify.indexMethod})` : ''}`,
      '',
    ]),
    row(['disk per event: block file and keys', perEvent(s.disk.blocks), '']),
    row(['disk per event: world state', perEvent(s.disk.worldState), '']),
    row(['disk per event: index', s.disk.index === undefined ? '— (PGlite)' : perEvent(s.disk.index), '']),
    '',
  ];
}

/** Renders the report as markdown, with the hand-written profiling notes appended. */
export function renderReport(r: BenchReport, notesFile: string): string {
  const notes = fs.existsSync(notesFile) ? fs.readFileSync(notesFile, 'utf8').trim() : '';
  return [
    '# Benchmarks',
    '',
    '<!-- Generated by scripts/bench/main.ts; the profiling notes come from scripts/bench/profiling-notes.md. -->',
    '',
    ...machineSection(r),
    ...(r.ingest ? ingestSection(r.ingest) : []),
    ...(r.trace ? traceSection(r.trace) : []),
    ...(r.qr ? qrSection(r.qr) : []),
    ...(r.soak ? soakSection(r.soak) : []),
    ...(r.startup ? startupSection(r.startup) : []),
    '## Fabric mode',
    '',
    r.fabric,
    '',
    ...(notes ? [notes, ''] : []),
  ].join('\n');
}

export function writeReport(file: string, r: BenchReport): void {
  fs.writeFileSync(file, renderReport(r, path.join(__dirname, 'profiling-notes.md')));
}
