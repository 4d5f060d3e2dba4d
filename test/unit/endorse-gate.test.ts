import { EndorseGate } from '../../server/ledger/gateway/endorse-gate';

/** A piece of work that runs until `finish()` is called, and says when it started. */
function pending(log: string[], name: string): { work: () => Promise<string>; finish: () => void } {
  let finish = (): void => undefined;
  const done = new Promise<void>((r) => (finish = r));
  return {
    work: async () => {
      log.push(`start ${name}`);
      await done;
      return name;
    },
    finish: () => finish(),
  };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('EndorseGate: events endorsed at once', () => {
  it('runs proposals side by side while their events fit, and the next one only when room is made', async () => {
    const gate = new EndorseGate(2000);
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((n) => pending(log, n));
    const runs = [gate.run(1000, a!.work), gate.run(1000, b!.work), gate.run(1000, c!.work)];
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    expect(gate.load).toEqual({ inFlight: 2000, waiting: 1 });
    b!.finish();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'start c']);
    a!.finish();
    c!.finish();
    expect(await Promise.all(runs)).toEqual(['a', 'b', 'c']);
    expect(gate.load).toEqual({ inFlight: 0, waiting: 0 });
  });

  it('serves first come first served: a small proposal does not overtake a large one waiting', async () => {
    const gate = new EndorseGate(1000);
    const log: string[] = [];
    const [big1, big2, small] = ['big1', 'big2', 'small'].map((n) => pending(log, n));
    const runs = [gate.run(800, big1!.work), gate.run(800, big2!.work), gate.run(100, small!.work)];
    await tick();
    expect(log).toEqual(['start big1']);
    big1!.finish();
    await tick();
    expect(log).toEqual(['start big1', 'start big2', 'start small']);
    big2!.finish();
    small!.finish();
    await Promise.all(runs);
  });

  it('runs a proposal larger than the whole budget alone, and frees its share when the work fails', async () => {
    const gate = new EndorseGate(500);
    await expect(gate.run(5000, () => Promise.reject(new Error('endorse failed')))).rejects.toThrow('endorse failed');
    expect(gate.load).toEqual({ inFlight: 0, waiting: 0 });
    expect(await gate.run(5000, () => Promise.resolve('alone'))).toBe('alone');
  });
});
