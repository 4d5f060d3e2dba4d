import { eventHashPreimage } from '../../server/epcis/event-hash';
import { EX, expectVector } from '../helpers/event-hash-vectors';

describe('eventHashId', () => {
  describe('GS1 keys written as canonical Digital Links (CBV 2.0 rules, as the reference generator applies them)', () => {
    const HEAD = 'eventType=ObjectEventeventTime=2024-07-01T00:00:00.000ZeventTimeZoneOffset=+00:00';
    const GS1 = 'https://id.gs1.org';
    const observed = (fields: Record<string, unknown>): Record<string, unknown> => ({
      type: 'ObjectEvent',
      eventTime: '2024-07-01T00:00:00Z',
      eventTimeZoneOffset: '+00:00',
      action: 'OBSERVE',
      ...fields,
    });
    const asEpc = (value: string): string => eventHashPreimage(observed({ epcList: [value] }));
    const asEpcClass = (value: string): string => eventHashPreimage(observed({ quantityList: [{ epcClass: value, quantity: 1 }] }));

    it.each([
      ['SGTIN, escapes kept and ":" escaped', 'urn:epc:id:sgtin:4098765.012345.S%2F1:A', `${GS1}/01/04098765123450/21/S%2F1%3AA`],
      ['SGTIN, "\'" kept and "( )" escaped', "urn:epc:id:sgtin:4098765.012345.it's(1)", `${GS1}/01/04098765123450/21/it's%281%29`],
      ['SSCC', 'urn:epc:id:sscc:4098765.1000000042', `${GS1}/00/140987650000000420`],
      ['SGLN without extension', 'urn:epc:id:sgln:4098765.00012.0', `${GS1}/414/4098765000126`],
      ['SGLN with extension', 'urn:epc:id:sgln:4098765.00012.DOCK+2', `${GS1}/414/4098765000126/254/DOCK%2B2`],
      ['GRAI', 'urn:epc:id:grai:4098765.00077.PAL-9', `${GS1}/8003/04098765000775PAL-9`],
      ['GIAI', 'urn:epc:id:giai:4098765.TRUCK*7', `${GS1}/8004/4098765TRUCK%2A7`],
      ['GSRN', 'urn:epc:id:gsrn:4098765.0000012345', `${GS1}/8018/409876500000123458`],
      ['GSRNP', 'urn:epc:id:gsrnp:4098765.0000054321', `${GS1}/8017/409876500000543218`],
      ['GDTI', 'urn:epc:id:gdti:4098765.00031.INV-2024', `${GS1}/253/4098765000317INV-2024`],
      ['GDTI without serial', 'urn:epc:id:gdti:4098765.00031.', `${GS1}/253/4098765000317`],
      ['CPI', 'urn:epc:id:cpi:4098765.PART-7%2FB.42', `${GS1}/8010/4098765PART-7%2FB/8011/42`],
      ['SGCN', 'urn:epc:id:sgcn:4098765.00055.0007', `${GS1}/255/40987650005530007`],
      ['GINC', 'urn:epc:id:ginc:4098765.CONS:88', `${GS1}/401/4098765CONS%3A88`],
      ['GSIN', 'urn:epc:id:gsin:4098765.123456789', `${GS1}/402/40987651234567898`],
      ['ITIP', 'urn:epc:id:itip:4098765.012345.02.04.LEFT!1', `${GS1}/8006/040987651234500204/21/LEFT%211`],
      ['UPUI', 'urn:epc:id:upui:4098765.012345.tpx%26Q9', `${GS1}/01/04098765123450/235/tpx%26Q9`],
      ['PGLN', 'urn:epc:id:pgln:4098765.00009', `${GS1}/417/4098765000096`],
      ['PGLN with a 12-digit company prefix', 'urn:epc:id:pgln:409876500012.', `${GS1}/417/4098765000126`],
    ])('writes an EPC URN for %s as its Digital Link', (_label, urn, link) => {
      expect(asEpc(urn)).toBe(`${HEAD}epcListepc=${link}action=OBSERVE`);
    });

    it.each([
      ['LGTIN class', 'urn:epc:class:lgtin:4098765.012345.B(7)', `${GS1}/01/04098765123450/10/B%287%29`],
      ['SGTIN pattern', 'urn:epc:idpat:sgtin:4098765.012345.*', `${GS1}/01/04098765123450`],
      ['GRAI pattern', 'urn:epc:idpat:grai:4098765.00077.*', `${GS1}/8003/04098765000775`],
      ['GDTI pattern', 'urn:epc:idpat:gdti:4098765.00031.*', `${GS1}/253/4098765000317`],
      ['SGCN pattern', 'urn:epc:idpat:sgcn:4098765.00055.*', `${GS1}/255/4098765000553`],
      ['CPI pattern', 'urn:epc:idpat:cpi:4098765.PART-7%2FB.*', `${GS1}/8010/4098765PART-7%2FB`],
      ['ITIP pattern', 'urn:epc:idpat:itip:4098765.012345.02.04.*', `${GS1}/8006/040987651234500204`],
      ['UPUI pattern', 'urn:epc:idpat:upui:4098765.012345.*', `${GS1}/01/04098765123450`],
    ])('writes an epcClass %s as its Digital Link', (_label, urn, link) => {
      expect(asEpcClass(urn)).toBe(`${HEAD}quantityListquantityElementepcClass=${link}quantity=1action=OBSERVE`);
    });

    it.each([
      ['GDTI (AI 253), query dropped', 'https://brand.example/253/4098765000317INV-2024?linkType=all', `${GS1}/253/4098765000317INV-2024`],
      [
        'GDTI by short name under a path prefix',
        'https://brand.example/shop/gdti/4098765000317INV-2024',
        `${GS1}/253/4098765000317INV-2024`,
      ],
      ['GRAI (AI 8003)', 'https://brand.example/8003/04098765000775PAL-9', `${GS1}/8003/04098765000775PAL-9`],
      ['GRAI by short name', 'https://brand.example/grai/04098765000775PAL-9', `${GS1}/8003/04098765000775PAL-9`],
      ['GIAI (AI 8004)', 'https://brand.example/8004/4098765TRUCK7', `${GS1}/8004/4098765TRUCK7`],
      ['GSRN (AI 8018)', 'https://brand.example/8018/409876500000123458', `${GS1}/8018/409876500000123458`],
      ['GSRN by short name', 'https://brand.example/gsrn/409876500000123458', `${GS1}/8018/409876500000123458`],
      ['GSRNP (AI 8017)', 'https://brand.example/8017/409876500000543218', `${GS1}/8017/409876500000543218`],
      ['CPID with serial (AI 8010/8011)', 'https://brand.example/8010/4098765PART-7/8011/42', `${GS1}/8010/4098765PART-7/8011/42`],
      ['CPID by short name', 'https://brand.example/cpid/4098765PART-7', `${GS1}/8010/4098765PART-7`],
      ['GTIN, CPV (AI 22) dropped', 'https://brand.example/01/04098765123450/22/BLUE', `${GS1}/01/04098765123450`],
      ['GTIN, CPV dropped before a lot', 'https://brand.example/01/04098765123450/22/BLUE/10/B7', `${GS1}/01/04098765123450/10/B7`],
      [
        'GTIN, lot (AI 10) dropped before a serial (AI 21)',
        'https://brand.example/01/04098765123450/10/B7/21/S1',
        `${GS1}/01/04098765123450/21/S1`,
      ],
      [
        'GTIN by short names, padded, query dropped',
        'https://brand.example/gtin/4098765123450/lot/B7/ser/S1?17=271231',
        `${GS1}/01/04098765123450/21/S1`,
      ],
      ['GTIN with TPX (AI 235)', 'https://brand.example/01/04098765123450/235/tpx9', `${GS1}/01/04098765123450/235/tpx9`],
      ['party GLN (AI 417)', 'https://brand.example/417/4098765000096', `${GS1}/417/4098765000096`],
      ['party GLN by short name', 'https://brand.example/party/4098765000096', `${GS1}/417/4098765000096`],
      ['GLN with extension (AI 414/254)', 'https://brand.example/414/4098765000126/254/DOCK2', `${GS1}/414/4098765000126/254/DOCK2`],
      ['GLN by short name', 'https://brand.example/gln/4098765000126', `${GS1}/414/4098765000126`],
      ['SSCC (AI 00)', 'https://brand.example/00/140987650000000420', `${GS1}/00/140987650000000420`],
      ['GCN (AI 255)', 'https://brand.example/255/40987650005530007', `${GS1}/255/40987650005530007`],
      ['GINC (AI 401)', 'https://brand.example/401/4098765CONS88', `${GS1}/401/4098765CONS88`],
      ['GSIN (AI 402)', 'https://brand.example/402/40987651234567898', `${GS1}/402/40987651234567898`],
      [
        'ITIP (AI 8006), CPV dropped',
        'https://brand.example/8006/040987651234500204/22/BLUE/21/LEFT1',
        `${GS1}/8006/040987651234500204/21/LEFT1`,
      ],
      ['ITIP by short name', 'https://brand.example/itip/040987651234500204', `${GS1}/8006/040987651234500204`],
      ['http on id.gs1.org, GTIN-13 padded', 'http://id.gs1.org/01/4098765123450/21/S1', `${GS1}/01/04098765123450/21/S1`],
      ['GTIN-8 padded', 'https://brand.example/01/12345670/21/S1', `${GS1}/01/00000012345670/21/S1`],
      ['GTIN-12 padded', 'https://brand.example/01/098765432109/10/L1', `${GS1}/01/00098765432109/10/L1`],
      ['GTIN with a wrong check digit (not validated)', 'https://brand.example/01/04098765123454/21/S1', `${GS1}/01/04098765123454/21/S1`],
    ])('rewrites a Digital Link on another host for %s', (_label, link, canonical) => {
      expect(asEpc(link)).toBe(`${HEAD}epcListepc=${canonical}action=OBSERVE`);
    });

    it.each([
      ['an SSCC pattern (no rule)', 'urn:epc:idpat:sscc:4098765.*'],
      ['an SGLN pattern (no rule)', 'urn:epc:idpat:sgln:4098765.00012.*'],
      ['an SGTIN URN without serial', 'urn:epc:id:sgtin:4098765.012345'],
      ['a GIAI URN without asset reference', 'urn:epc:id:giai:4098765.'],
      ['an ADI URN (not a GS1 key)', 'urn:epc:id:adi:2S194.12345678901.A'],
      ['a Digital Link value with a percent escape', 'https://brand.example/01/04098765123450/21/S%2F1'],
      ['a Digital Link with qualifiers out of order', 'https://brand.example/01/04098765123450/21/S1/10/B7'],
      ['a Digital Link with an unknown AI', 'https://brand.example/99/04098765123450'],
      ['a Digital Link with a fragment', 'https://id.gs1.org/01/04098765123450/21/S1#top'],
      ['a Digital Link with a trailing slash', 'https://brand.example/01/04098765123450/21/S1/'],
    ])('keeps %s as written', (_label, value) => {
      expect(asEpc(value)).toBe(`${HEAD}epcListepc=${value}action=OBSERVE`);
    });

    it('converts PGLN destinations and GDTI business transactions', () => {
      const event = {
        type: 'ObjectEvent',
        eventTime: '2024-07-01T08:00:00.000+08:00',
        eventTimeZoneOffset: '+08:00',
        epcList: ['urn:epc:id:sscc:4098765.1000000042'],
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        readPoint: { id: 'urn:epc:id:sgln:4098765.00012.0' },
        bizTransactionList: [
          { type: 'po', bizTransaction: 'https://erp.example/gdti/4098765000317PO-12?v=2' },
          { type: 'desadv', bizTransaction: 'urn:epc:id:gdti:4098765.00031.ASN-77' },
        ],
        destinationList: [
          { type: 'possessing_party', destination: 'urn:epc:id:pgln:0614141.00000' },
          { type: 'owning_party', destination: 'https://buyer.example/party/0614141000005' },
        ],
      };
      expectVector(
        event,
        'eventType=ObjectEventeventTime=2024-07-01T00:00:00.000ZeventTimeZoneOffset=+08:00' +
          `epcListepc=${GS1}/00/140987650000000420` +
          'action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-shippingdisposition=https://ref.gs1.org/cbv/Disp-in_transit' +
          `readPointid=${GS1}/414/4098765000126` +
          `bizTransactionListtype=https://ref.gs1.org/cbv/BTT-desadvbizTransaction=${GS1}/253/4098765000317ASN-77` +
          `type=https://ref.gs1.org/cbv/BTT-pobizTransaction=${GS1}/253/4098765000317PO-12` +
          `destinationListtype=https://ref.gs1.org/cbv/SDT-owning_partydestination=${GS1}/417/0614141000005` +
          `type=https://ref.gs1.org/cbv/SDT-possessing_partydestination=${GS1}/417/0614141000005`,
      );
    });

    it('converts a GRAI parent, GIAI and UPUI children, an ITIP pattern class, a GLN location and a PGLN source', () => {
      const event = {
        type: 'AggregationEvent',
        eventTime: '2024-07-02T09:30:00-04:00',
        eventTimeZoneOffset: '-04:00',
        parentID: 'urn:epc:id:grai:4098765.00077.PAL-9',
        childEPCs: ['urn:epc:id:giai:4098765.TRUCK*7', 'https://brand.example/01/04098765123450/235/tpx9'],
        childQuantityList: [{ epcClass: 'urn:epc:idpat:itip:4098765.012345.02.04.*', quantity: 4 }],
        action: 'ADD',
        bizStep: 'loading',
        bizLocation: { id: 'https://brand.example/414/4098765000126/254/DOCK2?x=1' },
        sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:4098765.00009' }],
      };
      expectVector(
        event,
        'eventType=AggregationEventeventTime=2024-07-02T13:30:00.000ZeventTimeZoneOffset=-04:00' +
          `parentID=${GS1}/8003/04098765000775PAL-9` +
          `childEPCsepc=${GS1}/01/04098765123450/235/tpx9epc=${GS1}/8004/4098765TRUCK%2A7` +
          `childQuantityListquantityElementepcClass=${GS1}/8006/040987651234500204quantity=4` +
          'action=ADDbizStep=https://ref.gs1.org/cbv/BizStep-loading' +
          `bizLocationid=${GS1}/414/4098765000126/254/DOCK2` +
          `sourceListtype=https://ref.gs1.org/cbv/SDT-owning_partysource=${GS1}/417/4098765000096`,
      );
    });

    it('converts keys in transformation inputs, outputs, transformationID and ILMD values', () => {
      const event = {
        type: 'TransformationEvent',
        eventTime: '2024-07-03T00:00:00Z',
        eventTimeZoneOffset: '+00:00',
        inputEPCList: ['urn:epc:id:itip:4098765.012345.02.04.LEFT!1'],
        inputQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4098765.012345.B(7)', quantity: '2.500', uom: 'KGM' }],
        outputEPCList: ['https://brand.example/gtin/4098765123450/lot/B8/ser/S1?17=271231'],
        outputQuantityList: [{ epcClass: 'urn:epc:idpat:cpi:4098765.PART-7%2FB.*', quantity: 10 }],
        transformationID: 'urn:epc:id:gdti:4098765.00031.TX-1',
        bizStep: 'repairing',
        readPoint: { id: 'urn:epc:id:sgln:4098765.00012.DOCK+2' },
        ilmd: { 'example:inspector': 'urn:epc:id:gsrnp:4098765.0000054321' },
      };
      expectVector(
        event,
        'eventType=TransformationEventeventTime=2024-07-03T00:00:00.000ZeventTimeZoneOffset=+00:00' +
          `inputEPCListepc=${GS1}/8006/040987651234500204/21/LEFT%211` +
          `inputQuantityListquantityElementepcClass=${GS1}/01/04098765123450/10/B%287%29quantity=2.5uom=KGM` +
          `outputEPCListepc=${GS1}/01/04098765123450/21/S1` +
          `outputQuantityListquantityElementepcClass=${GS1}/8010/4098765PART-7%2FBquantity=10` +
          `transformationID=${GS1}/253/4098765000317TX-1` +
          'bizStep=https://ref.gs1.org/cbv/BizStep-repairing' +
          `readPointid=${GS1}/414/4098765000126/254/DOCK%2B2` +
          `ilmd${EX}inspector=${GS1}/8017/409876500000543218`,
      );
    });

    it('converts sensor device ids and metadata links', () => {
      const event = {
        type: 'ObjectEvent',
        eventTime: '2024-07-04T12:00:00.000Z',
        eventTimeZoneOffset: '+00:00',
        epcList: ['urn:epc:id:sgtin:4098765.012345.S%2F1:A'],
        action: 'OBSERVE',
        bizStep: 'sensor_reporting',
        sensorElementList: [
          {
            sensorMetadata: {
              deviceID: 'urn:epc:id:giai:4098765.TRUCK*7',
              deviceMetadata: 'https://sensors.example/8004/4098765TRUCK7?lang=en',
            },
            sensorReport: [{ type: 'Temperature', deviceID: 'https://sensors.example/gsrn/409876500000123458', value: 5, uom: 'CEL' }],
          },
        ],
      };
      expectVector(
        event,
        'eventType=ObjectEventeventTime=2024-07-04T12:00:00.000ZeventTimeZoneOffset=+00:00' +
          `epcListepc=${GS1}/01/04098765123450/21/S%2F1%3AA` +
          'action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-sensor_reporting' +
          `sensorElementListsensorElementsensorMetadatadeviceID=${GS1}/8004/4098765TRUCK%2A7deviceMetadata=${GS1}/8004/4098765TRUCK7` +
          `sensorReporttype=https://gs1.org/voc/TemperaturedeviceID=${GS1}/8018/409876500000123458value=5uom=CEL`,
      );
    });

    it('converts an SSCC parent on another host, pattern classes and a GDTI transaction link', () => {
      const event = {
        type: 'TransactionEvent',
        eventTime: '2024-07-05T00:00:00.000Z',
        eventTimeZoneOffset: '+00:00',
        parentID: 'https://logistics.example/sscc/140987650000000420',
        quantityList: [
          { epcClass: 'urn:epc:idpat:grai:4098765.00077.*', quantity: 12 },
          { epcClass: 'urn:epc:idpat:gdti:4098765.00031.*', quantity: 1 },
          { epcClass: 'urn:epc:idpat:sgcn:4098765.00055.*', quantity: 3 },
          { epcClass: 'https://brand.example/01/04098765123450/22/BLUE/10/B7', quantity: 6 },
        ],
        action: 'ADD',
        bizStep: 'holding',
        bizTransactionList: [{ type: 'inv', bizTransaction: 'https://erp.example/253/4098765000317INV-2024' }],
      };
      expectVector(
        event,
        'eventType=TransactionEventeventTime=2024-07-05T00:00:00.000ZeventTimeZoneOffset=+00:00' +
          `parentID=${GS1}/00/140987650000000420` +
          `quantityListquantityElementepcClass=${GS1}/01/04098765123450/10/B7quantity=6` +
          `quantityElementepcClass=${GS1}/253/4098765000317quantity=1` +
          `quantityElementepcClass=${GS1}/255/4098765000553quantity=3` +
          `quantityElementepcClass=${GS1}/8003/04098765000775quantity=12` +
          'action=ADDbizStep=https://ref.gs1.org/cbv/BizStep-holding' +
          `bizTransactionListtype=https://ref.gs1.org/cbv/BTT-invbizTransaction=${GS1}/253/4098765000317INV-2024`,
      );
    });
  });
});
