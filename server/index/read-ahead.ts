/**
 * Pulls `source` ahead of its consumer into a bounded queue and yields whatever has arrived, up to
 * `max` items at a time, so reading the next blocks overlaps writing the previous ones. When the
 * consumer stops early, `stop()` is called so the source can end.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, max: number, stop: () => void): AsyncGenerator<T[]> {
  const queue: T[] = [];
  let finished = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  let resume: (() => void) | undefined;
  const reader = (async (): Promise<void> => {
    try {
      for await (const item of source) {
        queue.push(item);
        wake?.();
        if (queue.length >= max * 2) await new Promise<void>((r) => (resume = r));
      }
    } catch (err) {
      failure = err;
    } finally {
      finished = true;
      wake?.();
    }
  })();
  const arrivals = async (): Promise<void> => {
    if (queue.length === 0 && !finished) await new Promise<void>((r) => (wake = r));
    wake = undefined;
    // What the source has ready (the rest of a block after its first transaction, typically) it
    // hands over within this turn of the event loop: wait for that turn to end, so a block and its
    // end make one batch, and one index commit, rather than two.
    if (queue.length < max && !finished) await new Promise<void>((r) => setImmediate(r));
  };
  try {
    for (;;) {
      await arrivals();
      if (queue.length > 0) {
        const batch = queue.splice(0, max);
        resume?.();
        resume = undefined;
        yield batch;
      } else if (finished) break;
    }
    if (failure) throw failure instanceof Error ? failure : new Error('the ledger event source failed', { cause: failure });
  } finally {
    stop();
    resume?.();
    await reader;
  }
}
