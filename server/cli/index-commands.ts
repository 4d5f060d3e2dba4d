import { SingleBar, Presets } from 'cli-progress';
import { rebuildIndex } from '../index/rebuild';
import { tableDigests } from '../index/index-digest';
import { ALL_PROJECTIONS } from '../index/all-projections';
import { checkIndex } from '../index/index-check';
import { withLocalService } from './local-service';

/** `index rebuild`: drop the derived tables and replay the ledger, with a progress bar. */
export async function indexRebuild(): Promise<number> {
  return withLocalService(
    async ({ deps }) => {
      await deps.indexer.close();
      const bar = new SingleBar(
        { format: 'rebuilding index |{bar}| {value}/{total} blocks | {eta_formatted} left', hideCursor: true },
        Presets.shades_classic,
      );
      const started = Date.now();
      const { height, quarantined, firstQuarantined } = await rebuildIndex({
        knex: deps.knex,
        ledger: deps.ledger,
        projections: ALL_PROJECTIONS,
        logger: deps.logger,
        ...(deps.indexSeal ? { seal: deps.indexSeal } : {}),
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
      for (const q of firstQuarantined)
        process.stdout.write(
          `  block ${q.blockNumber} tx ${q.txIndex} ${q.txId.slice(0, 16)} ${q.eventName}: ${q.errorMessage.slice(0, 200)}\n`,
        );
      return 3;
    },
    { allowIndexAhead: true },
  );
}

/**
 * `ledger verify [--deep]`: the fast check (headers, links, data hashes, every signature, the state
 * store against its signed checkpoint; the index against its seal), or with `--deep` every block
 * re-executed too, with a progress bar and the rate, and the index rebuilt from the ledger and
 * compared row by row; prints the reports and exits 1 when anything is wrong.
 */
export async function ledgerVerify(args: readonly string[] = []): Promise<number> {
  const deep = args.includes('--deep');
  return withLocalService(async ({ deps }) => {
    const bar = new SingleBar(
      { format: 're-executing |{bar}| {value}/{total} blocks | {events} events, {rate} events/s | {eta_formatted} left', hideCursor: true },
      Presets.shades_classic,
    );
    const started = Date.now();
    const rate = (events: number): string => ((events * 1000) / Math.max(1, Date.now() - started)).toFixed(0);
    const report = await deps.ledger.verify({
      deep,
      onProgress: ({ blocks, height, events }) => {
        if (!bar.isActive) bar.start(height, 0, { events: 0, rate: '0' });
        bar.update(blocks, { events, rate: rate(events) });
      },
    });
    bar.stop();
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    const events = report.reexecutedEvents;
    const perSecond = events === undefined ? '' : `: ${events} events re-executed, ${rate(events)} events/s`;
    process.stdout.write(
      `${deep ? 'deep' : 'fast'} verify of the ledger ${report.ok ? 'ok' : 'FAILED'} in ${seconds.toFixed(1)} s${perSecond}\n`,
    );
    const indexStarted = Date.now();
    process.stdout.write(
      deep ? 'rebuilding the index from the ledger to compare it row by row…\n' : 'checking the index against its seal…\n',
    );
    const { tables: _omitted, ...index } = await checkIndex(deps, { full: deep });
    process.stdout.write(`${JSON.stringify(index, null, 2)}\n`);
    const how = index.method === 'sealed' ? 'against its seal' : 'rebuilt and compared row by row';
    process.stdout.write(`index ${index.ok ? 'ok' : 'FAILED'} (${how}) in ${((Date.now() - indexStarted) / 1000).toFixed(1)} s\n`);
    return report.ok && index.ok ? 0 : 1;
  });
}
