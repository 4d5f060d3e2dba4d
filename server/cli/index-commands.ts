import { SingleBar, Presets } from 'cli-progress';
import { rebuildIndex } from '../index/rebuild';
import { tableDigests } from '../index/index-digest';
import { ALL_PROJECTIONS } from '../index/all-projections';
import { withLocalService } from './local-service';

/** `index rebuild`: drop the derived tables and replay the ledger, with a progress bar. */
export async function indexRebuild(): Promise<number> {
  return withLocalService(async ({ deps }) => {
    await deps.indexer.close();
    const bar = new SingleBar({ format: 'rebuilding index |{bar}| {value}/{total} blocks | {eta_formatted} left', hideCursor: true }, Presets.shades_classic);
    const started = Date.now();
    const { height, quarantined, firstQuarantined } = await rebuildIndex({
      knex: deps.knex,
      ledger: deps.ledger,
      projections: ALL_PROJECTIONS,
      logger: deps.logger,
      onProgress: (done, total) => {
        if (!bar.isActive) bar.start(total, 0);
        bar.update(done);
      },
    });
    bar.stop();
    const digests = await tableDigests(deps.knex);
    process.stdout.write(`Rebuilt the index from ${height} blocks in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    for (const [table, digest] of Object.entries(digests)) process.stdout.write(`  ${table.padEnd(16)} ${digest.slice(0, 16)}\n`);
    if (quarantined === 0) return 0;
    process.stdout.write(`${quarantined} ledger event(s) could not be indexed and were quarantined (GET /ledger/quarantine):\n`);
    for (const q of firstQuarantined) process.stdout.write(`  block ${q.blockNumber} tx ${q.txIndex} ${q.txId.slice(0, 16)} ${q.eventName}: ${q.errorMessage.slice(0, 200)}\n`);
    return 3;
  }, { allowIndexAhead: true });
}

/** `ledger verify`: recompute the chain and signatures; exit 1 when anything is wrong. */
export async function ledgerVerify(): Promise<number> {
  return withLocalService(async ({ deps }) => {
    const report = await deps.ledger.verify();
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return report.ok ? 0 : 1;
  });
}
