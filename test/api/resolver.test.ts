import { gs1CheckDigit } from '../../chaincode/src/core/identifiers';
import { buildChain, gtin, record, type Chain, type MemberName } from '../helpers/supply-chain';
import { startTestService, type TestService } from '../helpers/test-service';

const BASE = 'https://trace.example.cn';
let t: TestService;
let c: Chain;
let recalled: Chain;

/** `https://id.gs1.org/01/…` → `/01/…` */
const pathOf = (id: string): string => id.replace('https://id.gs1.org', '');

beforeAll(async () => {
  t = await startTestService({ PUBLIC_BASE_URL: BASE, PUBLIC_RATE_LIMIT_PER_MIN: '300' });
  c = await buildChain(t, 40);
  recalled = await buildChain(t, 50);
  const processor = c.members.processor;
  // Private matter on the processed lot: an extension field and a supplier price in the ILMD.
  await record(t, processor, [
    {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      eventTime: '2026-09-02T10:00:00.000+08:00',
      eventTimeZoneOffset: '+08:00',
      bizStep: 'inspecting',
      readPoint: { id: processor.location },
      bizLocation: { id: processor.location },
      epcList: [c.items[0]],
      'example:privateNote': 'SECRET-NOTE-4711',
      bizTransactionList: [{ type: 'inv', bizTransaction: 'urn:example:invoice:INV-PRIVATE-99' }],
    },
  ]);
  const r = await t.service.deps.ledger.openRecall(
    { kind: 'regulator' },
    {
      id: 'rcl-resolver-test',
      lots: [recalled.processedLot],
      reason: 'test',
      severityClass: 'I',
      notice: { hazard: 'Listeria found', consumerAction: 'Do not eat; <b>bin it</b>', remedy: 'Refund', contact: 'call 400-000-0000' },
    },
  );
  await t.service.deps.indexer.waitForHeight(r.blockNumber + 1);
}, 300000);

afterAll(async () => {
  await t?.close();
});

describe('GET /01/{gtin}/10/{lot} content negotiation', () => {
  it('answers a browser with the HTML page and a Link header to the linkset', async () => {
    const res = await t.http.get(pathOf(c.processedLot)).set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers.link).toBe(`<${BASE}${pathOf(c.processedLot)}?linkType=linkset>; rel="linkset"; type="application/linkset+json"`);
    expect(res.text).toContain('Qingdao');
    expect(res.text).not.toContain('id="recall-notice"');
  });

  it('answers Accept: application/json and linkType=gs1:traceability with the same public trace', async () => {
    const byAccept = await t.http.get(pathOf(c.processedLot)).set('Accept', 'application/json');
    const byLinkType = await t.http.get(`${pathOf(c.processedLot)}?linkType=gs1:traceability`);
    expect(byAccept.status).toBe(200);
    expect(byAccept.headers['content-type']).toMatch(/^application\/json/);
    expect(byAccept.headers.link).toContain('rel="linkset"');
    expect(byLinkType.body).toEqual(byAccept.body);
    expect(byAccept.body).toMatchObject({
      id: c.processedLot,
      level: 'lot',
      brandOwner: { name: c.members.processor.id.replace('processor-', 'processor ') },
      origin: { city: 'Qingdao', kind: 'production' },
      recall: { recalled: false, notices: [] },
    });
    expect((byAccept.body.rawMaterials as Array<{ city: string; kind: string }>).map((o) => o.city).sort()).toEqual([
      'Shouguang',
      'Weifang',
    ]);
    const steps = byAccept.body.journey as Array<{ step: string; city?: string }>;
    expect(steps.map((s) => s.city)).toEqual(expect.arrayContaining(['Shouguang', 'Qingdao', 'Jinan', 'Beijing', 'Tianjin']));
    expect(steps.map((s) => s.step)).toEqual(
      expect.arrayContaining(['harvesting', 'shipping', 'receiving', 'creating_class_instance', 'packing', 'retail_selling']),
    );
  });

  it('answers linkType=linkset and Accept: application/linkset+json with the linkset of the four GS1 link types', async () => {
    const res = await t.http.get(`${pathOf(c.processedLot)}?linkType=linkset`);
    const byAccept = await t.http.get(pathOf(c.processedLot)).set('Accept', 'application/linkset+json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/linkset\+json/);
    const body = JSON.parse(res.text) as { linkset: Array<Record<string, Array<{ href: string }>>> };
    expect(JSON.parse(byAccept.text)).toEqual(body);
    const set = body.linkset[0] ?? {};
    expect(set.anchor).toBe(`${BASE}${pathOf(c.processedLot)}`);
    for (const type of ['pip', 'traceability', 'recallStatus', 'certificationInfo'])
      expect(set[`https://gs1.org/voc/${type}`]?.[0]?.href).toContain(`${BASE}${pathOf(c.processedLot)}`);
    expect(res.headers.link).toContain('rel="linkset"');
  });

  it('answers gs1:recallStatus and gs1:certificationInfo with their parts of the trace', async () => {
    const status = await t.http.get(`${pathOf(recalled.processedLot)}?linkType=gs1:recallStatus`);
    expect(status.body).toMatchObject({ id: recalled.processedLot, recalled: true });
    const cert = await t.http.get(`${pathOf(c.processedLot)}?linkType=https://gs1.org/voc/certificationInfo`);
    expect(cert.body).toMatchObject({ id: c.processedLot, standards: [] });
  });

  it('resolves a product, a serialised item and a lot-qualified item', async () => {
    const product = await t.http.get(`/01/${c.processedLot.split('/')[4]}`).set('Accept', 'application/json');
    expect(product.status).toBe(200);
    expect(product.body.level).toBe('gtin');
    const serial = c.items[0]?.split('.').pop() ?? '';
    const g = c.processedLot.split('/')[4] ?? '';
    const item = await t.http.get(`/01/${g}/21/${serial}`).set('Accept', 'application/json');
    expect(item.status).toBe(200);
    expect(item.body).toMatchObject({ level: 'item', serial, origin: { city: 'Qingdao' } });
    const lotItem = await t.http.get(`${pathOf(c.processedLot)}/21/${serial}`).set('Accept', 'application/json');
    expect(lotItem.status).toBe(200);
    expect(lotItem.body.lot).toBe(c.processedLot.split('/').pop());
  });
});

describe('GET /01/… errors', () => {
  const good = gtin('9520041', '00033');
  const badCheck = `${good.slice(0, 13)}${(Number(good.slice(13)) + 1) % 10}`;

  it('answers a bad check digit with 400 problem+json to API clients and a 400 HTML page to browsers', async () => {
    const api = await t.http.get(`/01/${badCheck}/10/X1`).set('Accept', 'application/json');
    expect(api.status).toBe(400);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(api.text).detail).toMatch(/check digit/);
    const page = await t.http.get(`/01/${badCheck}/10/X1`).set('Accept', 'text/html');
    expect(page.status).toBe(400);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('check digit');
  });

  it('answers qualifiers in the wrong order with 400', async () => {
    const res = await t.http.get(`/01/${good}/21/S1/10/L1`).set('Accept', 'application/json');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).detail).toMatch(/out of order/);
  });

  it('answers an unknown product or lot with 404', async () => {
    const data = '952009900001';
    const unknown = `0${data}${gs1CheckDigit(`0${data}`)}`;
    expect((await t.http.get(`/01/${unknown}`).set('Accept', 'application/json')).status).toBe(404);
    expect((await t.http.get(`${pathOf(c.processedLot)}X`).set('Accept', 'application/json')).status).toBe(404);
    const page = await t.http.get(`/01/${unknown}/10/NOPE`).set('Accept', 'text/html');
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
  });
});

describe('consumer page', () => {
  it('shows the recall notice first, as an alert, with the notice fields escaped', async () => {
    const res = await t.http.get(pathOf(recalled.processedLot)).set('Accept', 'text/html').set('Accept-Language', 'en');
    expect(res.status).toBe(200);
    const notice = res.text.indexOf('<section id="recall-notice" role="alert"');
    expect(notice).toBeGreaterThan(0);
    expect(notice).toBeLessThan(res.text.indexOf('<header'));
    expect(res.text).toContain('Listeria found');
    expect(res.text).toContain('Do not eat; &lt;b&gt;bin it&lt;/b&gt;');
    expect(res.text).not.toContain('<b>bin it</b>');
  });

  it('picks the language from Accept-Language and lets ?lang= switch it', async () => {
    const en = await t.http.get(pathOf(c.processedLot)).set('Accept', 'text/html').set('Accept-Language', 'en-US,en;q=0.9,zh;q=0.5');
    expect(en.text).toContain('<html lang="en"');
    expect(en.text).toContain('Journey');
    const zh = await t.http
      .get(`${pathOf(c.processedLot)}?lang=zh`)
      .set('Accept', 'text/html')
      .set('Accept-Language', 'en');
    expect(zh.text).toContain('<html lang="zh-CN"');
    expect(zh.text).toContain('流通旅程');
    expect(zh.text).toContain(`href="${pathOf(c.processedLot)}?lang=en"`);
  });

  it('is cacheable: ETag, Cache-Control, and 304 on If-None-Match', async () => {
    const first = await t.http.get(pathOf(c.processedLot)).set('Accept', 'text/html').set('Accept-Language', 'zh');
    expect(first.headers['cache-control']).toBe('public, max-age=0, s-maxage=20, stale-while-revalidate=10');
    expect(first.headers.vary).toBe('Accept, Accept-Language');
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await t.http
      .get(pathOf(c.processedLot))
      .set('Accept', 'text/html')
      .set('Accept-Language', 'zh')
      .set('If-None-Match', etag);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    expect(again.headers.etag).toBe(etag);
    for (const held of [`W/${etag}`, `"other", ${etag}`, '*'])
      expect(
        (await t.http.get(pathOf(c.processedLot)).set('Accept', 'text/html').set('Accept-Language', 'zh').set('If-None-Match', held))
          .status,
      ).toBe(304);
    expect(
      (await t.http.get(pathOf(c.processedLot)).set('Accept', 'text/html').set('Accept-Language', 'en').set('If-None-Match', etag)).status,
    ).toBe(200);
    const head = await t.http.head(pathOf(c.processedLot)).set('Accept', 'text/html').set('Accept-Language', 'zh');
    expect(head.status).toBe(200);
    expect(head.headers.etag).toBe(etag);
  });

  it('answers a repeated anonymous scan before express with the same bytes and headers; keys, conditionals and queries still go through express', async () => {
    const wired = async (): Promise<number> => (await t.service.deps.metrics.wireAnswers.get()).values[0]?.value ?? 0;
    const scan = () => t.http.get(pathOf(c.processedLot)).set('Accept', 'text/html').set('Accept-Language', 'en');
    const first = await scan();
    const before = await wired();
    const again = await scan();
    expect(await wired()).toBe(before + 1);
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    const { 'x-request-id': _a, date: _b, ...headers } = first.headers;
    expect(again.headers).toMatchObject(headers);
    expect(again.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await scan().set('If-None-Match', first.headers.etag ?? '')).status).toBe(304);
    expect((await scan().set('Authorization', `Bearer ${c.regulatorKey}`)).status).toBe(200);
    expect((await t.http.get(`${pathOf(c.processedLot)}?lang=en`).set('Accept', 'text/html')).status).toBe(200);
    expect(await wired()).toBe(before + 1);
  });

  it('answers a repeated scan from memory until the index moves, then shows what changed', async () => {
    const fresh = await buildChain(t, 60);
    const path = pathOf(fresh.processedLot);
    let queries = 0;
    const count = (): void => void queries++;
    const scan = () => t.http.get(path).set('Accept', 'application/json');
    const first = await scan();
    expect(first.body.recall.recalled).toBe(false);
    t.service.deps.knex.on('query', count);
    try {
      const again = await scan();
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(queries).toBe(0);
      const r = await t.service.deps.ledger.openRecall(
        { kind: 'regulator' },
        {
          id: 'rcl-resolver-cache',
          lots: [fresh.processedLot],
          reason: 'test',
          severityClass: 'II',
          notice: { hazard: 'Foreign matter', consumerAction: 'Return it', remedy: 'Refund', contact: 'call 400-000-0001' },
        },
      );
      await t.service.deps.indexer.waitForTx(r.txId, r.blockNumber);
      queries = 0;
      const after = await scan();
      expect(queries).toBeGreaterThan(0);
      expect(after.body.recall.recalled).toBe(true);
      expect(after.headers.etag).not.toBe(first.headers.etag);
    } finally {
      t.service.deps.knex.off('query', count);
    }
  });

  it('lists the ledger transactions behind what it shows, with links to check them', async () => {
    const json = await t.http.get(pathOf(c.processedLot)).set('Accept', 'application/json');
    const proofs = json.body.ledger.proofs as Array<{ txId: string; blockNumber: number }>;
    expect(proofs.length).toBeGreaterThan(3);
    const page = await t.http.get(pathOf(c.processedLot)).set('Accept', 'text/html');
    for (const p of proofs) expect(page.text).toContain(`href="/ledger/tx/${p.txId}"`);
    expect(page.text).toContain('href="/ledger/verify"');
    expect((await t.http.get(`/ledger/tx/${proofs[0]?.txId ?? ''}`)).status).toBe(200);
  });
});

describe('public projection', () => {
  /** What must never show on the page of a product whose brand owner is `owner`. */
  function forbidden(chain: Chain, owner: MemberName): string[] {
    const m = chain.members;
    const names = (['farmA', 'farmB', 'processor', 'distributor', 'retailer1', 'retailer2'] as const).filter((n) => n !== owner);
    const partners = names.map((n) => m[n]);
    const partnerNames = names.map((n) => `${n} ${m.processor.id.split('-')[1] ?? ''}`);
    return [
      ...partners.map((p) => p.id),
      ...partnerNames,
      ...Object.values(m).flatMap((p) => [p.party, p.location, p.party.slice(-13), p.location.slice(-13)]),
      'site',
      'desadv',
      'bizTransaction',
      'urn:epcglobal:cbv:bt',
      'INV-PRIVATE-99',
      'SECRET-NOTE-4711',
      'privateNote',
      'KGM',
      'quantity',
      'owning_party',
      'eventID',
      'urn:uuid',
    ];
  }

  it.each<[string, () => string, MemberName]>([
    ['the processed lot', (): string => pathOf(c.processedLot), 'processor'],
    ['a farm lot', (): string => pathOf(c.farmLots[0]), 'farmA'],
    ['a serialised item', (): string => `/01/${c.processedLot.split('/')[4] ?? ''}/21/${c.items[3]?.split('.').pop() ?? ''}`, 'processor'],
  ])(
    'never shows partners, party or location ids, business transactions, quantities or private fields for %s',
    async (_name, path, owner) => {
      const json = await t.http.get(path()).set('Accept', 'application/json');
      const page = await t.http.get(path()).set('Accept', 'text/html').set('Accept-Language', 'en');
      expect(json.status).toBe(200);
      for (const text of [json.text, page.text]) {
        for (const word of forbidden(c, owner)) expect({ word, found: text.includes(word) }).toEqual({ word, found: false });
      }
    },
  );
});

describe('complaints', () => {
  it('stores a complaint addressed to the brand owner; the owner and regulators can read it, others cannot', async () => {
    const posted = await t.http
      .post('/complaints')
      .send({ subjectId: c.processedLot, message: 'The tea smells of mould', contact: '138 0000 0000' });
    expect(posted.status).toBe(201);
    const id = posted.body.complaint.id as string;
    const owner = await t.http.get('/complaints').set('Authorization', `Bearer ${c.members.processor.key}`);
    expect(owner.body.complaints).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id, subjectId: c.processedLot, message: 'The tea smells of mould', contact: '138 0000 0000' }),
      ]),
    );
    const farm = await t.http.get('/complaints').set('Authorization', `Bearer ${c.members.farmA.key}`);
    expect((farm.body.complaints as Array<{ id: string }>).map((x) => x.id)).not.toContain(id);
    const regulator = await t.http.get('/complaints').set('Authorization', `Bearer ${c.regulatorKey}`);
    expect((regulator.body.complaints as Array<{ id: string }>).map((x) => x.id)).toContain(id);
    expect((await t.http.get('/complaints')).status).toBe(401);
  });

  it('takes the page form and sends the browser back to the page with a thank-you', async () => {
    const res = await t.http.post('/complaints').type('form').send({ subjectId: c.farmLots[1], message: 'Leaves were wet', lang: 'en' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${pathOf(c.farmLots[1])}?reported=1&lang=en#report`);
    const page = await t.http.get(`${pathOf(c.farmLots[1])}?reported=1&lang=en`);
    expect(page.text).toContain('Thank you');
  });

  it('rejects an empty message and a malformed subject with 400', async () => {
    expect((await t.http.post('/complaints').send({ subjectId: c.processedLot, message: '' })).status).toBe(400);
    const bad = await t.http.post('/complaints').send({ subjectId: 'https://id.gs1.org/01/12345', message: 'something is wrong' });
    expect(bad.status).toBe(400);
  });

  // Last in the file: it uses up this address's complaint allowance.
  it('limits how many complaints one address can send in a minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await t.http.post('/complaints').send({ subjectId: c.processedLot, message: `burst number ${i}` })).status);
    expect(statuses).toContain(429);
  });
});
