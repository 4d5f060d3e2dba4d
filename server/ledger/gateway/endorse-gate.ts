/**
 * Bounds the events whose endorsement runs at once. A chaincode container runs every proposal on one event
 * loop and each state read or write is a round trip to the peer, so on a small network sixteen 1,000-event
 * proposals at once take longer each than their deadline (all of them fail) while four at once finish. A
 * submit waits here, first come first served, before its endorse deadline starts; commits are not bounded.
 */
export class EndorseGate {
  readonly #capacity: number;
  #inFlight = 0;
  readonly #waiting: { weight: number; go: () => void }[] = [];

  /** `capacity`: events endorsed at once; a proposal larger than it runs alone. */
  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
  }

  /** Runs `work` once `events` fit beside the proposals being endorsed. */
  async run<T>(events: number, work: () => Promise<T>): Promise<T> {
    const weight = Math.min(Math.max(1, events), this.#capacity);
    if (this.#waiting.length > 0 || this.#inFlight + weight > this.#capacity)
      await new Promise<void>((go) => this.#waiting.push({ weight, go }));
    else this.#inFlight += weight;
    try {
      return await work();
    } finally {
      this.#inFlight -= weight;
      this.#wake();
    }
  }

  /** Events being endorsed now and proposals waiting (for tests and metrics). */
  get load(): { readonly inFlight: number; readonly waiting: number } {
    return { inFlight: this.#inFlight, waiting: this.#waiting.length };
  }

  #wake(): void {
    for (let next = this.#waiting[0]; next && this.#inFlight + next.weight <= this.#capacity; next = this.#waiting[0]) {
      this.#waiting.shift();
      this.#inFlight += next.weight;
      next.go();
    }
  }
}
