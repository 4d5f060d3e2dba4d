import { performance } from 'node:perf_hooks';
import { bootstrap, registerEnterprise } from '../../chaincode/src/core/enterprises';
import { recordEvents } from '../../chaincode/src/core/events';
import type { Creator, LedgerState } from '../../chaincode/src/core/state';
import { prepareEvents } from '../../server/features/epcis/prepare-events';
import { runMain } from '../lib/run-main';
import { chainBatches, chainEnterprises, ChainGenerator, DEFAULT_CHAIN } from './chain-generator';

/**
 * What the shared rules cost per event inside one transaction, the way a Fabric peer would see them:
 * state reads (each a chaincode↔peer round trip on Fabric), writes, range scans, and the CPU time of
 * the rules themselves, for transactions of the benchmark chain's events. Runs the rules of
 * chaincode/src/core over an in-memory state that counts every call; no network, no index.
 *
 * Usage: npx tsx scripts/bench/chaincode-cost.ts [events=20000] [eventsPerTx=1000]
 */

interface Counts {
  gets: number;
  puts: number;
  scans: number;
  eventBytes: number;
}

const ROUND_TRIP_MS = 0.25; // a chaincode↔peer round trip (getState or putState) measured on these machines

class CountingState {
  readonly #committed = new Map<string, string>();
  #tx = 0;

  async run<T>(creator: Creator, rule: (state: LedgerState) => Promise<T>, counts: Counts): Promise<T> {
    const writes = new Map<string, string>();
    const committed = this.#committed;
    const key = (type: string, attrs: readonly string[]): string => `\u0000${[type, ...attrs].join('\u0000')}\u0000`;
    const state: LedgerState = {
      txId: `tx${++this.#tx}`,
      txTime: new Date(Date.UTC(2026, 11, 2, 0, 0, this.#tx)).toISOString(),
      creator,
      get: (k) => {
        counts.gets += 1;
        return Promise.resolve(committed.get(k));
      },
      put: (k, v) => {
        counts.puts += 1;
        writes.set(k, v);
        return Promise.resolve();
      },
      scan: (type, attrs) => {
        counts.scans += 1;
        const prefix = key(type, attrs);
        const entries = [...committed.entries()].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : 1));
        return {
          [Symbol.asyncIterator]: () => ({
            next: (
              (it) => () =>
                Promise.resolve(it.next())
            )(entries[Symbol.iterator]()),
          }),
        };
      },
      key,
      emit: (_name, payload) => void (counts.eventBytes += Buffer.byteLength(payload)),
    };
    const result = await rule(state);
    for (const [k, v] of writes) committed.set(k, v);
    return result;
  }
}

const ADMIN: Creator = { mspId: 'RegulatorMSP', id: 'operator' };
const identityOf = (enterpriseId: string): Creator => ({ mspId: 'EnterpriseMSP', id: `enterprise:${enterpriseId}` });
const zero = (): Counts => ({ gets: 0, puts: 0, scans: 0, eventBytes: 0 });

async function setUp(ledger: CountingState): Promise<void> {
  await ledger.run(ADMIN, (s) => bootstrap(s, { name: 'operator' }), zero());
  for (const e of chainEnterprises(DEFAULT_CHAIN)) {
    await ledger.run(
      ADMIN,
      (s) => registerEnterprise(s, { id: e.id, name: e.name, companyPrefixes: [e.prefix], identity: identityOf(e.id) }),
      zero(),
    );
  }
}

/** What the rules cost per event, as `scripts/bench/chaincode-cost.ts` prints it. */
export interface ChaincodeCost {
  readonly events: number;
  readonly txs: number;
  readonly readsPerEvent: number;
  readonly writesPerEvent: number;
  readonly scansPerEvent: number;
  readonly payloadBytesPerEvent: number;
  readonly cpuMsPer1000: number;
  readonly slowestCpuMsPer1000: number;
}

/** Runs `events` of the benchmark chain through the rules in transactions of up to `perTx` events. */
export async function chaincodeCost(events: number, perTx: number): Promise<ChaincodeCost> {
  const ledger = new CountingState();
  await setUp(ledger);
  const total = zero();
  let recorded = 0;
  let txs = 0;
  let cpuMs = 0;
  let slowestPer1000 = 0;
  for (const batch of chainBatches(new ChainGenerator(DEFAULT_CHAIN), events, perTx)) {
    const { events: prepared, errors } = prepareEvents(batch.events, undefined);
    if (errors.length > 0) throw new Error(`generated events do not validate: ${errors[0]?.message ?? ''}`);
    const counts = zero();
    const t0 = performance.now();
    const result = await ledger.run(
      identityOf(batch.recorder),
      (s) => recordEvents(s, { events: prepared.map(({ eventID, event }) => ({ eventID, event })) }),
      counts,
    );
    const ms = performance.now() - t0;
    cpuMs += ms;
    slowestPer1000 = Math.max(slowestPer1000, (ms / prepared.length) * 1000);
    recorded += result.accepted.length;
    txs += 1;
    for (const k of ['gets', 'puts', 'scans', 'eventBytes'] as const) total[k] += counts[k];
  }
  const per = (n: number): number => n / recorded;
  return {
    events: recorded,
    txs,
    readsPerEvent: per(total.gets),
    writesPerEvent: per(total.puts),
    scansPerEvent: per(total.scans),
    payloadBytesPerEvent: per(total.eventBytes),
    cpuMsPer1000: (cpuMs / recorded) * 1000,
    slowestCpuMsPer1000: slowestPer1000,
  };
}

async function main(): Promise<number> {
  const [events = 20000, perTx = 1000] = process.argv.slice(2).map(Number);
  const c = await chaincodeCost(events, perTx);
  process.stdout.write(
    [
      `${c.events} events in ${c.txs} transactions (up to ${perTx} events each), rules of chaincode/src/core`,
      `state reads per event   ${c.readsPerEvent.toFixed(2)}`,
      `state writes per event  ${c.writesPerEvent.toFixed(2)}`,
      `range scans per event   ${c.scansPerEvent.toFixed(2)}`,
      `event payload per event ${c.payloadBytesPerEvent.toFixed(2)} bytes`,
      `rules CPU per 1,000 events: ${c.cpuMsPer1000.toFixed(0)} ms on average, ${c.slowestCpuMsPer1000.toFixed(0)} ms in the slowest transaction`,
      `on Fabric add ≈ ${((c.readsPerEvent + c.writesPerEvent) * 1000 * ROUND_TRIP_MS).toFixed(0)} ms per 1,000 events: each getState and putState is a chaincode↔peer round trip (${ROUND_TRIP_MS} ms)`,
      '',
    ].join('\n'),
  );
  return 0;
}

if (require.main === module) runMain(main);
