import type { DriftReport } from '../../index/index-digest';
import type { VerifyReport } from '../../ledger/trace-ledger';

/** One run of `GET /ledger/verify`: the chain, the index against it, and when it was computed. */
export interface VerificationReport {
  readonly ok: boolean;
  readonly checkedAt: string;
  readonly chain: VerifyReport;
  readonly index: DriftReport;
}

/**
 * Runs verifications one at a time and keeps the last report. A verification reads the whole chain
 * and hashes the whole state store, so callers who ask while one is running share it instead of starting another.
 */
export class VerificationReports {
  readonly #run: () => Promise<Omit<VerificationReport, 'checkedAt'>>;
  readonly #clock: () => Date;
  #running: Promise<VerificationReport> | undefined;
  #latest: VerificationReport | undefined;

  constructor(opts: { run: () => Promise<Omit<VerificationReport, 'checkedAt'>>; clock: () => Date }) {
    this.#run = opts.run;
    this.#clock = opts.clock;
  }

  /** A fresh report (or the one being computed right now). */
  fresh(): Promise<VerificationReport> {
    this.#running ??= this.#verify().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** The last completed report, if any. */
  latest(): VerificationReport | undefined {
    return this.#latest;
  }

  async #verify(): Promise<VerificationReport> {
    const checkedAt = this.#clock().toISOString();
    const report = { ...(await this.#run()), checkedAt };
    this.#latest = report;
    return report;
  }
}
