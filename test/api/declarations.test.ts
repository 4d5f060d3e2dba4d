import { gs1CheckDigit } from '../../chaincode/src/core/identifiers';
import { backendName, registerEnterprise, regulatorKey, startTestService, type TestService } from '../helpers/test-service';

function gtin(prefix: string, item: string): string {
  const data = `0${prefix}${item}`;
  return `${data}${gs1CheckDigit(data)}`;
}

const SHA = 'a'.repeat(64);

function declaration(gtins: string[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    products: gtins.map((g, i) => ({
      gtin: g,
      name: `Soy sauce ${i}`,
      model: `500ml-${i}`,
      category: 'condiment',
      specification: '500 ml',
    })),
    standard: { type: 'enterprise', number: 'Q/HTWY 0001S-2026', name: 'Brewed soy sauce' },
    indicators: [
      { name: 'Amino acid nitrogen', value: '≥ 1.2', unit: 'g/100ml', testMethod: 'GB 5009.235', kind: 'performance' },
      { name: 'Total arsenic', value: '≤ 0.5', unit: 'mg/kg', testMethod: 'GB 5009.11', kind: 'safety' },
    ],
    belowRecommended: false,
    effectiveDate: '2026-12-01',
    documentSha256: SHA,
    ...overrides,
  };
}

describe(`standard self-declarations (${backendName()})`, () => {
  let t: TestService;
  let keyA: string;
  let keyB: string;
  let regKey: string;
  const auth = (key: string): [string, string] => ['Authorization', `Bearer ${key}`];

  beforeAll(async () => {
    t = await startTestService();
    keyA = await registerEnterprise(t, { id: 'brewer-a', companyPrefixes: ['9520061', '9520062'] });
    keyB = await registerEnterprise(t, { id: 'brewer-b', companyPrefixes: ['9520063'] });
    regKey = await regulatorKey(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('carries a declaration through declare → revise → supervise → withdraw, each version on the ledger and public', async () => {
    const g = gtin('9520061', '00011');
    const created = await t.http
      .post('/declarations')
      .set(...auth(keyA))
      .send(declaration([g]));
    expect(created.status).toBe(201);
    const id = created.body.declaration.id as string;
    expect(id).toMatch(/^dcl_/);
    expect(created.headers.location).toBe(`/declarations/${id}`);
    expect(created.body.declaration).toMatchObject({
      status: 'active',
      enterpriseId: 'brewer-a',
      standard: { type: 'enterprise', number: 'Q/HTWY 0001S-2026' },
      products: [{ gtin: g, name: 'Soy sauce 0' }],
    });

    const revised = await t.http
      .post(`/declarations/${id}/revisions`)
      .set(...auth(keyA))
      .send(
        declaration([g], {
          effectiveDate: '2027-01-01',
          changeNote: 'lower arsenic limit',
          indicators: [{ name: 'Total arsenic', value: '≤ 0.3', unit: 'mg/kg', testMethod: 'GB 5009.11', kind: 'safety' }],
        }),
      );
    expect(revised.status).toBe(201);
    expect(revised.body.declaration).toMatchObject({ status: 'active', version: 2, effectiveDate: '2027-01-01' });

    const check = await t.http
      .post(`/declarations/${id}/supervision`)
      .set(...auth(regKey))
      .send({ result: 'non-conforming', notes: 'arsenic 0.42 mg/kg above the declared 0.3', sampledLot: 'L2026-118' });
    expect(check.status).toBe(201);
    expect(check.body.supervision).toMatchObject({ result: 'non-conforming', version: 2, sampledLot: 'L2026-118' });

    const withdrawn = await t.http
      .post(`/declarations/${id}/withdraw`)
      .set(...auth(keyA))
      .send({ reason: 'product discontinued' });
    expect(withdrawn.status).toBe(200);

    const pub = await t.http.get(`/declarations/${id}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({
      id,
      status: 'withdrawn',
      withdrawReason: 'product discontinued',
      belowRecommended: false,
      documentSha256: SHA,
    });
    expect(pub.body.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'withdrawn'],
    ]);
    expect(pub.body.versions[0].indicators).toHaveLength(2);
    expect(pub.body.supervision).toEqual([
      expect.objectContaining({ result: 'non-conforming', notes: expect.stringContaining('0.42'), txId: check.body.txId }),
    ]);
    const txIds = pub.body.versions.map((v: { txId: string }) => v.txId);
    expect(new Set(txIds).size).toBe(2);
    for (const txId of txIds) {
      const tx = await t.http.get(`/ledger/tx/${txId}`);
      expect(tx.status).toBe(200);
    }
    expect((await t.http.get(`/ledger/tx/${withdrawn.body.txId as string}`)).body.fn).toBe('WithdrawDeclaration');
  });

  it('refuses to revise or withdraw a withdrawn declaration with 409', async () => {
    const created = await t.http
      .post('/declarations')
      .set(...auth(keyA))
      .send(declaration([gtin('9520061', '00021')]));
    const id = created.body.declaration.id as string;
    await t.http
      .post(`/declarations/${id}/withdraw`)
      .set(...auth(keyA))
      .send({});
    expect(
      (
        await t.http
          .post(`/declarations/${id}/withdraw`)
          .set(...auth(keyA))
          .send({})
      ).status,
    ).toBe(409);
    expect(
      (
        await t.http
          .post(`/declarations/${id}/revisions`)
          .set(...auth(keyA))
          .send(declaration([gtin('9520061', '00021')]))
      ).status,
    ).toBe(409);
  });

  it('rejects the below-recommended flag without an explanation with 400 naming the field', async () => {
    const res = await t.http
      .post('/declarations')
      .set(...auth(keyA))
      .send(declaration([gtin('9520061', '00031')], { belowRecommended: true }));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('belowRecommendedExplanation');
    const ok = await t.http
      .post('/declarations')
      .set(...auth(keyA))
      .send(
        declaration([gtin('9520061', '00031')], {
          belowRecommended: true,
          belowRecommendedExplanation: 'Salt content is above GB/T 18186 class 1.',
        }),
      );
    expect(ok.status).toBe(201);
    expect(ok.body.declaration).toMatchObject({
      belowRecommended: true,
      belowRecommendedExplanation: 'Salt content is above GB/T 18186 class 1.',
    });
  });

  it.each([
    ['GB', 'GB 2717-2018', 'GB/T 2717-2018'],
    ['GB/T', 'GB/T 18186-2000', 'GB 18186-2000'],
    ['industry', 'SB/T 10336-2012', 'GB/T 10336-2012'],
    ['local', 'DB31/T 1234-2020', 'DB3/T 1234-2020'],
    ['group', 'T/CNFIA 001-2019', 'T/cnfia 001-2019'],
    ['enterprise', 'Q/HTWY 0002S-2026', 'HTWY 0002S-2026'],
  ])('checks a %s standard number against its type', async (type, good, bad) => {
    const body = (number: string): Record<string, unknown> =>
      declaration([gtin('9520062', '00041')], { standard: { type, number, name: 'Soy sauce' } });
    const rejected = await t.http
      .post('/declarations')
      .set(...auth(keyA))
      .send(body(bad));
    expect(rejected.status).toBe(400);
    expect(rejected.body.errors.map((e: { path: string }) => e.path)).toContain('standard.number');
    expect(
      (
        await t.http
          .post('/declarations')
          .set(...auth(keyA))
          .send(body(good))
      ).status,
    ).toBe(201);
  });

  it('refuses a declaration for a product outside the enterprise company prefixes with 403', async () => {
    const res = await t.http
      .post('/declarations')
      .set(...auth(keyA))
      .send(declaration([gtin('9520061', '00051'), gtin('9520063', '00051')]));
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/company prefix/);
  });

  it('lets only the declaring enterprise revise, and only a regulator record a spot check', async () => {
    const created = await t.http
      .post('/declarations')
      .set(...auth(keyA))
      .send(declaration([gtin('9520061', '00061')]));
    const id = created.body.declaration.id as string;
    expect(
      (
        await t.http
          .post(`/declarations/${id}/revisions`)
          .set(...auth(keyB))
          .send(declaration([gtin('9520063', '00061')]))
      ).status,
    ).toBe(403);
    expect(
      (
        await t.http
          .post(`/declarations/${id}/supervision`)
          .set(...auth(keyA))
          .send({ result: 'conforming', notes: 'self-check' })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.http
          .post('/declarations')
          .set(...auth(regKey))
          .send(declaration([gtin('9520061', '00061')]))
      ).status,
    ).toBe(403);
    expect((await t.http.post('/declarations').send(declaration([gtin('9520061', '00061')]))).status).toBe(401);
    expect(
      (
        await t.http
          .post('/declarations/dcl_doesnotexist/revisions')
          .set(...auth(keyA))
          .send(declaration([gtin('9520061', '00061')]))
      ).status,
    ).toBe(404);
  });

  it('searches declarations publicly by GTIN, enterprise, standard number, status and text', async () => {
    const g = gtin('9520063', '00071');
    const created = await t.http
      .post('/declarations')
      .set(...auth(keyB))
      .send(declaration([g], { standard: { type: 'group', number: 'T/CNFIA 777-2021', name: 'Low-salt soy sauce' } }));
    const id = created.body.declaration.id as string;
    const ids = async (query: string): Promise<string[]> =>
      ((await t.http.get(`/declarations?${query}`)).body.declarations as Array<{ id: string }>).map((d) => d.id);
    expect(await ids(`gtin=${g}`)).toEqual([id]);
    expect(await ids(`gtin=${g.slice(1)}`)).toEqual([id]);
    expect(await ids('enterprise=brewer-b')).toContain(id);
    expect(await ids('enterprise=brewer-a')).not.toContain(id);
    expect(await ids(`standard=${encodeURIComponent('T/CNFIA 777-2021')}`)).toEqual([id]);
    expect(await ids('q=low-salt')).toEqual([id]);
    expect(await ids('status=active&enterprise=brewer-b')).toContain(id);
    expect(await ids('status=withdrawn&enterprise=brewer-b')).not.toContain(id);
    expect((await t.http.get('/declarations?gtin=123')).status).toBe(400);
  });

  it('answers an unknown declaration with 404', async () => {
    expect((await t.http.get('/declarations/dcl_nosuchthing')).status).toBe(404);
  });
});
