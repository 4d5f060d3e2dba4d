import { backendName, registerEnterprise, regulatorKey, startTestService, type TestService } from '../helpers/test-service';
import { epcisDocument, gln, glnId, gtin, itemId, lotId, sscc, ssccId, uniquePrefix } from '../helpers/gs1';

const EXT_CONTEXT = { example: 'http://ns.example.com/epcis/' };

async function waitForJob(t: TestService, key: string, location: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 2400; i++) {
    const res = await t.http.get(location).set('Authorization', `Bearer ${key}`);
    if (res.status === 200 && res.body.running === false) return res.body as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('capture job did not finish');
}

function sampleEvents(prefix: string): Record<string, Record<string, unknown>> {
  const g = gtin(prefix, 1);
  const g2 = gtin(prefix, 2);
  const site = glnId(gln(prefix, 1));
  return {
    object: {
      type: 'ObjectEvent',
      eventTime: '2026-05-01T08:00:00.000+08:00',
      eventTimeZoneOffset: '+08:00',
      action: 'ADD',
      epcList: [itemId(g, 'S1'), itemId(g, 'S2')],
      quantityList: [{ epcClass: lotId(g, 'L1'), quantity: 120.5, uom: 'KGM' }],
      bizStep: 'commissioning',
      disposition: 'active',
      readPoint: { id: site },
      bizLocation: { id: site },
      ilmd: { 'cbvmda:lotNumber': 'L1', 'cbvmda:itemExpirationDate': '2026-12-31' },
      'example:grade': 'A',
      certificationInfo: 'https://cert.example.com/organic/123',
    },
    aggregation: {
      type: 'AggregationEvent',
      eventTime: '2026-05-01T09:00:00.000+08:00',
      eventTimeZoneOffset: '+08:00',
      action: 'ADD',
      parentID: ssccId(sscc(prefix, 1)),
      childEPCs: [itemId(g, 'S1')],
      childQuantityList: [{ epcClass: lotId(g, 'L1'), quantity: 10, uom: 'KGM' }],
      bizStep: 'packing',
      disposition: 'in_progress',
      readPoint: { id: site },
    },
    transformation: {
      type: 'TransformationEvent',
      eventTime: '2026-05-01T10:00:00.000+08:00',
      eventTimeZoneOffset: '+08:00',
      inputQuantityList: [{ epcClass: lotId(g, 'L1'), quantity: 50, uom: 'KGM' }],
      outputQuantityList: [{ epcClass: lotId(g2, 'J1'), quantity: 40, uom: 'KGM' }],
      transformationID: `urn:uuid:0b0c7a6e-0000-4000-8000-${prefix}00001`,
      bizStep: 'commissioning',
      readPoint: { id: site },
      sensorElementList: [
        { sensorMetadata: { time: '2026-05-01T10:00:00.000+08:00' }, sensorReport: [{ type: 'Temperature', value: 4.5, uom: 'CEL' }] },
      ],
    },
    transaction: {
      type: 'TransactionEvent',
      eventTime: '2026-05-01T11:00:00.000+08:00',
      eventTimeZoneOffset: '+08:00',
      action: 'ADD',
      parentID: ssccId(sscc(prefix, 1)),
      bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:0614141000005:PO-1' }],
      bizStep: 'shipping',
      disposition: 'in_transit',
      readPoint: { id: site },
      sourceList: [{ type: 'owning_party', source: site }],
      destinationList: [{ type: 'owning_party', destination: 'urn:epc:id:pgln:9529999.00001' }],
    },
    association: {
      type: 'AssociationEvent',
      eventTime: '2026-05-01T12:00:00.000+08:00',
      eventTimeZoneOffset: '+08:00',
      action: 'ADD',
      parentID: `urn:epc:id:giai:${prefix}.SENSOR1`,
      childEPCs: [ssccId(sscc(prefix, 1))],
      bizStep: 'installing',
      readPoint: { id: site },
    },
  };
}

describe(`EPCIS capture and query (${backendName()})`, () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ CAPTURE_MAX_EVENTS: '50' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('round-trips one event of each type with every field intact', async () => {
    const prefix = uniquePrefix();
    const key = await registerEnterprise(t, { id: `ent-${prefix}`, companyPrefixes: [prefix] });
    const events = sampleEvents(prefix);
    const res = await t.http
      .post('/capture')
      .set('Authorization', `Bearer ${key}`)
      .send(epcisDocument(Object.values(events), [EXT_CONTEXT]));
    expect(res.status).toBe(202);
    expect(res.headers.location).toMatch(/^\/capture\/[0-9a-f-]{36}$/);
    const job = await waitForJob(t, key, res.headers.location as string);
    expect(job).toMatchObject({ success: true, errors: [] });
    // The job's two stages are timed for operators: on the ledger, then waiting for the index.
    const metrics = (await t.http.get('/metrics')).text;
    expect(metrics).toMatch(/# TYPE suyuan_capture_stage_seconds histogram/);
    for (const stage of ['ledger', 'index']) {
      expect(
        Number(new RegExp(`^suyuan_capture_stage_seconds_count\\{stage="${stage}"\\} (\\d+)$`, 'm').exec(metrics)?.[1]),
      ).toBeGreaterThan(0);
    }

    const byEpc = await t.http
      .get('/events')
      .query({ MATCH_anyEPC: ssccId(sscc(prefix, 1)) })
      .set('Authorization', `Bearer ${key}`);
    expect(byEpc.status).toBe(200);
    expect(byEpc.body.type).toBe('EPCISQueryDocument');
    const list = byEpc.body.epcisBody.queryResults.resultsBody.eventList as Array<Record<string, unknown>>;
    expect(list.map((e) => e.type).sort()).toEqual(['AggregationEvent', 'AssociationEvent', 'TransactionEvent']);

    const objects = await t.http
      .get('/events')
      .query({ eventType: 'ObjectEvent', MATCH_epc: itemId(gtin(prefix, 1), 'S2') })
      .set('Authorization', `Bearer ${key}`);
    const object = objects.body.epcisBody.queryResults.resultsBody.eventList[0] as Record<string, unknown>;
    expect(object).toMatchObject({
      ...events.object,
      eventID: expect.stringMatching(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/),
      recordTime: expect.any(String),
    });
    expect(object['example:grade']).toBe('A');
    expect(objects.body['@context']).toContainEqual(EXT_CONTEXT);
  });

  it('filters by epcClass, bizStep and time range', async () => {
    const prefix = uniquePrefix();
    const key = await registerEnterprise(t, { id: `ent-${prefix}`, companyPrefixes: [prefix] });
    const res = await t.http
      .post('/capture')
      .set('Authorization', `Bearer ${key}`)
      .send(epcisDocument(Object.values(sampleEvents(prefix))));
    expect(await waitForJob(t, key, res.headers.location as string)).toMatchObject({ success: true, errors: [] });
    const q = (query: Record<string, string>) => t.http.get('/events').query(query).set('Authorization', `Bearer ${key}`);
    const types = (r: { body: { epcisBody: { queryResults: { resultsBody: { eventList: Array<{ type: string }> } } } } }) =>
      r.body.epcisBody.queryResults.resultsBody.eventList.map((e) => e.type).sort();

    expect(types(await q({ MATCH_epcClass: lotId(gtin(prefix, 1), 'L1') }))).toEqual(['AggregationEvent', 'ObjectEvent']);
    expect(types(await q({ MATCH_outputEPCClass: lotId(gtin(prefix, 2), 'J1') }))).toEqual(['TransformationEvent']);
    expect(types(await q({ EQ_bizStep: 'urn:epcglobal:cbv:bizstep:shipping|installing', MATCH_anyEPC: ssccId(sscc(prefix, 1)) }))).toEqual([
      'AssociationEvent',
      'TransactionEvent',
    ]);
    expect(
      types(await q({ GE_eventTime: '2026-05-01T00:30:00Z', LT_eventTime: '2026-05-01T03:30:00Z', MATCH_anyEPC: ssccId(sscc(prefix, 1)) })),
    ).toEqual(['AggregationEvent', 'TransactionEvent']);
  });

  it('refuses a blank filter value instead of matching nothing', async () => {
    const prefix = uniquePrefix();
    const key = await registerEnterprise(t, { id: `ent-${prefix}`, companyPrefixes: [prefix] });
    for (const param of ['EQ_action', 'eventType', 'EQ_bizStep', 'MATCH_epc']) {
      for (const value of [' ', '|', ' | ', '']) {
        const res = await t.http
          .get('/events')
          .query({ [param]: value })
          .set('Authorization', `Bearer ${key}`);
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: param })]));
      }
    }
  });

  it('pages with perPage and a nextPageToken link', async () => {
    const prefix = uniquePrefix();
    const key = await registerEnterprise(t, { id: `ent-${prefix}`, companyPrefixes: [prefix] });
    const g = gtin(prefix, 1);
    const events = Array.from({ length: 5 }, (_, i) => ({
      type: 'ObjectEvent',
      eventTime: `2026-05-0${i + 1}T08:00:00.000Z`,
      eventTimeZoneOffset: '+00:00',
      action: 'OBSERVE',
      epcList: [lotId(g, 'P')],
      bizStep: 'inspecting',
    }));
    await waitForJob(
      t,
      key,
      (await t.http.post('/capture').set('Authorization', `Bearer ${key}`).send(epcisDocument(events))).headers.location as string,
    );
    const seen: string[] = [];
    let url: string | undefined = `/events?perPage=2&MATCH_epc=${encodeURIComponent(lotId(g, 'P'))}`;
    while (url) {
      const page: { body: any; headers: Record<string, string> } = await t.http.get(url).set('Authorization', `Bearer ${key}`);
      seen.push(...(page.body.epcisBody.queryResults.resultsBody.eventList as Array<{ eventTime: string }>).map((e) => e.eventTime));
      url = /<([^>]+)>; rel="next"/.exec(page.headers.link ?? '')?.[1];
    }
    expect(seen).toEqual(events.map((e) => e.eventTime));
  });

  it('stores nothing from a rollback capture with one bad event and names its field', async () => {
    const prefix = uniquePrefix();
    const key = await registerEnterprise(t, { id: `ent-${prefix}`, companyPrefixes: [prefix] });
    const good = {
      type: 'ObjectEvent',
      eventTime: '2026-05-01T08:00:00Z',
      eventTimeZoneOffset: '+00:00',
      action: 'ADD',
      epcList: [itemId(gtin(prefix, 1), 'R1')],
    };
    const bad = { ...good, epcList: ['https://id.gs1.org/01/10614141073465/21/X'] };
    const res = await t.http
      .post('/capture')
      .set('Authorization', `Bearer ${key}`)
      .send(epcisDocument([good, bad]));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ index: 1, path: 'epcisBody.eventList[1].epcList[0]', message: expect.stringMatching(/check digit/) }),
    ]);
    const q = await t.http
      .get('/events')
      .query({ MATCH_epc: itemId(gtin(prefix, 1), 'R1') })
      .set('Authorization', `Bearer ${key}`);
    expect(q.body.epcisBody.queryResults.resultsBody.eventList).toEqual([]);
  });

  it('keeps the good events of a proceed capture and reports the bad ones by position', async () => {
    const prefix = uniquePrefix();
    const key = await registerEnterprise(t, { id: `ent-${prefix}`, companyPrefixes: [prefix] });
    const good = (s: string) => ({
      type: 'ObjectEvent',
      eventTime: '2026-05-01T08:00:00Z',
      eventTimeZoneOffset: '+00:00',
      action: 'ADD',
      epcList: [itemId(gtin(prefix, 1), s)],
    });
    const foreign = { ...good('F'), epcList: [itemId(gtin('9529998', 1), 'F')] };
    const badTime = { ...good('T'), eventTime: 'yesterday' };
    const res = await t.http
      .post('/capture')
      .set('Authorization', `Bearer ${key}`)
      .set('GS1-Capture-Error-Behaviour', 'proceed')
      .send(epcisDocument([good('P1'), badTime, foreign, good('P2')]));
    expect(res.status).toBe(202);
    const job = await waitForJob(t, key, res.headers.location as string);
    expect(job.success).toBe(false);
    expect(job.errors).toEqual([
      expect.objectContaining({ index: 1, path: 'epcisBody.eventList[1].eventTime' }),
      expect.objectContaining({ index: 2, code: 'FORBIDDEN', message: expect.stringMatching(/company prefix/) }),
    ]);
    const q = await t.http
      .get('/events')
      .query({ MATCH_epc: `${itemId(gtin(prefix, 1), 'P1')}|${itemId(gtin(prefix, 1), 'P2')}` })
      .set('Authorization', `Bearer ${key}`);
    expect(q.body.epcisBody.queryResults.resultsBody.eventList).toHaveLength(2);
  });

  it('answers a re-sent event with 200 duplicate, other content under its eventID with 409, and keeps one errorDeclaration with who declared it', async () => {
    const prefix = uniquePrefix();
    const key = await registerEnterprise(t, { id: `ent-${prefix}`, companyPrefixes: [prefix] });
    const event = {
      type: 'ObjectEvent',
      eventID: `urn:uuid:11111111-2222-4333-8444-${prefix}00000`,
      eventTime: '2026-05-01T08:00:00Z',
      eventTimeZoneOffset: '+00:00',
      action: 'ADD',
      epcList: [itemId(gtin(prefix, 1), 'D1')],
    };
    const first = await t.http.post('/events').set('Authorization', `Bearer ${key}`).send(event);
    expect(first.status).toBe(201);
    expect(first.headers.location).toBe(`/events/${encodeURIComponent(event.eventID)}`);
    const again = await t.http.post('/events').set('Authorization', `Bearer ${key}`).send(event);
    expect([again.status, again.body.duplicate]).toEqual([200, true]);
    const other = await t.http
      .post('/events')
      .set('Authorization', `Bearer ${key}`)
      .send({ ...event, epcList: [itemId(gtin(prefix, 1), 'D2')] });
    expect([other.status, other.body.detail]).toEqual([409, expect.stringContaining('already recorded with different content')]);
    const declaration = { ...event, errorDeclaration: { declarationTime: '2026-05-02T00:00:00Z', reason: 'incorrect_data' } };
    expect((await t.http.post('/events').set('Authorization', `Bearer ${key}`).send(declaration)).status).toBe(201);
    expect((await t.http.post('/events').set('Authorization', `Bearer ${key}`).send(declaration)).status).toBe(200);
    const changed = { ...event, errorDeclaration: { declarationTime: '2026-05-03T00:00:00Z', reason: 'did_not_occur' } };
    expect((await t.http.post('/events').set('Authorization', `Bearer ${key}`).send(changed)).status).toBe(409);
    const byEpc = await t.http
      .get('/events')
      .query({ MATCH_epc: itemId(gtin(prefix, 1), 'D1') })
      .set('Authorization', `Bearer ${key}`);
    const found = byEpc.body.epcisBody.queryResults.resultsBody.eventList as Array<Record<string, unknown>>;
    expect(found.map((e) => e.eventID)).toEqual([event.eventID]);
    expect(found[0]?.errorDeclaration).toMatchObject({
      reason: 'incorrect_data',
      'suyuan:declaredBy': `ent-${prefix}`,
      'suyuan:declaredAt': expect.any(String),
    });
    expect(byEpc.body['@context']).toContainEqual({ suyuan: 'urn:suyuan:epcis:' });
    const shown = await t.http.get(`/events/${encodeURIComponent(event.eventID)}`).set('Authorization', `Bearer ${key}`);
    expect(shown.body.errorDeclaration).toMatchObject({ reason: 'incorrect_data' });
    expect(shown.body.epcList).toEqual(event.epcList);
  });

  it('refuses to commission identifiers under another enterprise prefix', async () => {
    const prefix = uniquePrefix();
    const other = uniquePrefix();
    const key = await registerEnterprise(t, { id: `ent-${prefix}`, companyPrefixes: [prefix] });
    await registerEnterprise(t, { id: `ent-${other}`, companyPrefixes: [other] });
    const res = await t.http
      .post('/events')
      .set('Authorization', `Bearer ${key}`)
      .send({
        type: 'ObjectEvent',
        eventTime: '2026-05-01T08:00:00Z',
        eventTimeZoneOffset: '+00:00',
        action: 'ADD',
        epcList: [itemId(gtin(other, 1), 'X')],
      });
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/company prefix/);
  });

  it.each([
    ['malformed JSON', '{"type": "EPCISDocument",', 400],
    ['a wrong type', JSON.stringify({ type: 'EPCISDocument', epcisBody: { eventList: 'x' } }), 400],
    [
      'an unknown event type',
      JSON.stringify(epcisDocument([{ type: 'MagicEvent', eventTime: '2026-05-01T08:00:00Z', eventTimeZoneOffset: '+00:00' }])),
      400,
    ],
    [
      'an unknown bizStep',
      JSON.stringify(
        epcisDocument([
          {
            type: 'ObjectEvent',
            action: 'OBSERVE',
            eventTime: '2026-05-01T08:00:00Z',
            eventTimeZoneOffset: '+00:00',
            bizStep: 'teleporting',
            epcList: [],
          },
        ]),
      ),
      400,
    ],
    ['too many events', JSON.stringify(epcisDocument(Array.from({ length: 51 }, () => ({ type: 'ObjectEvent' })))), 413],
  ])('answers %s with a problem+json %s', async (_what, body, status) => {
    const prefix = uniquePrefix();
    const key = await registerEnterprise(t, { id: `ent-${prefix}`, companyPrefixes: [prefix] });
    const res = await t.http.post('/capture').set('Authorization', `Bearer ${key}`).set('Content-Type', 'application/ld+json').send(body);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('advertises its capture limits', async () => {
    const res = await t.http.options('/capture');
    expect(res.status).toBe(204);
    expect(res.headers['gs1-epcis-capture-limit']).toBe('50');
  });

  it('requires an enterprise key to capture and any key to query', async () => {
    const reg = await regulatorKey(t);
    expect((await t.http.post('/capture').send(epcisDocument([]))).status).toBe(401);
    expect((await t.http.post('/capture').set('Authorization', `Bearer ${reg}`).send(epcisDocument([]))).status).toBe(403);
    expect((await t.http.get('/events')).status).toBe(401);
    expect((await t.http.get('/events').set('Authorization', 'Bearer nonsense')).status).toBe(401);
    expect((await t.http.get('/events').query({ EQ_colour: 'red' }).set('Authorization', `Bearer ${reg}`)).status).toBe(400);
  });

  it('shows an enterprise only the events it is party to, never because it tried to record on the same lot', async () => {
    const a = uniquePrefix();
    const b = uniquePrefix();
    const c = uniquePrefix();
    const keyA = await registerEnterprise(t, { id: `ent-${a}`, companyPrefixes: [a] });
    const keyB = await registerEnterprise(t, { id: `ent-${b}`, companyPrefixes: [b] });
    const keyC = await registerEnterprise(t, { id: `ent-${c}`, companyPrefixes: [c] });
    const lot = lotId(gtin(a, 7), 'V1');
    const parties = {
      sourceList: [{ type: 'owning_party', source: glnId(gln(a, 1)) }],
      destinationList: [{ type: 'owning_party', destination: glnId(gln(c, 1)) }],
    };
    const ship = {
      type: 'ObjectEvent',
      eventTime: '2026-05-01T08:00:00Z',
      eventTimeZoneOffset: '+00:00',
      action: 'OBSERVE',
      quantityList: [{ epcClass: lot, quantity: 5, uom: 'KGM' }],
      bizStep: 'shipping',
      bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:0614141000005:PO-9' }],
      ...parties,
    };
    expect((await t.http.post('/events').set('Authorization', `Bearer ${keyA}`).send(ship)).status).toBe(201);
    const receive = {
      type: 'ObjectEvent',
      eventTime: '2026-05-02T08:00:00Z',
      eventTimeZoneOffset: '+00:00',
      action: 'OBSERVE',
      quantityList: [{ epcClass: lot, quantity: 5, uom: 'KGM' }],
      bizStep: 'receiving',
      ...parties,
    };
    const byB = await t.http.post('/events').set('Authorization', `Bearer ${keyB}`).send(receive);
    expect([byB.status, byB.body.detail]).toEqual([403, expect.stringContaining('may name only its own parties')]);
    const observed = await t.http
      .post('/events')
      .set('Authorization', `Bearer ${keyB}`)
      .send({ ...receive, bizStep: 'inspecting', sourceList: undefined, destinationList: undefined });
    expect([observed.status, observed.body.detail]).toEqual([403, expect.stringContaining('no shipment addresses it')]);
    expect((await t.http.post('/events').set('Authorization', `Bearer ${keyC}`).send(receive)).status).toBe(201);
    const events = async (key: string) =>
      (await t.http.get('/events').query({ MATCH_epcClass: lot }).set('Authorization', `Bearer ${key}`)).body.epcisBody.queryResults
        .resultsBody.eventList as Array<Record<string, unknown>>;

    expect(await events(keyB)).toEqual([]);
    const seenByC = await events(keyC);
    expect(seenByC.map((e) => e.bizStep).sort()).toEqual(['receiving', 'shipping']);
    expect(seenByC.find((e) => e.bizStep === 'shipping')?.bizTransactionList).toHaveLength(1);
    expect((await events(keyA)).map((e) => e.bizStep).sort()).toEqual(['receiving', 'shipping']);
    const trace = await t.http.get('/trace').query({ id: lot }).set('Authorization', `Bearer ${keyB}`);
    expect(trace.status).toBe(403);
  });
});

describe(`capture back-pressure (${backendName()})`, () => {
  it('answers 503 with Retry-After while CAPTURE_MAX_PENDING_EVENTS are still on their way, and accepts again once they settle', async () => {
    const t = await startTestService({ CAPTURE_MAX_PENDING_EVENTS: '3' });
    // Hold every capture job at the ledger's door until released, so "still on its way" does not depend on timing.
    const ledger = t.service.deps.ledger;
    const recordEvents = ledger.recordEvents.bind(ledger);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    ledger.recordEvents = async (...args) => {
      await held;
      return recordEvents(...args);
    };
    try {
      const prefix = uniquePrefix();
      const key = await registerEnterprise(t, { id: `ent-${prefix}`, companyPrefixes: [prefix] });
      const doc = (tag: string, n: number): object =>
        epcisDocument(
          Array.from({ length: n }, (_, i) => ({
            type: 'ObjectEvent',
            eventTime: '2026-05-01T08:00:00Z',
            eventTimeZoneOffset: '+00:00',
            action: 'OBSERVE',
            epcList: [lotId(gtin(prefix, 1), `${tag}${i}`)],
            bizStep: 'inspecting',
          })),
        );
      const post = (body: object) => t.http.post('/capture').set('Authorization', `Bearer ${key}`).send(body);
      const first = await post(doc('A', 2));
      expect(first.status).toBe(202);
      const busy = await post(doc('B', 2));
      expect(busy.status).toBe(503);
      expect(busy.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(busy.headers['retry-after']).toBe('5');
      expect(busy.body.type).toMatch(/busy$/);
      const fits = await post(doc('C', 1));
      expect(fits.status).toBe(202);
      release();
      expect((await waitForJob(t, key, first.headers.location as string)).success).toBe(true);
      expect((await waitForJob(t, key, fits.headers.location as string)).success).toBe(true);
      const again = await post(doc('B', 2));
      expect(again.status).toBe(202);
      expect((await waitForJob(t, key, again.headers.location as string)).success).toBe(true);
      const count = await t.service.deps
        .knex('events')
        .where('doc', '@>', JSON.stringify({ epcList: [lotId(gtin(prefix, 1), 'B0')] }))
        .count<{ count: string }[]>({ count: '*' });
      expect(Number(count[0]?.count)).toBe(1);
    } finally {
      release();
      await t.close();
    }
  });
});
