import { encodeString } from '../../server/ledger/embedded/state-codec';
import { StateHash } from '../../server/ledger/embedded/state-hash';
import { StateHashWorkers, sumEntries } from '../../server/ledger/embedded/state-hash-workers';

// Entries of the shapes the world state holds: composite keys with NUL separators, long JSON values,
// lone surrogates (kept apart by the UTF-16 bytes), empty strings, and one value longer than a batch.
function entries(): Array<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [];
  for (let i = 0; i < 3000; i++) {
    out.push([
      `\u0000obj\u0000urn:epc:id:sgtin:0614141.107346.${i}\u0000`,
      JSON.stringify({ id: i, owner: `farm-${i % 7}`, note: '溯源'.repeat(i % 50) }),
    ]);
  }
  out.push(
    ['', ''],
    ['\uD800', '\uDC00'],
    ['\uDC00', '\uD800'],
    ['a\uD83D\uDE00b', '\uDBFF\uDFFFé\u07FF\u0800'],
    ['k\u0000', 'x'.repeat(1_500_000)],
  );
  return out;
}

function here(list: ReadonlyArray<readonly [string, string, (1 | -1)?]>): StateHash {
  const h = StateHash.empty();
  for (const [k, v, sign = 1] of list) {
    if (sign > 0) h.add(k, v);
    else h.remove(k, v);
  }
  return h;
}

describe('state hash summed on worker threads', () => {
  it('gives the sum StateHash.add gives, on one worker and on several', async () => {
    const list = entries();
    const expected = here(list).digest();
    for (const workers of [1, 3]) {
      const { hash, entries: n } = await sumEntries(list, workers);
      expect(n).toBe(list.length);
      expect(hash.digest()).toBe(expected);
    }
  });

  it('gives the same sum from entries in their stored encoding, which the workers decode', async () => {
    const list = entries();
    const encoded = list.map(([k, v]) => [encodeString(k), encodeString(v)] as const);
    for (const workers of [0, 2]) expect((await sumEntries(encoded, workers)).hash.digest()).toBe(here(list).digest());
  });

  it('subtracts entries whose sign is -1, as StateHash.remove does', async () => {
    const list = entries();
    const signed = list.map(([k, v], i) => [k, v, i % 3 === 0 ? -1 : 1] as const);
    const { hash } = await sumEntries(signed, 2);
    expect(hash.digest()).toBe(here(signed).digest());
    expect(hash.digest()).not.toBe(here(list).digest());
  });

  it('sums on this thread when asked for no workers, and an empty set is the empty hash', async () => {
    const list = entries().slice(0, 100);
    expect((await sumEntries(list, 0)).hash.digest()).toBe(here(list).digest());
    expect((await sumEntries([], 2)).hash.digest()).toBe(StateHash.empty().digest());
  });

  it('kept workers start each sum from zero, one sum at a time', async () => {
    const workers = new StateHashWorkers(2);
    try {
      const list = entries().slice(0, 500);
      const [a, b] = await Promise.all([workers.sum(list), workers.sum(list.slice(0, 10))]);
      expect(a.digest()).toBe(here(list).digest());
      expect(b.digest()).toBe(here(list.slice(0, 10)).digest());
    } finally {
      await workers.close();
    }
  });

  it('a worker that stops fails the sum instead of leaving it waiting', async () => {
    const workers = new StateHashWorkers(1, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));");
    try {
      await expect(workers.sum(entries().slice(0, 10))).rejects.toThrow(/exit code 3/);
      await expect(workers.sum([['k', 'v']])).rejects.toThrow(/exit code 3/);
    } finally {
      await workers.close();
    }
  });
});
