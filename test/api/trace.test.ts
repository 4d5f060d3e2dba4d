import ExcelJS from 'exceljs';
import type { Response } from 'superagent';
import { backendName, startTestService, type TestService } from '../helpers/test-service';
import { buildChain, gtin, lotId, record, sscc, ssccId, type Chain } from '../helpers/supply-chain';

interface Graph {
  id: string;
  start: string;
  cut: boolean;
  nodes: Array<{
    id: string;
    kind: string;
    depth: number;
    recalled: boolean;
    quantity: Array<{ quantity: number; uom: string | null }>;
    owner: string | null;
  }>;
  edges: Array<{ from: string; to: string; type: string; eventIDs: string[] }>;
  parties: Array<{ id: string; enterpriseId: string | null }>;
  locations: Array<{ id: string; city: string | null }>;
  index: { caughtUp: boolean; ledgerHeight: number };
}

// Collects a binary body as one Buffer (supertest would try to parse the workbook as text).
function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

const ids = (g: Graph): string[] => g.nodes.map((n) => n.id).sort();
const edge = (g: Graph, from: string, to: string, type: string): Graph['edges'][number] | undefined =>
  g.edges.find((e) => e.from === from && e.to === to && e.type === type);

describe(`GET /trace (${backendName()})`, () => {
  let t: TestService;
  let c: Chain;
  const trace = async (query: Record<string, string | number>, key = c.regulatorKey): Promise<Graph> => {
    const res = await t.http.get('/trace').query(query).set('Authorization', `Bearer ${key}`);
    expect(res.status).toBe(200);
    return res.body as Graph;
  };

  beforeAll(async () => {
    t = await startTestService();
    c = await buildChain(t, 10);
  }, 240_000);
  afterAll(async () => {
    await t.close();
  });

  it('traces a farm lot forward through the transformation, cases and pallet to both retailers', async () => {
    const g = await trace({ id: c.farmLots[0], direction: 'forward' });
    expect(ids(g)).toEqual([c.farmLots[0], c.processedLot, ...c.cases, c.pallet].sort());
    expect(edge(g, c.farmLots[0], c.processedLot, 'transformed_into')?.eventIDs).toEqual([c.events.transform]);
    expect(edge(g, c.processedLot, c.cases[0], 'packed_into')?.eventIDs).toEqual([c.events.packCase1]);
    expect(edge(g, c.cases[1], c.pallet, 'packed_into')?.eventIDs).toEqual([c.events.packPallet]);
    expect(edge(g, c.pallet, c.cases[0], 'unpacked_from')?.eventIDs).toEqual([c.events.unpackPallet]);
    expect(edge(g, c.cases[0], c.members.retailer1.party, 'shipped_to')?.eventIDs).toEqual([c.events.shipCase1]);
    expect(edge(g, c.cases[1], c.members.retailer2.location, 'shipped_to')?.eventIDs).toEqual([c.events.shipCase2]);
    expect(edge(g, c.pallet, c.members.distributor.party, 'shipped_to')?.eventIDs).toEqual([c.events.shipPallet]);
    expect(g.parties.map((p) => p.enterpriseId)).toEqual(
      expect.arrayContaining([c.members.retailer1.id, c.members.retailer2.id, c.members.distributor.id]),
    );
    expect(g.locations.map((l) => l.city)).toEqual(expect.arrayContaining(['Beijing', 'Tianjin']));
    expect(g.cut).toBe(false);
    expect(g.nodes.find((n) => n.id === c.farmLots[1])).toBeUndefined();
  });

  it('traces a retail item backward to every farm lot, starting from its lot', async () => {
    const g = await trace({ id: c.items[3] ?? '', direction: 'backward' });
    expect(g.start).toBe(c.processedLot);
    expect(ids(g)).toEqual([...c.farmLots, c.processedLot].sort());
    for (const lot of c.farmLots) expect(edge(g, lot, c.processedLot, 'transformed_into')?.eventIDs).toEqual([c.events.transform]);
    expect(g.nodes.find((n) => n.id === c.farmLots[0])?.depth).toBe(-1);
    expect(edge(g, c.farmLots[2], c.members.processor.party, 'shipped_to')?.eventIDs).toEqual([c.events.s3]);
    expect(edge(g, c.farmLots[2], c.members.farmB.party, 'received_from')?.eventIDs).toEqual([c.events.r3]);
  });

  it('traces a retailer case backward through its contents to every farm lot', async () => {
    const g = await trace({ id: c.cases[1], direction: 'backward' });
    expect(ids(g)).toEqual([...c.farmLots, c.processedLot, c.cases[1]].sort());
  });

  it('reports lot-level and item-level quantities, owners and the index position', async () => {
    const g = await trace({ id: c.processedLot });
    expect(g.nodes.find((n) => n.id === c.farmLots[0])?.quantity).toEqual([{ quantity: 500, uom: 'KGM' }]);
    expect(g.nodes.find((n) => n.id === c.processedLot)?.quantity).toEqual([{ quantity: 4, uom: 'EA' }]);
    expect(g.nodes.find((n) => n.id === c.farmLots[2])?.owner).toBe(c.members.farmB.id);
    expect(ids(g)).toHaveLength(7);
    expect(g.index.caughtUp).toBe(true);
  });

  it('accepts the EPC URN form and answers the canonical id', async () => {
    const urn = `urn:epc:class:lgtin:${c.members.farmA.prefix}.000011.Hs10A`;
    const g = await trace({ id: urn, direction: 'forward' });
    expect(g.id).toBe(c.farmLots[0]);
  });

  it('says when maxDepth cut the walk', async () => {
    const g = await trace({ id: c.farmLots[0], direction: 'forward', maxDepth: 1 });
    expect(ids(g)).toEqual([c.farmLots[0], c.processedLot].sort());
    expect(g.cut).toBe(true);
  });

  it('does not loop on cycles nor pull other lots off a shared pallet', async () => {
    const m = c.members.processor;
    const [x, y] = [lotId(gtin(m.prefix, '00077'), 'CYC1'), lotId(gtin(m.prefix, '00077'), 'CYC2')];
    const other = lotId(gtin(m.prefix, '00077'), 'OTHER');
    const [caseX, caseO, shared] = [
      ssccId(sscc(m.prefix, '000000501')),
      ssccId(sscc(m.prefix, '000000502')),
      ssccId(sscc(m.prefix, '000000600')),
    ];
    const at = { eventTime: '2026-09-05T08:00:00.000+08:00', eventTimeZoneOffset: '+08:00', bizLocation: { id: m.location } };
    const q = (lot: string): object => ({ epcClass: lot, quantity: 1, uom: 'KGM' });
    await record(t, m, [
      { type: 'TransformationEvent', ...at, inputQuantityList: [q(x)], outputQuantityList: [q(y)] },
      { type: 'TransformationEvent', ...at, inputQuantityList: [q(y)], outputQuantityList: [q(x)] },
      { type: 'AggregationEvent', action: 'ADD', ...at, parentID: caseX, childQuantityList: [q(y)] },
      { type: 'AggregationEvent', action: 'ADD', ...at, parentID: caseO, childQuantityList: [q(other)] },
      { type: 'AggregationEvent', action: 'ADD', ...at, parentID: shared, childEPCs: [caseX, caseO] },
    ]);
    const g = await trace({ id: x, direction: 'both', maxDepth: 50 });
    expect(ids(g)).toEqual([x, y, caseX, shared].sort());
    expect(g.nodes.find((n) => n.id === x)?.depth).toBe(0);
    const back = await trace({ id: shared, direction: 'backward' });
    expect(ids(back)).toEqual(expect.arrayContaining([other, caseO, x, y]));
  });

  it('leaves an error-declared transformation out of the walk, follows its corrective event, and says who declared it', async () => {
    const m = c.members.processor;
    const [input, wrong, right] = [
      lotId(gtin(m.prefix, '00088'), 'IN1'),
      lotId(gtin(m.prefix, '00088'), 'WRONG1'),
      lotId(gtin(m.prefix, '00088'), 'RIGHT1'),
    ];
    const at = { eventTime: '2026-09-06T08:00:00.000+08:00', eventTimeZoneOffset: '+08:00', bizLocation: { id: m.location } };
    const q = (lot: string): object => ({ epcClass: lot, quantity: 1, uom: 'KGM' });
    const mistaken = { type: 'TransformationEvent', ...at, inputQuantityList: [q(input)], outputQuantityList: [q(wrong)] };
    const [, mistakeId] = await record(t, m, [{ type: 'ObjectEvent', action: 'ADD', ...at, quantityList: [q(input)] }, mistaken]);
    const [correctiveId] = await record(t, m, [
      { type: 'TransformationEvent', ...at, inputQuantityList: [q(input)], outputQuantityList: [q(right)] },
    ]);
    const declaration = {
      ...mistaken,
      eventID: mistakeId,
      errorDeclaration: { declarationTime: '2026-09-06T09:00:00.000+08:00', reason: 'incorrect_data', correctiveEventIDs: [correctiveId] },
    };
    const r = await t.service.deps.ledger.recordEvents(
      { kind: 'enterprise', enterpriseId: m.id },
      { events: [{ eventID: mistakeId ?? '', event: declaration }] },
    );
    await t.service.deps.indexer.waitForTx(r.txId, r.blockNumber);
    const g = (await trace({ id: input, direction: 'forward' })) as Graph & { corrections: Array<Record<string, unknown>> };
    expect(ids(g)).toEqual([input, right].sort());
    expect(g.corrections).toEqual([
      { eventID: mistakeId, declaredBy: m.id, declaredAt: r.txTime, reason: 'incorrect_data', correctiveEventIDs: [correctiveId] },
    ]);
  });

  it('answers 400 naming id for a malformed identifier and 404 for one never indexed', async () => {
    const bad = await t.http
      .get('/trace')
      .query({ id: 'https://id.gs1.org/01/12345678901234' })
      .set('Authorization', `Bearer ${c.regulatorKey}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('id');
    const unknown = await t.http
      .get('/trace')
      .query({ id: lotId(gtin('9520099', '00001'), 'NOPE') })
      .set('Authorization', `Bearer ${c.regulatorKey}`);
    expect(unknown.status).toBe(404);
    const depth = await t.http.get('/trace').query({ id: c.farmLots[0], maxDepth: 51 }).set('Authorization', `Bearer ${c.regulatorKey}`);
    expect(depth.status).toBe(400);
  });

  it('needs a key; an enterprise may trace only what it owns, holds or is party to', async () => {
    expect((await t.http.get('/trace').query({ id: c.farmLots[0] })).status).toBe(401);
    const own = await t.http.get('/trace').query({ id: c.processedLot }).set('Authorization', `Bearer ${c.members.retailer2.key}`);
    expect(own.status).toBe(200);
    const foreign = await t.http.get('/trace').query({ id: c.farmLots[0] }).set('Authorization', `Bearer ${c.members.retailer1.key}`);
    expect(foreign.status).toBe(403);
  });
});

describe(`GET /trace/export.csv and /trace/view (${backendName()})`, () => {
  let t: TestService;
  let c: Chain;
  beforeAll(async () => {
    t = await startTestService();
    c = await buildChain(t, 20);
  }, 240_000);
  afterAll(async () => {
    await t.close();
  });

  it('exports the chain as a sortable sheet: a header, one row per event, correct lot codes', async () => {
    const res = await t.http
      .get('/trace/export.csv')
      .query({ id: c.farmLots[0], direction: 'forward' })
      .set('Authorization', `Bearer ${c.regulatorKey}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename=/);
    const lines = res.text.trimEnd().split('\r\n');
    const header = (lines[0] ?? '').split(',');
    expect(header).toEqual(
      expect.arrayContaining([
        'Event type',
        'Traceability lot code',
        'Quantity',
        'Unit of measure',
        'Reference document number',
        'Event ID',
      ]),
    );
    const rows = lines.slice(1).map((l) => l.split(','));
    const col = (name: string): number => header.indexOf(name);
    const byEvent = new Map(rows.map((r) => [r[col('Event ID')], r]));
    const expected = [
      'h1',
      's1',
      'r1',
      'transform',
      'packCase1',
      'packCase2',
      'packPallet',
      'shipPallet',
      'receivePallet',
      'unpackPallet',
      'shipCase1',
      'shipCase2',
      'receiveCase1',
      'receiveCase2',
      'sale',
    ];
    expect([...byEvent.keys()].sort()).toEqual(expected.map((k) => c.events[k]).sort());
    expect(rows).toHaveLength(expected.length);
    expect(byEvent.get(c.events.h1)?.[col('Traceability lot code')]).toBe('Hs20A');
    expect(byEvent.get(c.events.s1)?.[col('Quantity')]).toBe('500');
    expect(byEvent.get(c.events.transform)?.[col('Traceability lot code')]).toBe('Ps20');
    expect(byEvent.get(c.events.transform)?.[col('Input lots (transformation)')]).toContain('Hs20B');
    expect(byEvent.get(c.events.shipCase2)?.[col('Traceability lot code')]).toBe('Ps20');
    expect(byEvent.get(c.events.shipCase2)?.[col('Ship-to / destination location')]).toBe(c.members.retailer2.location);
    expect(byEvent.get(c.events.shipPallet)?.[col('Reference document number')]).toMatch(/D4$/);
  });

  it("shows an enterprise's export only the events it was a party to, with their reference documents", async () => {
    const res = await t.http
      .get('/trace/export.csv')
      .query({ id: c.processedLot, direction: 'both' })
      .set('Authorization', `Bearer ${c.members.retailer2.key}`);
    expect(res.status).toBe(200);
    const lines = res.text
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(','));
    const header = lines[0] ?? [];
    const ref = (event: string | undefined): string | undefined =>
      lines.find((r) => r[header.indexOf('Event ID')] === event)?.[header.indexOf('Reference document number')];
    expect(ref(c.events.s1)).toBeUndefined();
    expect(ref(c.events.shipPallet)).toBeUndefined();
    expect(ref(c.events.shipCase2)).toMatch(/D6$/);
    const regulator = await t.http
      .get('/trace/export.csv')
      .query({ id: c.processedLot, direction: 'both' })
      .set('Authorization', `Bearer ${c.regulatorKey}`);
    expect(regulator.text).toMatch(/D1\b/);
  });

  it('exports the same rows as an xlsx workbook with a frozen, filterable header and date cells', async () => {
    const query = { id: c.farmLots[0], direction: 'forward' };
    const auth = `Bearer ${c.regulatorKey}`;
    const csv = await t.http.get('/trace/export.csv').query(query).set('Authorization', auth);
    const res = await t.http.get('/trace/export.xlsx').query(query).set('Authorization', auth).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?trace-.+\.xlsx"?$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as Parameters<typeof book.xlsx.load>[0]);
    const sheet = book.getWorksheet('Trace');
    const csvLines = csv.text
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(','));
    const header = csvLines[0] ?? [];
    expect(sheet?.getRow(1).values).toEqual([undefined, ...header]);
    expect(sheet?.rowCount).toBe(csvLines.length);
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet?.autoFilter).toBeDefined();
    const col = (name: string): number => header.indexOf(name) + 1;
    const rows = (sheet?.getRows(2, csvLines.length - 1) ?? []).map((r) => ({
      event: r.getCell(col('Event ID')).value,
      lot: r.getCell(col('Traceability lot code')).value,
      date: r.getCell(col('Event date (UTC)')).value,
      qty: r.getCell(col('Quantity')).value,
    }));
    const harvest = rows.find((r) => r.event === c.events.h1);
    expect(harvest?.lot).toBe('Hs20A');
    expect(harvest?.date).toBeInstanceOf(Date);
    expect(rows.find((r) => r.event === c.events.s1)?.qty).toBe(500);
    expect(rows.map((r) => r.event).sort()).toEqual(
      csvLines
        .slice(1)
        .map((l) => l[col('Event ID') - 1])
        .sort(),
    );
    expect(book.getWorksheet('Query')?.getCell('B2').value).toBe(c.farmLots[0]);
  });

  it('renders an HTML page with an SVG graph of the chain', async () => {
    const res = await t.http.get('/trace/view').query({ id: c.cases[0] }).set('Authorization', `Bearer ${c.regulatorKey}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<svg');
    expect(res.text).toContain('lot Hs20C');
  });
});
