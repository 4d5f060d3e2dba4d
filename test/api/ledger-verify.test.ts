import { backendName, registerEnterprise, regulatorKey, startTestService, type TestService } from '../helpers/test-service';
import { uniquePrefix } from '../helpers/gs1';
import { VerificationReports } from '../../server/features/ledger/verify-reports';

interface Report {
  ok: boolean;
  fresh: boolean;
  checkedAt: string;
  chain: { ok: boolean };
  index: { ok: boolean };
}

describe(`GET /ledger/verify: a fresh run needs a regulator or admin key (${backendName()})`, () => {
  let t: TestService;
  let now = new Date('2026-11-27T08:00:00Z');
  let regulator: string;
  let enterprise: string;
  let runs: jest.SpyInstance;

  beforeAll(async () => {
    t = await startTestService({}, { clock: () => now });
    regulator = await regulatorKey(t);
    const prefix = uniquePrefix();
    enterprise = await registerEnterprise(t, { id: `verify-${prefix}`, companyPrefixes: [prefix] });
    runs = jest.spyOn(t.service.deps.ledger, 'verify');
  }, 240_000);
  afterAll(async () => {
    runs.mockRestore();
    await t?.close();
  });

  it('answers anonymous callers and enterprises 404 problem+json before any run, without starting one', async () => {
    for (const call of [t.http.get('/ledger/verify'), t.http.get('/ledger/verify').set('Authorization', `Bearer ${enterprise}`)]) {
      const res = await call;
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(runs).not.toHaveBeenCalled();
  });

  it('runs a fresh verification for a regulator, stamped with the time it was computed', async () => {
    const res = await t.http.get('/ledger/verify').set('Authorization', `Bearer ${regulator}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body as Report).toMatchObject({
      ok: true,
      fresh: true,
      checkedAt: now.toISOString(),
      chain: { ok: true },
      index: { ok: true },
    });
    expect(runs).toHaveBeenCalledTimes(1);
  });

  it('gives anonymous callers and enterprises the last report with checkedAt, never a new run', async () => {
    const checkedAt = now.toISOString();
    now = new Date(now.getTime() + 3_600_000);
    for (const call of [t.http.get('/ledger/verify'), t.http.get('/ledger/verify').set('Authorization', `Bearer ${enterprise}`)]) {
      const res = await call;
      expect(res.status).toBe(200);
      expect(res.body as Report).toMatchObject({ ok: true, fresh: false, checkedAt, chain: { ok: true } });
    }
    expect(runs).toHaveBeenCalledTimes(1);
  });

  it('runs afresh for an admin key too, and anonymous callers then see that run', async () => {
    runs.mockClear();
    expect((await t.http.get('/ledger/verify').set('Authorization', `Bearer ${t.adminKey}`)).body as Report).toMatchObject({
      fresh: true,
      checkedAt: now.toISOString(),
    });
    expect(runs).toHaveBeenCalledTimes(1);
    expect((await t.http.get('/ledger/verify')).body as Report).toMatchObject({ fresh: false, checkedAt: now.toISOString() });
  });

  it('answers a revoked or unknown key 401, as on every route', async () => {
    expect((await t.http.get('/ledger/verify').set('Authorization', 'Bearer sy_not_a_key_at_all_0123456789')).status).toBe(401);
  });
});

describe('VerificationReports', () => {
  it('lets callers who ask during a run share it, and keeps the last report', async () => {
    let release: () => void = () => undefined;
    let started = 0;
    const reports = new VerificationReports({
      clock: () => new Date('2026-11-27T09:00:00Z'),
      run: async () => {
        started += 1;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return {
          ok: true,
          chain: { ok: true, height: 1, checkedBlocks: 1, checkedTransactions: 1, supported: true },
          index: { ok: true, checkedEvents: 0, checkedIdentifiers: 0, drift: [] },
        };
      },
    });
    expect(reports.latest()).toBeUndefined();
    const first = reports.fresh();
    const second = reports.fresh();
    release();
    expect(await first).toBe(await second);
    expect(started).toBe(1);
    expect(reports.latest()).toMatchObject({ ok: true, checkedAt: '2026-11-27T09:00:00.000Z' });
    const third = reports.fresh();
    release();
    await third;
    expect(started).toBe(2);
  });
});
