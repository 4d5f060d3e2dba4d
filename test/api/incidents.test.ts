import { gs1CheckDigit } from '../../chaincode/src/core/identifiers';
import { backendName, registerEnterprise, regulatorKey, startTestService, type TestService } from '../helpers/test-service';

function gtin(prefix: string, item: string): string {
  const data = `0${prefix}${item}`;
  return `${data}${gs1CheckDigit(data)}`;
}

// Shanghai wall-clock times; 2026-11-27 is a Friday.
const at = (local: string): Date => new Date(`${local}+08:00`);

describe(`incident reports (${backendName()})`, () => {
  let t: TestService;
  let now = at('2026-11-23T09:00:00');
  let keyA: string;
  let keyB: string;
  let regKey: string;
  const auth = (key: string): [string, string] => ['Authorization', `Bearer ${key}`];
  const g = gtin('9520071', '00011');

  function report(awareAt: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      products: [{ gtin: g, name: 'Electric kettle', model: 'K-17' }],
      lots: ['L2026-11'],
      occurredAt: awareAt,
      awareAt,
      place: 'Shanghai, Xuhui district',
      severity: 'serious-injury',
      peopleAffected: 1,
      description: 'Kettle base overheated and burned a user',
      hazard: 'burn',
      measuresTaken: 'Sales of lot L2026-11 suspended',
      ...overrides,
    };
  }

  async function file(
    key: string,
    reportedAt: Date,
    awareAt: string,
    overrides: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    now = reportedAt;
    const res = await t.http
      .post('/incidents')
      .set(...auth(key))
      .send(report(awareAt, overrides));
    if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  }

  beforeAll(async () => {
    t = await startTestService({}, { clock: () => now });
    keyA = await registerEnterprise(t, { id: 'kettles-a', companyPrefixes: ['9520071'] });
    keyB = await registerEnterprise(t, { id: 'kettles-b', companyPrefixes: ['9520072'] });
    regKey = await regulatorKey(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('marks a report filed three working days after awareness as late, by the ledger timestamp', async () => {
    const incident = await file(keyA, at('2026-11-26T10:00:00'), '2026-11-23T10:00:00+08:00');
    expect(incident).toMatchObject({
      late: true,
      dueAt: '2026-11-25T15:59:59.999Z',
      reportedAt: '2026-11-26T02:00:00.000Z',
      status: 'submitted',
      enterpriseId: 'kettles-a',
    });
    expect(incident.txId).toMatch(/^[0-9a-f]{64}$/);
    expect((await t.http.get(`/ledger/tx/${String(incident.txId)}`)).body).toMatchObject({
      fn: 'ReportIncident',
      txTime: '2026-11-26T02:00:00.000Z',
    });
  });

  it('marks a report filed the day of awareness as on time', async () => {
    const incident = await file(keyA, at('2026-11-24T15:00:00'), '2026-11-24T11:00:00+08:00');
    expect(incident).toMatchObject({ late: false, dueAt: '2026-11-26T15:59:59.999Z', status: 'submitted' });
  });

  it('gives a Friday awareness until Tuesday, so a Monday report is on time', async () => {
    const incident = await file(keyA, at('2026-11-30T09:00:00'), '2026-11-27T10:00:00+08:00');
    expect(incident).toMatchObject({ late: false, dueAt: '2026-12-01T15:59:59.999Z' });
  });

  it('normalises products and lots, and rejects a report without the required fields', async () => {
    const incident = await file(keyA, at('2026-11-30T10:00:00'), '2026-11-30T08:00:00+08:00', {
      products: [g.slice(1)],
      lots: ['L9', { gtin: g, lot: 'L10' }],
      severity: 'major property loss',
    });
    expect(incident).toMatchObject({
      products: [{ gtin: g }],
      lots: [`https://id.gs1.org/01/${g}/10/L9`, `https://id.gs1.org/01/${g}/10/L10`],
      severity: 'major-property-loss',
    });
    const bad = await t.http
      .post('/incidents')
      .set(...auth(keyA))
      .send({ products: [], severity: 'mild' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['products', 'occurredAt', 'awareAt', 'severity', 'description']),
    );
  });

  it('rejects an awareness before the occurrence', async () => {
    now = at('2026-11-30T10:00:00');
    const res = await t.http
      .post('/incidents')
      .set(...auth(keyA))
      .send(report('2026-11-30T08:00:00+08:00', { occurredAt: '2026-11-30T09:00:00+08:00' }));
    expect(res.status).toBe(400);
  });

  it('keeps an enterprise to its own incidents', async () => {
    const mine = await file(keyA, at('2026-11-30T11:00:00'), '2026-11-30T10:00:00+08:00');
    const theirs = await file(keyB, at('2026-11-30T11:00:00'), '2026-11-30T10:00:00+08:00', { products: [gtin('9520072', '00011')] });
    expect((await t.http.get(`/incidents/${String(mine.id)}`).set(...auth(keyB))).status).toBe(404);
    expect((await t.http.get(`/incidents/${String(mine.id)}`).set(...auth(keyA))).status).toBe(200);
    const listB = (await t.http.get('/incidents?enterprise=kettles-a').set(...auth(keyB))).body.incidents as Array<{
      id: string;
      enterpriseId: string;
    }>;
    expect(listB.map((i) => i.id)).toEqual([theirs.id]);
    expect((await t.http.get('/incidents')).status).toBe(401);
    expect((await t.http.get(`/incidents/${String(mine.id)}`)).status).toBe(401);
  });

  it('lets only a regulator change a status, along the workflow, and links the recall it led to', async () => {
    const incident = await file(keyA, at('2026-12-01T10:00:00'), '2026-12-01T09:00:00+08:00');
    const id = String(incident.id);
    const step = (key: string, body: object): ReturnType<typeof t.http.post> =>
      t.http
        .post(`/incidents/${id}/status`)
        .set(...auth(key))
        .send(body);
    expect((await step(keyA, { status: 'acknowledged', note: 'self-acknowledged' })).status).toBe(403);
    expect((await step(regKey, { status: 'closed', note: 'too early' })).status).toBe(409);
    expect((await step(regKey, { status: 'acknowledged' })).status).toBe(400);
    expect((await step(regKey, { status: 'acknowledged', note: 'received' })).status).toBe(200);
    expect((await step(regKey, { status: 'investigating', note: 'sampling lot L2026-11' })).status).toBe(200);
    expect((await step(regKey, { status: 'recall-ordered', note: 'recall', recallId: 'rcl_missing' })).status).toBe(400);
    const lot = `https://id.gs1.org/01/${g}/10/L2026-11`;
    // The ledger decides a recall's scope, so the lot must be on it first.
    await t.service.deps.ledger.recordEvents(
      { kind: 'enterprise', enterpriseId: 'kettles-a' },
      {
        events: [
          {
            eventID: 'urn:uuid:0f1e2d3c-0000-4000-8000-000000002611',
            event: {
              type: 'ObjectEvent',
              eventTime: '2026-11-01T08:00:00Z',
              eventTimeZoneOffset: '+08:00',
              action: 'ADD',
              quantityList: [{ epcClass: lot, quantity: 100, uom: 'H87' }],
              bizStep: 'commissioning',
            },
          },
        ],
      },
    );
    const recall = await t.service.deps.ledger.openRecall(
      { kind: 'regulator' },
      {
        id: 'rcl_kettle_1',
        lots: [lot],
        reason: 'overheating',
        severityClass: 'serious',
        notice: { hazard: 'burn', consumerAction: 'stop using', remedy: 'refund', contact: '400-000-0000' },
        incidentId: id,
      },
    );
    await t.service.deps.indexer.waitForTx(recall.txId, recall.blockNumber);
    const ordered = await step(regKey, { status: 'recall-ordered', note: 'recall of lot L2026-11 ordered', recallId: 'rcl_kettle_1' });
    expect(ordered.status).toBe(200);
    expect(ordered.body).toMatchObject({
      status: 'recall-ordered',
      recallId: 'rcl_kettle_1',
      recalls: [expect.objectContaining({ id: 'rcl_kettle_1' })],
    });
    const read = await t.http.get(`/incidents/${id}`).set(...auth(keyA));
    expect(read.body.history.map((h: { status: string }) => h.status)).toEqual([
      'submitted',
      'acknowledged',
      'investigating',
      'recall-ordered',
    ]);
    expect(read.body.history[3]).toMatchObject({ note: 'recall of lot L2026-11 ordered', recallId: 'rcl_kettle_1' });
  });

  it('filters the regulator list by status, severity, lateness and product', async () => {
    const ids = async (query: string): Promise<Array<{ id: string; late: boolean; severity: string }>> =>
      (await t.http.get(`/incidents?${query}`).set(...auth(regKey))).body.incidents;
    const all = await ids('limit=500');
    expect(new Set(all.map((i) => i.id)).size).toBeGreaterThanOrEqual(7);
    expect((await ids('late=true')).every((i) => i.late)).toBe(true);
    expect((await ids('late=true')).length).toBeGreaterThanOrEqual(1);
    expect((await ids('severity=major-property-loss')).every((i) => i.severity === 'major-property-loss')).toBe(true);
    expect((await ids(`gtin=${gtin('9520072', '00011')}`)).length).toBe(1);
    expect((await ids('status=recall-ordered')).length).toBe(1);
  });

  it('shows the regulator overdue and late reports first, with per-enterprise risk counts', async () => {
    now = at('2026-12-02T10:00:00');
    const overview = await t.http.get('/regulator/overview').set(...auth(regKey));
    expect(overview.status).toBe(200);
    const incidents = overview.body.incidents as Array<{ late: boolean; overdue: boolean }>;
    expect(incidents[0]).toMatchObject({ late: true, overdue: true });
    expect(incidents.findIndex((i) => !i.late)).toBeGreaterThan(incidents.findLastIndex((i) => i.late));
    const a = (overview.body.enterprises as Array<{ enterpriseId: string }>).find((e) => e.enterpriseId === 'kettles-a');
    expect(a).toMatchObject({ lateReports: 1, recalls: 1, nonConformingSpotChecks: 0 });
    expect((await t.http.get('/regulator/overview').set(...auth(keyA))).status).toBe(403);
    const page = await t.http.get('/regulator/incidents').set(...auth(regKey));
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<table>');
    expect(page.text.indexOf('overdue</td>')).toBeLessThan(page.text.indexOf('on time</td>'));
  });

  it('counts non-conforming spot checks of an enterprise declarations', async () => {
    const created = await t.http
      .post('/declarations')
      .set(...auth(keyB))
      .send({
        products: [{ gtin: gtin('9520072', '00021'), name: 'Kettle', model: 'K-2', category: 'appliance' }],
        standard: { type: 'GB', number: 'GB 4706.19-2008', name: 'Household electrical appliances — safety — liquid heating appliances' },
        indicators: [],
        belowRecommended: false,
        effectiveDate: '2026-01-01',
        documentSha256: 'b'.repeat(64),
      });
    expect(created.status).toBe(201);
    await t.http
      .post(`/declarations/${String(created.body.declaration.id)}/supervision`)
      .set(...auth(regKey))
      .send({ result: 'non-conforming', notes: 'leakage current too high' });
    const overview = await t.http.get('/regulator/overview').set(...auth(regKey));
    expect((overview.body.enterprises as Array<{ enterpriseId: string }>)[0]).toMatchObject({ enterpriseId: 'kettles-a' });
    expect((overview.body.enterprises as Array<{ enterpriseId: string }>).find((e) => e.enterpriseId === 'kettles-b')).toMatchObject({
      nonConformingSpotChecks: 1,
      lateReports: 0,
    });
  });
});
