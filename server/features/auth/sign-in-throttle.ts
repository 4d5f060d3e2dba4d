interface Window {
  failures: number;
  readonly endsAt: number;
}

/**
 * Counts failed sign-ins per key (a client address, a key prefix) in fixed windows. Past `limit`
 * failures a key is refused until its window ends. Memory is bounded: at most `maxKeys` windows are
 * kept, expired ones are dropped first, then the oldest.
 */
export class SignInThrottle {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #clock: () => Date;
  readonly #windows = new Map<string, Window>();

  constructor(opts: { limit: number; windowMs: number; clock: () => Date; maxKeys?: number }) {
    this.#limit = opts.limit;
    this.#windowMs = opts.windowMs;
    this.#clock = opts.clock;
    this.#maxKeys = opts.maxKeys ?? 100_000;
  }

  /** Seconds until every one of `keys` may try again, or 0 when none is over its limit. */
  retryAfterSeconds(keys: readonly string[]): number {
    if (this.#limit === 0) return 0;
    const now = this.#clock().getTime();
    let until = 0;
    for (const key of keys) {
      const w = this.#windows.get(key);
      if (w && w.endsAt > now && w.failures >= this.#limit) until = Math.max(until, w.endsAt);
    }
    return until === 0 ? 0 : Math.max(1, Math.ceil((until - now) / 1000));
  }

  /** Records one failure against each of `keys`. */
  fail(keys: readonly string[]): void {
    if (this.#limit === 0) return;
    const now = this.#clock().getTime();
    for (const key of keys) {
      const w = this.#windows.get(key);
      if (w && w.endsAt > now) w.failures += 1;
      else this.#windows.set(key, { failures: 1, endsAt: now + this.#windowMs });
    }
    this.#prune(now);
  }

  #prune(now: number): void {
    if (this.#windows.size <= this.#maxKeys) return;
    for (const [key, w] of this.#windows) if (w.endsAt <= now) this.#windows.delete(key);
    for (const key of this.#windows.keys()) {
      if (this.#windows.size <= this.#maxKeys) break;
      this.#windows.delete(key);
    }
  }
}
