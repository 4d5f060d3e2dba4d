import { backendName, startTestService, type TestService } from '../helpers/test-service';
import { lotId, uniquePrefix } from '../helpers/gs1';
import { DOCS_ASSETS } from '../../server/features/health/docs-page';
import {
  auth,
  buildFixture,
  declarationBody,
  freshGtin,
  freshId,
  freshLot,
  incidentBody,
  objectEvent,
  ROLES,
  SECRET_PLACE,
  SECRET_PO,
  type Fixture,
  type Role,
} from './authorization-fixture';

// Starting a service and recording fixtures can take minutes on a loaded machine.
const SETUP_TIMEOUT_MS = 240_000;

type Method = 'get' | 'post' | 'delete' | 'options';
interface Req {
  readonly url: string;
  readonly body?: object;
}
interface Row {
  readonly method: Method;
  /** The path as the OpenAPI document spells it. */
  readonly path: string;
  /** Expected status for anonymous, enterprise A, enterprise B, regulator, admin (a revoked key is always 401). */
  readonly expect: readonly [number, number, number, number, number];
  /** Builds the request; writes get fresh identifiers each time, so roles never collide. */
  readonly req: (f: Fixture) => Req | Promise<Req>;
}

const PUBLIC = [200, 200, 200, 200, 200] as const;
const ANY_KEY = [401, 200, 200, 200, 200] as const;
const AUTHORITIES = [401, 403, 403, 200, 200] as const;
const ADMIN_ONLY = [401, 403, 403, 403, 200] as const;
const A_ONLY_WRITE = [401, 201, 403, 403, 403] as const;
const A_OR_AUTHORITY_READ = [401, 200, 404, 200, 200] as const;
const A_OR_AUTHORITY_TRACE = [401, 200, 403, 200, 200] as const;

const enc = encodeURIComponent;
const recall = (lot: string): object => ({
  lots: [lot],
  reason: 'matrix',
  hazard: 'glass fragments',
  severityClass: 'III',
  consumerAction: 'return it',
});
const newDeclaration = async (f: Fixture): Promise<string> =>
  (
    (
      await f.t.http
        .post('/declarations')
        .set(...auth(f.keys.entA ?? ''))
        .send(declarationBody(freshGtin(f)))
    ).body as { declaration: { id: string } }
  ).declaration.id;
const newIncident = async (f: Fixture): Promise<string> =>
  (
    (
      await f.t.http
        .post('/incidents')
        .set(...auth(f.keys.entA ?? ''))
        .send(incidentBody(f.gtinA))
    ).body as { id: string }
  ).id;
const newKeyId = async (f: Fixture): Promise<string> =>
  (
    (
      await f.t.http
        .post('/admin/keys')
        .set(...auth(f.keys.admin ?? ''))
        .send({ role: 'regulator', name: 'to delete' })
    ).body as { id: string }
  ).id;
// Authorities run a fresh verification; anyone else reads the last report, so one is run first.
const afterVerification = async (f: Fixture): Promise<Req> => {
  await f.t.http.get('/ledger/verify').set(...auth(f.keys.admin ?? ''));
  return { url: '/ledger/verify' };
};
const planBody = (f: Fixture): object => ({
  title: 'matrix plan',
  items: [{ id: 'label', name: 'Labelling' }],
  inspectors: [{ id: 'i1', name: 'Inspector 1' }],
  targets: { enterprises: [f.enterpriseA] },
  rules: { version: 'matrix-1', ratioPercentByGrade: { '1': 100, '2': 100, '3': 100 }, inspectorsPerTarget: 1 },
});
const newPlan = async (f: Fixture): Promise<string> =>
  (
    (
      await f.t.http
        .post('/inspections/plans')
        .set(...auth(f.keys.regulator ?? ''))
        .send(planBody(f))
    ).body as { id: string }
  ).id;
// A plan whose seed block exists: a second plan commits the block after the first.
const drawablePlan = async (f: Fixture): Promise<string> => {
  const id = await newPlan(f);
  await newPlan(f);
  return id;
};
const drawnPlan = async (f: Fixture): Promise<string> => {
  const id = await drawablePlan(f);
  await f.t.http.post(`/inspections/plans/${id}/draw`).set(...auth(f.keys.regulator ?? ''));
  return id;
};
const commissioning = (f: Fixture): object => ({ ...objectEvent(freshId(), lotId(freshGtin(f), 'C1')), action: 'ADD' });

const MATRIX: readonly Row[] = [
  { method: 'get', path: '/healthz', expect: PUBLIC, req: () => ({ url: '/healthz' }) },
  { method: 'get', path: '/readyz', expect: PUBLIC, req: () => ({ url: '/readyz' }) },
  { method: 'get', path: '/metrics', expect: PUBLIC, req: () => ({ url: '/metrics' }) },
  { method: 'get', path: '/openapi.json', expect: PUBLIC, req: () => ({ url: '/openapi.json' }) },
  { method: 'get', path: '/sign-in', expect: PUBLIC, req: () => ({ url: '/sign-in' }) },
  { method: 'post', path: '/sign-in', expect: [400, 400, 400, 400, 400], req: () => ({ url: '/sign-in', body: {} }) },
  { method: 'post', path: '/sign-out', expect: [303, 303, 303, 303, 303], req: () => ({ url: '/sign-out' }) },
  { method: 'get', path: '/docs', expect: PUBLIC, req: () => ({ url: '/docs' }) },
  { method: 'get', path: '/docs/init.js', expect: PUBLIC, req: () => ({ url: '/docs/init.js' }) },
  { method: 'get', path: `${DOCS_ASSETS}/{file}`, expect: PUBLIC, req: () => ({ url: `${DOCS_ASSETS}/swagger-ui.css` }) },
  { method: 'get', path: '/enterprises', expect: ANY_KEY, req: () => ({ url: '/enterprises' }) },
  { method: 'get', path: '/ledger', expect: PUBLIC, req: () => ({ url: '/ledger' }) },
  { method: 'get', path: '/ledger/verify', expect: PUBLIC, req: afterVerification },
  { method: 'get', path: '/ledger/tx/{txId}', expect: PUBLIC, req: (f) => ({ url: `/ledger/tx/${f.txA}` }) },
  { method: 'get', path: '/ledger/quarantine', expect: AUTHORITIES, req: () => ({ url: '/ledger/quarantine' }) },
  {
    method: 'post',
    path: '/admin/enterprises',
    expect: [401, 403, 403, 201, 201],
    req: () => ({ url: '/admin/enterprises', body: { id: `m-${uniquePrefix()}`, name: 'M', companyPrefixes: [uniquePrefix()] } }),
  },
  {
    method: 'post',
    path: '/admin/keys',
    expect: [401, 403, 403, 403, 201],
    req: () => ({ url: '/admin/keys', body: { role: 'regulator', name: 'matrix' } }),
  },
  { method: 'get', path: '/admin/keys', expect: ADMIN_ONLY, req: () => ({ url: '/admin/keys' }) },
  {
    method: 'delete',
    path: '/admin/keys/{id}',
    expect: [401, 403, 403, 403, 204],
    req: async (f) => ({ url: `/admin/keys/${await newKeyId(f)}` }),
  },
  { method: 'options', path: '/capture', expect: [204, 204, 204, 204, 204], req: () => ({ url: '/capture' }) },
  // Capture is asynchronous: B's document is accepted and its job then fails (see the checks below).
  {
    method: 'post',
    path: '/capture',
    expect: [401, 202, 202, 403, 403],
    req: (f) => ({
      url: '/capture',
      body: {
        type: 'EPCISDocument',
        schemaVersion: '2.0',
        creationDate: '2026-05-01T00:00:00Z',
        epcisBody: { eventList: [commissioning(f)] },
      },
    }),
  },
  { method: 'get', path: '/capture/{captureID}', expect: A_OR_AUTHORITY_READ, req: (f) => ({ url: `/capture/${f.captureA}` }) },
  { method: 'post', path: '/events', expect: A_ONLY_WRITE, req: (f) => ({ url: '/events', body: commissioning(f) }) },
  { method: 'get', path: '/events', expect: ANY_KEY, req: () => ({ url: '/events' }) },
  { method: 'get', path: '/events/{eventID}', expect: A_OR_AUTHORITY_READ, req: (f) => ({ url: `/events/${enc(f.eventA)}` }) },
  { method: 'get', path: '/trace', expect: A_OR_AUTHORITY_TRACE, req: (f) => ({ url: `/trace?id=${enc(f.lotA)}` }) },
  { method: 'get', path: '/trace/export.csv', expect: A_OR_AUTHORITY_TRACE, req: (f) => ({ url: `/trace/export.csv?id=${enc(f.lotA)}` }) },
  {
    method: 'get',
    path: '/trace/export.xlsx',
    expect: A_OR_AUTHORITY_TRACE,
    req: (f) => ({ url: `/trace/export.xlsx?id=${enc(f.lotA)}` }),
  },
  { method: 'get', path: '/trace/view', expect: A_OR_AUTHORITY_TRACE, req: (f) => ({ url: `/trace/view?id=${enc(f.lotA)}` }) },
  {
    method: 'post',
    path: '/recalls',
    expect: [401, 201, 403, 201, 201],
    req: async (f) => ({ url: '/recalls', body: recall(await freshLot(f)) }),
  },
  {
    method: 'post',
    path: '/recalls/{id}/confirm',
    expect: [401, 400, 400, 400, 400],
    req: (f) => ({ url: `/recalls/${f.recallA}/confirm`, body: { lots: [lotId(f.gtinA, 'NOT-AFFECTED')] } }),
  },
  { method: 'get', path: '/recalls', expect: PUBLIC, req: () => ({ url: '/recalls' }) },
  { method: 'get', path: '/recalls/{id}', expect: PUBLIC, req: (f) => ({ url: `/recalls/${f.recallA}` }) },
  {
    method: 'post',
    path: '/declarations',
    expect: A_ONLY_WRITE,
    req: (f) => ({ url: '/declarations', body: declarationBody(freshGtin(f)) }),
  },
  { method: 'get', path: '/declarations', expect: PUBLIC, req: () => ({ url: '/declarations' }) },
  { method: 'get', path: '/declarations/{id}', expect: PUBLIC, req: (f) => ({ url: `/declarations/${f.declarationA}` }) },
  {
    method: 'post',
    path: '/declarations/{id}/revisions',
    expect: A_ONLY_WRITE,
    req: (f) => ({ url: `/declarations/${f.declarationA}/revisions`, body: declarationBody(f.gtinA) }),
  },
  {
    method: 'post',
    path: '/declarations/{id}/withdraw',
    expect: [401, 200, 403, 403, 403],
    req: async (f) => ({ url: `/declarations/${await newDeclaration(f)}/withdraw`, body: { reason: 'matrix' } }),
  },
  {
    method: 'post',
    path: '/declarations/{id}/supervision',
    expect: [401, 403, 403, 201, 201],
    req: (f) => ({ url: `/declarations/${f.declarationA}/supervision`, body: { result: 'conforming', notes: 'matrix spot check' } }),
  },
  {
    method: 'post',
    path: '/incidents',
    expect: [401, 201, 201, 403, 403],
    req: (f) => ({ url: '/incidents', body: incidentBody(f.gtinA) }),
  },
  { method: 'get', path: '/incidents', expect: ANY_KEY, req: () => ({ url: '/incidents' }) },
  { method: 'get', path: '/incidents/{id}', expect: A_OR_AUTHORITY_READ, req: (f) => ({ url: `/incidents/${f.incidentA}` }) },
  {
    method: 'post',
    path: '/incidents/{id}/status',
    expect: [401, 403, 403, 200, 200],
    req: async (f) => ({ url: `/incidents/${await newIncident(f)}/status`, body: { status: 'acknowledged', note: 'seen' } }),
  },
  { method: 'get', path: '/regulator/overview', expect: AUTHORITIES, req: () => ({ url: '/regulator/overview' }) },
  { method: 'get', path: '/regulator/incidents', expect: AUTHORITIES, req: () => ({ url: '/regulator/incidents' }) },
  { method: 'get', path: '/regulator/risk', expect: AUTHORITIES, req: () => ({ url: '/regulator/risk' }) },
  { method: 'get', path: '/regulator/warnings', expect: AUTHORITIES, req: () => ({ url: '/regulator/warnings' }) },
  { method: 'post', path: '/regulator/risk/grade', expect: [401, 403, 403, 201, 201], req: () => ({ url: '/regulator/risk/grade' }) },
  { method: 'get', path: '/enterprises/{id}/credit', expect: PUBLIC, req: (f) => ({ url: `/enterprises/${f.enterpriseA}/credit` }) },
  {
    method: 'post',
    path: '/inspections/plans',
    expect: [401, 403, 403, 201, 201],
    req: (f) => ({ url: '/inspections/plans', body: planBody(f) }),
  },
  { method: 'get', path: '/inspections/plans/{id}', expect: PUBLIC, req: async (f) => ({ url: `/inspections/plans/${await newPlan(f)}` }) },
  {
    method: 'post',
    path: '/inspections/plans/{id}/draw',
    expect: [401, 403, 403, 201, 201],
    req: async (f) => ({ url: `/inspections/plans/${await drawablePlan(f)}/draw` }),
  },
  {
    method: 'post',
    path: '/inspections/{id}/results',
    expect: [401, 403, 403, 201, 201],
    req: async (f) => ({
      url: `/inspections/${await drawnPlan(f)}/results`,
      body: { enterpriseId: f.enterpriseA, outcome: 'pass', findings: 'matrix' },
    }),
  },
  { method: 'get', path: '/public/inspections', expect: PUBLIC, req: () => ({ url: '/public/inspections' }) },
  {
    method: 'post',
    path: '/inspections/items',
    expect: [401, 403, 403, 201, 201],
    req: () => ({ url: '/inspections/items', body: { id: 'matrix-item', name: 'Matrix item' } }),
  },
  { method: 'get', path: '/inspections/items', expect: PUBLIC, req: () => ({ url: '/inspections/items' }) },
  {
    method: 'post',
    path: '/inspections/inspectors',
    expect: [401, 403, 403, 201, 201],
    req: () => ({ url: '/inspections/inspectors', body: { id: 'matrix-inspector', name: 'Matrix inspector' } }),
  },
  { method: 'get', path: '/inspections/inspectors', expect: AUTHORITIES, req: () => ({ url: '/inspections/inspectors' }) },
  { method: 'get', path: '/inspections/targets', expect: AUTHORITIES, req: () => ({ url: '/inspections/targets?grade=3' }) },
  { method: 'get', path: '/inspections/rules', expect: PUBLIC, req: () => ({ url: '/inspections/rules' }) },
  { method: 'get', path: '/ledger/blocks/{number}', expect: PUBLIC, req: () => ({ url: '/ledger/blocks/0' }) },
  { method: 'get', path: '/qr/01/{gtin}/10/{file}', expect: PUBLIC, req: (f) => ({ url: `/qr/01/${f.gtinA}/10/LOT-A.svg` }) },
  { method: 'get', path: '/qr/sheet', expect: PUBLIC, req: (f) => ({ url: `/qr/sheet?lots=${enc(f.lotA)}` }) },
  { method: 'get', path: '/01/{gtin}', expect: PUBLIC, req: (f) => ({ url: `/01/${f.gtinA}` }) },
  { method: 'get', path: '/01/{gtin}/10/{lot}', expect: PUBLIC, req: (f) => ({ url: `/01/${f.gtinA}/10/LOT-A` }) },
  { method: 'get', path: '/01/{gtin}/10/{lot}/21/{serial}', expect: PUBLIC, req: (f) => ({ url: `/01/${f.gtinA}/10/LOT-A/21/S1` }) },
  // Public: everyone gets the same answer, here 404 (no item S1 of this GTIN is recorded without its lot).
  { method: 'get', path: '/01/{gtin}/21/{serial}', expect: [404, 404, 404, 404, 404], req: (f) => ({ url: `/01/${f.gtinA}/21/S1` }) },
  { method: 'get', path: '/01/{gtin}/22/{cpv}/10/{lot}', expect: PUBLIC, req: (f) => ({ url: `/01/${f.gtinA}/22/V1/10/LOT-A` }) },
  {
    method: 'post',
    path: '/complaints',
    expect: [201, 201, 201, 201, 201],
    req: (f) => ({ url: '/complaints', body: { subjectId: f.lotA, message: 'the tea tastes of smoke' } }),
  },
  { method: 'get', path: '/complaints', expect: ANY_KEY, req: () => ({ url: '/complaints' }) },
];

async function statusFor(f: Fixture, row: Row, role: Role): Promise<number> {
  const { url, body } = await row.req(f);
  let call = f.t.http[row.method](url);
  const key = f.keys[role];
  if (key) call = call.set(...auth(key));
  return (await (body ? call.send(body) : call)).status;
}

describe(`authorisation: every route × every role (${backendName()})`, () => {
  let t: TestService;
  let f: Fixture;
  beforeAll(async () => {
    t = await startTestService({ PUBLIC_RATE_LIMIT_PER_MIN: '0' });
    f = await buildFixture(t);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await t?.close();
  });

  it('has a row for every operation in the OpenAPI document', async () => {
    const doc = (await t.http.get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => m !== 'parameters')
        .map((m) => `${m} ${path}`),
    );
    const covered = new Set(MATRIX.map((r) => `${r.method} ${r.path}`));
    expect(documented.filter((op) => !covered.has(op))).toEqual([]);
  });

  it.each(MATRIX)('$method $path', async (row) => {
    const actual: Record<string, number> = {};
    for (const role of ROLES) actual[role] = await statusFor(f, row, role);
    const expected = Object.fromEntries(ROLES.map((role, i) => [role, row.expect[i] ?? 401]));
    expect(actual).toEqual(expected);
  });

  async function finishedJob(key: string, id: string): Promise<{ success: boolean; errors: Array<{ code: string }> }> {
    for (;;) {
      const job = await t.http.get(`/capture/${id}`).set(...auth(key));
      if (!job.body.running) return job.body as { success: boolean; errors: Array<{ code: string }> };
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('does not let an enterprise capture under another company prefix: the job fails and nothing is recorded', async () => {
    const event = commissioning(f) as { eventID: string };
    const res = await t.http
      .post('/capture')
      .set(...auth(f.keys.entB ?? ''))
      .send({ type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-05-01T00:00:00Z', epcisBody: { eventList: [event] } });
    expect(res.status).toBe(202);
    const job = await finishedJob(f.keys.entB ?? '', res.body.captureID as string);
    expect(job.success).toBe(false);
    expect(job.errors[0]?.code).toMatch(/forbidden/);
    expect(await t.service.deps.ledger.getEvent(event.eventID)).toBeUndefined();
    expect(await t.service.deps.knex('events').where({ event_id: event.eventID }).first()).toBeUndefined();
  });

  it("keeps an enterprise out of another's incidents, even when it asks for them by name", async () => {
    const ids = async (key: string | undefined): Promise<string[]> =>
      ((await t.http.get(`/incidents?enterprise=${f.enterpriseA}`).set(...auth(key ?? ''))).body.incidents as Array<{ id: string }>).map(
        (i) => i.id,
      );
    expect(await ids(f.keys.entB)).not.toContain(f.incidentA);
    expect(await ids(f.keys.regulator)).toContain(f.incidentA);
    expect(await ids(f.keys.entA)).toContain(f.incidentA);
  });

  it("refuses B's writes on A's lot, and shows B none of A's events, trace or export", async () => {
    const lot = await freshLot(f);
    const withPo = freshId();
    expect(
      (
        await t.http
          .post('/events')
          .set(...auth(f.keys.entA ?? ''))
          .send(objectEvent(withPo, lot, { bizStep: 'shipping', bizTransactionList: [{ type: 'po', bizTransaction: SECRET_PO }] }))
      ).status,
    ).toBe(201);
    for (const bizStep of ['receiving', 'shipping', 'destroying'])
      expect(
        (
          await t.http
            .post('/events')
            .set(...auth(f.keys.entB ?? ''))
            .send(objectEvent(freshId(), lot, { bizStep }))
        ).status,
      ).toBe(403);
    const seenByB = await t.http.get(`/events?MATCH_epcClass=${enc(lot)}`).set(...auth(f.keys.entB ?? ''));
    expect(seenByB.body.epcisBody.queryResults.resultsBody.eventList).toEqual([]);
    expect(seenByB.text).not.toContain(SECRET_PO);
    expect((await t.http.get(`/trace?id=${enc(lot)}`).set(...auth(f.keys.entB ?? ''))).status).toBe(403);
    expect((await t.http.get(`/trace/export.csv?id=${enc(lot)}`).set(...auth(f.keys.entB ?? ''))).status).toBe(403);
    expect((await t.http.get(`/events/${enc(withPo)}`).set(...auth(f.keys.entB ?? ''))).status).toBe(404);
    expect((await t.http.get(`/events/${enc(withPo)}`).set(...auth(f.keys.entB ?? ''))).text).not.toContain(SECRET_PO);
    expect((await t.http.get(`/events/${enc(withPo)}`).set(...auth(f.keys.regulator ?? ''))).text).toContain(SECRET_PO);
  });

  it('shows consumers only the public projection: no business transactions, site names, incidents or scope details', async () => {
    const page = await t.http.get(`/01/${f.gtinA}/10/LOT-A`).set('Accept', 'application/json');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Hangzhou');
    for (const secret of [SECRET_PO, SECRET_PLACE, 'A kettle lid came loose', f.enterpriseB]) expect(page.text).not.toContain(secret);
    expect((await t.http.get(`/ledger/tx/${f.txA}`)).text).not.toContain(SECRET_PO);
    const anonymous = (await t.http.get(`/recalls/${f.recallA}`)).body as Record<string, unknown>;
    const regulator = (await t.http.get(`/recalls/${f.recallA}`).set(...auth(f.keys.regulator ?? ''))).body as Record<string, unknown>;
    expect(regulator).toHaveProperty('links');
    expect(anonymous).not.toHaveProperty('links');
    expect(anonymous).not.toHaveProperty('openedBy');
  });

  it('treats a revoked key as no key at all on every route, public ones included', async () => {
    expect((await t.http.get('/recalls').set(...auth(f.keys.revoked ?? ''))).status).toBe(401);
  });
});
