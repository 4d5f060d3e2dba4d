import fs from 'node:fs';
import { eventsPerSecond, type LoadFigures } from './fabric-load';
import type { FabricBenchResult } from './fabric-bench';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

function row(service: LoadFigures, ceiling: LoadFigures | undefined): string {
  const s = eventsPerSecond(service);
  const c = ceiling ? eventsPerSecond(ceiling) : 0;
  const ratio = c > 0 ? (s / c).toFixed(2) : '—';
  const failed = `${service.failedDocs} of ${service.docs + service.failedDocs}`;
  return `| ${service.clients} | ${service.docSize} | ${fmt(s)} | ${failed} | ${fmt(service.seconds)} | ${ceiling ? fmt(c) : '—'} | ${ceiling ? `${ceiling.failedDocs}` : '—'} | ${ratio} |`;
}

/** The "Fabric mode" section of BENCHMARKS.md. */
export function fabricSection(r: FabricBenchResult, meta: { command: string; date: string; load: string }): string[] {
  const failures = [...r.service, ...r.ceiling].filter((f) => f.firstFailure);
  return [
    '## Fabric mode',
    '',
    `Produced by \`${meta.command}\` on ${meta.date}; network: ${r.network}; load average at start ${meta.load}.`,
    '',
    'Two organisations (EnterpriseMSP and RegulatorMSP, one peer each, endorsement policy AND of both), one Raft orderer, Fabric v2.5.5 built from source, chaincode as a service, everything on this 2-core machine beside the service and its Postgres index.',
    "**Service**: `POST /capture` with `LEDGER=fabric` (a fresh index database), each capture job polled until it succeeded, then until the index caught up with the ledger; one recorder's documents in order, a document after those it depends on.",
    `**Ceiling**: the same documents' events sent by the same gateway client (same identities, retries and deadlines) to \`${'suyuan-ceiling'}\`, a chaincode the bench deploys beside the real one whose RecordEvents does one putState of each event's JSON and nothing else (no reads, no rules, no chaincode event).`,
    '',
    '| clients | events per document | service events/s | failed documents | seconds | ceiling events/s | ceiling failed | ratio service ÷ ceiling |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.service.map((s) =>
      row(
        s,
        r.ceiling.find((c) => c.clients === s.clients && c.docSize === s.docSize),
      ),
    ),
    '',
    `Rules per event on the benchmark chain (\`npx tsx scripts/bench/chaincode-cost.ts\`, same run): ${r.cost.readsPerEvent.toFixed(2)} state reads and ${r.cost.writesPerEvent.toFixed(2)} state writes (each a chaincode↔peer round trip on Fabric), ${fmt(r.cost.payloadBytesPerEvent)} bytes of chaincode event, ${fmt(r.cost.cpuMsPer1000)} ms of rules CPU per 1,000 events.`,
    '',
    'Targets (issue #16): ≥ 1,000 events/s, ≥ 0.5 of the ceiling, 0 failed documents.',
    ...(failures.length > 0
      ? [
          '',
          'First failure of each cell that had one:',
          '',
          ...failures.map((f) => `- ${f.clients} × ${f.docSize}: ${f.firstFailure ?? ''}`),
        ]
      : []),
  ];
}

/** Rewrites only the Fabric section of `file`, leaving the others as they are. */
export function writeFabricSection(file: string, lines: readonly string[]): void {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n\n';
  const start = text.indexOf('\n## Fabric mode\n');
  if (start < 0) {
    fs.writeFileSync(file, `${text.trimEnd()}\n\n${lines.join('\n')}\n`);
    return;
  }
  const next = text.indexOf('\n## ', start + 1);
  fs.writeFileSync(file, `${text.slice(0, start + 1)}${lines.join('\n')}\n${next < 0 ? '' : text.slice(next)}`);
}
