import os from 'node:os';
import { parseArgs } from 'node:util';
import { fabricBench } from './fabric-bench';
import { fabricSection, writeFabricSection } from './fabric-report';

const list = (s: string): number[] => s.split(',').map((x) => Number(x.trim()));

/**
 * `npm run bench -- --fabric [--fabric-clients 1,4,16] [--fabric-sizes 100,1000] [--fabric-seconds 60]
 * [--fabric-soak-seconds 300] [--fabric-reuse-network] [--out BENCHMARKS.md]`: the Fabric matrix only;
 * rewrites only the "Fabric mode" section of --out. Needs FABRIC_BIN_DIR (see docs/fabric.md).
 */
export async function runFabricBenchCli(argv: readonly string[]): Promise<void> {
  const { values: a } = parseArgs({
    args: [...argv],
    options: {
      fabric: { type: 'boolean' },
      out: { type: 'string', default: 'BENCHMARKS.md' },
      'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      'fabric-clients': { type: 'string', default: '1,4,16' },
      'fabric-sizes': { type: 'string', default: '100,1000' },
      'fabric-seconds': { type: 'string', default: '60' },
      'fabric-soak-seconds': { type: 'string', default: '300' },
      'fabric-reuse-network': { type: 'boolean', default: false },
    },
  });
  const started = new Date();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
  const log = (line: string): void => void process.stderr.write(`[bench:fabric ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  const result = await fabricBench({
    clients: list(a['fabric-clients']),
    docSizes: list(a['fabric-sizes']),
    seconds: Number(a['fabric-seconds']),
    soakSeconds: Number(a['fabric-soak-seconds']),
    freshNetwork: !a['fabric-reuse-network'],
    adminUrl: a['admin-url'],
    log,
  });
  const command = `npm run bench -- ${argv.join(' ')}`.trim();
  writeFabricSection(a.out, fabricSection(result, { command, date: started.toISOString(), load }));
  log(`wrote the Fabric section of ${a.out} (${((Date.now() - started.getTime()) / 1000).toFixed(0)} s)`);
}
