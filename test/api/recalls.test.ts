import { backendName, startTestService, type TestService } from '../helpers/test-service';
import { buildChain, type Chain } from '../helpers/supply-chain';

const notice = {
  reason: 'Listeria monocytogenes found in a retained sample',
  hazard: 'Listeria can cause serious illness',
  severityClass: 'I',
  consumerAction: 'Do not eat; throw it away or return it',
  remedy: 'Full refund',
  contact: '400-000-0000',
};

describe(`recalls (${backendName()})`, () => {
  let t: TestService;
  let c: Chain;
  let recallId: string;
  const auth = (key: string): [string, string] => ['Authorization', `Bearer ${key}`];

  beforeAll(async () => {
    t = await startTestService();
    c = await buildChain(t, 30);
    const res = await t.http
      .post('/recalls')
      .set(...auth(c.regulatorKey))
      .send({ ...notice, lots: [c.farmLots[0]] });
    expect(res.status).toBe(201);
    recallId = res.body.id as string;
  }, 240_000);
  afterAll(async () => {
    await t.close();
  });

  it('marks exactly the forward closure of the recalled farm lot as recalled, nothing else', async () => {
    const res = await t.http
      .get('/trace')
      .query({ id: c.processedLot, direction: 'both' })
      .set(...auth(c.regulatorKey));
    const recalled = (res.body.nodes as Array<{ id: string; recalled: boolean }>)
      .filter((n) => n.recalled)
      .map((n) => n.id)
      .sort();
    expect(recalled).toEqual([c.farmLots[0], c.processedLot, ...c.cases, c.pallet].sort());
    const state = await t.service.deps.ledger.getObject(c.farmLots[1]);
    expect(state?.recalled).toBe(false);
    expect((await t.service.deps.ledger.getObject(c.pallet))?.recalled).toBe(true);
  });

  it('answers the full scope report to a regulator', async () => {
    const res = await t.http.get(`/recalls/${recallId}`).set(...auth(c.regulatorKey));
    expect(res.status).toBe(200);
    expect(res.body.scope.lots).toEqual([c.farmLots[0], c.processedLot, ...c.cases, c.pallet].sort());
    expect(res.body.scope.quantities).toEqual(
      expect.arrayContaining([
        { quantity: 500, uom: 'KGM' },
        { quantity: 4, uom: 'EA' },
      ]),
    );
    expect(res.body.scope.enterprises.map((e: { id: string }) => e.id)).toEqual(
      expect.arrayContaining([c.members.farmA.id, c.members.retailer1.id, c.members.retailer2.id]),
    );
    expect(res.body.scope.events).toEqual(expect.arrayContaining([c.events.h1, c.events.transform, c.events.shipCase2]));
    expect(res.body.scope.events).not.toContain(c.events.h2);
    expect(res.body.links.traceView).toMatch(/^\/trace\/view\?id=/);
  });

  it('shows the public only the notice, lots, quantities and cities', async () => {
    const res = await t.http.get(`/recalls/${recallId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: recallId,
      hazard: notice.hazard,
      consumerAction: notice.consumerAction,
      severityClass: 'I',
      recalledBy: 'market regulator',
    });
    expect(res.body.scope.cities).toEqual(expect.arrayContaining(['Beijing', 'Tianjin']));
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(c.members.retailer1.id);
    expect(text).not.toContain('desadv');
    expect(text).not.toContain(c.events.shipCase1);
    expect(res.body.scope.enterprises).toBeUndefined();
  });

  it('lists the notices as a page for browsers, each linking to its report', async () => {
    const res = await t.http.get('/recalls').set('Accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/<a href="\/recalls\/RC-[^"]+">/);
  });

  it('lists public notices, filterable by any identifier in the scope', async () => {
    const all = await t.http.get('/recalls');
    expect(all.body.recalls.map((r: { id: string }) => r.id)).toContain(recallId);
    const byCase = await t.http.get('/recalls').query({ lot: c.cases[1] });
    expect(byCase.body.recalls.map((r: { id: string }) => r.id)).toEqual([recallId]);
    const byOther = await t.http.get('/recalls').query({ lot: c.farmLots[2] });
    expect(byOther.body.recalls).toEqual([]);
  });

  it("lets an enterprise recall its own lot, leaves the processor's product affected until the processor confirms, and refuses another farm's lot", async () => {
    const own = await t.http
      .post('/recalls')
      .set(...auth(c.members.farmB.key))
      .send({ ...notice, severityClass: 'II', lots: [c.farmLots[2]] });
    expect(own.status).toBe(201);
    expect(own.body.affected).toContainEqual({ lot: c.processedLot, owner: c.members.processor.id });
    const id = own.body.id as string;
    const report = await t.http.get(`/recalls/${id}`).set(...auth(c.members.farmB.key));
    expect(report.body.recalledBy).toBe(`farmB s30`);
    expect(report.body.scope.lots).toEqual([c.farmLots[2]]);
    expect(report.body.affected).toContainEqual(expect.objectContaining({ lot: c.processedLot, status: 'affected' }));
    const publicView = await t.http.get(`/recalls/${id}`);
    expect([publicView.body.scope.lots, publicView.body.affected]).toEqual([[c.farmLots[2]], undefined]);
    expect((await t.http.get('/recalls').query({ lot: c.processedLot })).body.recalls.map((r: { id: string }) => r.id)).not.toContain(id);
    expect(
      (
        await t.http
          .post(`/recalls/${id}/confirm`)
          .set(...auth(c.members.farmA.key))
          .send({ lots: [c.processedLot] })
      ).status,
    ).toBe(403);
    const processorView = await t.http.get(`/recalls/${id}`).set(...auth(c.members.processor.key));
    expect(processorView.body.affected).toContainEqual(expect.objectContaining({ lot: c.processedLot, status: 'affected' }));
    expect(processorView.body.scope.lots).toEqual([c.farmLots[2]]);
    const confirmed = await t.http
      .post(`/recalls/${id}/confirm`)
      .set(...auth(c.members.processor.key))
      .send({ lots: [c.processedLot] });
    expect(confirmed.status).toBe(200);
    expect((await t.http.get('/recalls').query({ lot: c.processedLot })).body.recalls.map((r: { id: string }) => r.id)).toContain(id);
    const after = await t.http.get(`/recalls/${id}`).set(...auth(c.members.farmB.key));
    expect(after.body.affected).toContainEqual(
      expect.objectContaining({ lot: c.processedLot, status: 'recalled', confirmedBy: c.members.processor.id }),
    );
    const foreign = await t.http
      .post('/recalls')
      .set(...auth(c.members.farmB.key))
      .send({ ...notice, lots: [c.farmLots[1]] });
    expect(foreign.status).toBe(403);
  });

  it('rejects bad input before the ledger: unknown lot, bad identifier, missing fields, wrong role', async () => {
    const unknown = await t.http
      .post('/recalls')
      .set(...auth(c.regulatorKey))
      .send({ ...notice, lots: ['https://id.gs1.org/01/09520099000014/10/NOPE'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].path).toBe('lots[0]');
    const bad = await t.http
      .post('/recalls')
      .set(...auth(c.regulatorKey))
      .send({ ...notice, lots: ['https://id.gs1.org/01/12345678901234'] });
    expect(bad.body.errors[0].path).toBe('lots[0]');
    const missing = await t.http
      .post('/recalls')
      .set(...auth(c.regulatorKey))
      .send({ lots: [c.farmLots[0]] });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['reason', 'hazard', 'severityClass', 'consumerAction']),
    );
    expect((await t.http.post('/recalls').send({ ...notice, lots: [c.farmLots[0]] })).status).toBe(401);
    expect((await t.http.get('/recalls/RC-nope')).status).toBe(404);
  });
});
