import { createHash } from 'node:crypto';

import { eventHashId, eventHashPreimage, namespacesFromContext, type NamespaceMap } from '../../server/epcis/event-hash';

const EXAMPLE_NS: NamespaceMap = { example: 'https://ns.example.com/epcis/' };
const EX = '{https://ns.example.com/epcis/}';

/** The hash id a pre-hash string must give, computed independently of the module under test. */
function hashIdOf(preimage: string): string {
  return `ni:///sha-256;${createHash('sha256').update(preimage, 'utf8').digest('hex')}?ver=CBV2.0`;
}

function expectVector(event: Record<string, unknown>, preimage: string, namespaces: NamespaceMap = EXAMPLE_NS): void {
  expect(eventHashPreimage(event, namespaces)).toBe(preimage);
  expect(eventHashId(event, namespaces)).toBe(hashIdOf(preimage));
}

describe('eventHashId', () => {
  describe('the published CBV 2.0 vector', () => {
    const event = {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      epcList: ['urn:epc:id:sgtin:0614141.107346.2017', 'urn:epc:id:sgtin:0614141.107346.2018'],
      eventTime: '2022-02-16T20:33:31.116000-06:00',
      eventTimeZoneOffset: '-06:00',
      readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234' },
      bizTransactionList: [{ type: 'po', bizTransaction: 'http://transaction.acme.com/po/12345678' }],
    };

    it('builds the published pre-hash string', () => {
      expect(eventHashPreimage(event)).toBe(
        'eventType=ObjectEventeventTime=2022-02-17T02:33:31.116ZeventTimeZoneOffset=-06:00'
        + 'epcListepc=https://id.gs1.org/01/10614141073464/21/2017epc=https://id.gs1.org/01/10614141073464/21/2018'
        + 'action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-shippingdisposition=https://ref.gs1.org/cbv/Disp-in_transit'
        + 'readPointid=https://id.gs1.org/414/0614141073467/254/1234'
        + 'bizTransactionListtype=https://ref.gs1.org/cbv/BTT-pobizTransaction=http://transaction.acme.com/po/12345678',
      );
    });

    it('gives the published hash id', () => {
      expect(eventHashId(event)).toBe(
        'ni:///sha-256;ffa491b16867e34a7791a8d5389d826afc24e63a121026b6a4004ace38631b4b?ver=CBV2.0',
      );
    });
  });

  it('hashes an ObjectEvent with a quantity list and ILMD', () => {
    const event = {
      type: 'ObjectEvent',
      eventTime: '2024-05-01T08:00:00.000+08:00',
      eventTimeZoneOffset: '+08:00',
      epcList: [],
      quantityList: [
        { epcClass: 'urn:epc:class:lgtin:4012345.011111.LOT-B', quantity: 200.50, uom: 'KGM' },
        { epcClass: 'https://example.com/01/04012345111118/10/LOT-A', quantity: '12.0' },
      ],
      action: 'ADD',
      bizStep: 'commissioning',
      disposition: 'active',
      readPoint: { id: 'https://example.com/414/4012345000016' },
      bizLocation: { id: 'urn:epc:id:sgln:4012345.00002.0' },
      ilmd: {
        'example:harvest': { 'example:field': 'F7', 'example:area': 12.50 },
        'example:bestBeforeDate': '2024-11-30',
      },
    };
    expectVector(event,
      'eventType=ObjectEventeventTime=2024-05-01T00:00:00.000ZeventTimeZoneOffset=+08:00'
      + 'quantityList'
      + 'quantityElementepcClass=https://id.gs1.org/01/04012345111118/10/LOT-Aquantity=12'
      + 'quantityElementepcClass=https://id.gs1.org/01/04012345111118/10/LOT-Bquantity=200.5uom=KGM'
      + 'action=ADDbizStep=https://ref.gs1.org/cbv/BizStep-commissioningdisposition=https://ref.gs1.org/cbv/Disp-active'
      + 'readPointid=https://id.gs1.org/414/4012345000016bizLocationid=https://id.gs1.org/414/4012345000023'
      + `ilmd${EX}bestBeforeDate=2024-11-30${EX}harvest${EX}area=12.5${EX}field=F7`);
  });

  it('hashes an AggregationEvent, sorting child EPCs as strings', () => {
    const event = {
      type: 'AggregationEvent',
      eventTime: '2024-05-02T10:15:30Z',
      eventTimeZoneOffset: '+00:00',
      parentID: 'urn:epc:id:sscc:4012345.0111111111',
      childEPCs: [
        'urn:epc:id:sgtin:4012345.011111.20',
        'https://id.gs1.org/01/04012345111118/21/100',
        'urn:epc:id:sgtin:4012345.011111.3',
      ],
      childQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.022222.L7', quantity: 5, uom: 'EA' }],
      action: 'ADD',
      bizStep: 'urn:epcglobal:cbv:bizstep:packing',
      bizLocation: { 'example:dock': 'D4', id: 'urn:epc:id:sgln:4012345.00001.0' },
    };
    expectVector(event,
      'eventType=AggregationEventeventTime=2024-05-02T10:15:30.000ZeventTimeZoneOffset=+00:00'
      + 'parentID=https://id.gs1.org/00/040123451111111110'
      + 'childEPCsepc=https://id.gs1.org/01/04012345111118/21/100epc=https://id.gs1.org/01/04012345111118/21/20'
      + 'epc=https://id.gs1.org/01/04012345111118/21/3'
      + 'childQuantityListquantityElementepcClass=https://id.gs1.org/01/04012345222227/10/L7quantity=5uom=EA'
      + 'action=ADDbizStep=https://ref.gs1.org/cbv/BizStep-packing'
      + `bizLocationid=https://id.gs1.org/414/4012345000016${EX}dock=D4`);
  });

  it('hashes a TransformationEvent with input and output quantities', () => {
    const event = {
      type: 'TransformationEvent',
      eventTime: '2024-05-03T12:00:00.250-05:00',
      eventTimeZoneOffset: '-05:00',
      inputEPCList: ['urn:epc:id:sgtin:4012345.011111.1'],
      inputQuantityList: [
        { epcClass: 'urn:epc:idpat:sgtin:4012345.022222.*', quantity: 3 },
        { epcClass: 'urn:epc:class:lgtin:4012345.011111.RAW1', quantity: 1000, uom: 'KGM' },
      ],
      outputQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.022222.OUT1', quantity: '950.000', uom: 'KGM' }],
      transformationID: 'urn:uuid:0b9a7b7e-2f7d-4d7a-9a8e-3c1f6d5e4a21',
      bizStep: 'https://ref.gs1.org/cbv/BizStep-commissioning',
      readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' },
      ilmd: { 'example:batch': 'OUT1' },
    };
    expectVector(event,
      'eventType=TransformationEventeventTime=2024-05-03T17:00:00.250ZeventTimeZoneOffset=-05:00'
      + 'inputEPCListepc=https://id.gs1.org/01/04012345111118/21/1'
      + 'inputQuantityList'
      + 'quantityElementepcClass=https://id.gs1.org/01/04012345111118/10/RAW1quantity=1000uom=KGM'
      + 'quantityElementepcClass=https://id.gs1.org/01/04012345222227quantity=3'
      + 'outputQuantityListquantityElementepcClass=https://id.gs1.org/01/04012345222227/10/OUT1quantity=950uom=KGM'
      + 'transformationID=urn:uuid:0b9a7b7e-2f7d-4d7a-9a8e-3c1f6d5e4a21'
      + 'bizStep=https://ref.gs1.org/cbv/BizStep-commissioning'
      + 'readPointid=https://id.gs1.org/414/4012345000016'
      + `ilmd${EX}batch=OUT1`);
  });

  it('hashes a TransactionEvent, writing each transaction type before its id', () => {
    const event = {
      type: 'TransactionEvent',
      eventTime: '2024-05-04T09:30:00.000+02:00',
      eventTimeZoneOffset: '+02:00',
      parentID: 'https://id.gs1.org/00/040123451111111110',
      epcList: ['urn:epc:id:sgtin:4012345.011111.7'],
      action: 'ADD',
      bizStep: 'shipping',
      disposition: 'in_transit',
      bizTransactionList: [
        { type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:4012345000009:PO-88' },
        { type: 'inv', bizTransaction: 'http://erp.example.com/inv/2024-0042' },
        { bizTransaction: 'http://erp.example.com/ref/7' },
      ],
    };
    expectVector(event,
      'eventType=TransactionEventeventTime=2024-05-04T07:30:00.000ZeventTimeZoneOffset=+02:00'
      + 'epcListepc=https://id.gs1.org/01/04012345111118/21/7parentID=https://id.gs1.org/00/040123451111111110'
      + 'action=ADDbizStep=https://ref.gs1.org/cbv/BizStep-shippingdisposition=https://ref.gs1.org/cbv/Disp-in_transit'
      + 'bizTransactionList'
      + 'bizTransaction=http://erp.example.com/ref/7'
      + 'type=https://ref.gs1.org/cbv/BTT-invbizTransaction=http://erp.example.com/inv/2024-0042'
      + 'type=https://ref.gs1.org/cbv/BTT-pobizTransaction=urn:epcglobal:cbv:bt:4012345000009:PO-88');
  });

  it('hashes an AssociationEvent, writing a GIAI parent as its Digital Link', () => {
    const event = {
      type: 'AssociationEvent',
      eventTime: '2024-05-05T00:00:00+00:00',
      eventTimeZoneOffset: '+00:00',
      parentID: 'urn:epc:id:giai:4000001.SENSOR-9',
      childEPCs: ['urn:epc:id:sgtin:4012345.011111.8'],
      childQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.011111.L2', quantity: 2, uom: 'EA' }],
      action: 'ADD',
      bizStep: 'assembling',
      readPoint: { id: 'https://id.gs1.org/414/4012345000016/254/7' },
    };
    expectVector(event,
      'eventType=AssociationEventeventTime=2024-05-05T00:00:00.000ZeventTimeZoneOffset=+00:00'
      + 'parentID=https://id.gs1.org/8004/4000001SENSOR-9'
      + 'childEPCsepc=https://id.gs1.org/01/04012345111118/21/8'
      + 'childQuantityListquantityElementepcClass=https://id.gs1.org/01/04012345111118/10/L2quantity=2uom=EA'
      + 'action=ADDbizStep=https://ref.gs1.org/cbv/BizStep-assembling'
      + 'readPointid=https://id.gs1.org/414/4012345000016/254/7');
  });

  it('hashes a sensorElementList: metadata, sorted reports, then extensions, elements sorted', () => {
    const event = {
      type: 'ObjectEvent',
      eventTime: '2024-05-06T14:00:00.000+01:00',
      eventTimeZoneOffset: '+01:00',
      epcList: ['urn:epc:id:sscc:4012345.0111111111'],
      action: 'OBSERVE',
      bizStep: 'sensor_reporting',
      sensorElementList: [
        {
          sensorMetadata: {
            'example:calibrated': true,
            deviceID: 'urn:epc:id:giai:4000001.111',
            time: '2024-05-06T13:55:00+01:00',
          },
          sensorReport: [
            { type: 'Temperature', value: 4.50, uom: 'CEL' },
            { uom: 'CEL', value: 9, type: 'Temperature', exception: 'ALARM_CONDITION', time: '2024-05-06T13:57:10.5+01:00' },
          ],
        },
        {
          'example:note': 'door opened',
          sensorMetadata: { endTime: '2024-05-06T13:00:00Z', startTime: '2024-05-06T12:00:00Z' },
          sensorReport: [{
            type: 'gs1:RelativeHumidity', uom: 'P1', meanValue: 52, maxValue: 65.25, minValue: 40.0,
            booleanValue: false, component: 'x',
          }],
        },
      ],
    };
    const laterElement = 'sensorElement'
      + 'sensorMetadatatime=2024-05-06T12:55:00.000ZdeviceID=https://id.gs1.org/8004/4000001111'
      + `${EX}calibrated=true`
      + 'sensorReporttype=https://gs1.org/voc/Temperatureexception=https://gs1.org/voc/ALARM_CONDITION'
      + 'time=2024-05-06T12:57:10.500Zvalue=9uom=CEL'
      + 'sensorReporttype=https://gs1.org/voc/Temperaturevalue=4.5uom=CEL';
    const earlierElement = 'sensorElement'
      + 'sensorMetadatastartTime=2024-05-06T12:00:00.000ZendTime=2024-05-06T13:00:00.000Z'
      + 'sensorReporttype=https://gs1.org/voc/RelativeHumiditycomponent=https://ref.gs1.org/cbv/Comp-x'
      + 'booleanValue=falseminValue=40maxValue=65.25meanValue=52uom=P1'
      + `${EX}note=door opened`;
    expectVector(event,
      'eventType=ObjectEventeventTime=2024-05-06T13:00:00.000ZeventTimeZoneOffset=+01:00'
      + 'epcListepc=https://id.gs1.org/00/040123451111111110'
      + 'action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-sensor_reporting'
      + `sensorElementList${earlierElement}${laterElement}`);
  });

  it('hashes persistentDisposition set before unset, values sorted', () => {
    const event = {
      type: 'ObjectEvent',
      eventTime: '2024-05-07T08:00:00.000Z',
      eventTimeZoneOffset: '+00:00',
      epcList: ['urn:epc:id:sgtin:4012345.011111.9'],
      action: 'OBSERVE',
      bizStep: 'inspecting',
      disposition: 'urn:epcglobal:cbv:disp:conformant',
      persistentDisposition: {
        unset: ['recalled'],
        set: ['needs_replacement', 'urn:epcglobal:cbv:disp:completeness_verified'],
      },
    };
    expectVector(event,
      'eventType=ObjectEventeventTime=2024-05-07T08:00:00.000ZeventTimeZoneOffset=+00:00'
      + 'epcListepc=https://id.gs1.org/01/04012345111118/21/9'
      + 'action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-inspecting'
      + 'disposition=https://ref.gs1.org/cbv/Disp-conformant'
      + 'persistentDisposition'
      + 'set=https://ref.gs1.org/cbv/Disp-completeness_verifiedset=https://ref.gs1.org/cbv/Disp-needs_replacement'
      + 'unset=https://ref.gs1.org/cbv/Disp-recalled');
  });

  it('hashes source and destination lists in that order, each sorted', () => {
    const event = {
      type: 'ObjectEvent',
      eventTime: '2024-05-08T16:45:00.000+08:00',
      eventTimeZoneOffset: '+08:00',
      epcList: ['urn:epc:id:sscc:4012345.0111111111'],
      action: 'OBSERVE',
      bizStep: 'receiving',
      disposition: 'in_progress',
      readPoint: { id: 'urn:epc:id:sgln:4012345.00003.0' },
      destinationList: [
        { type: 'urn:epcglobal:cbv:sdt:owning_party', destination: 'https://id.gs1.org/414/4012345000030' },
        { type: 'location', destination: 'urn:epc:id:sgln:4012345.00003.0' },
      ],
      sourceList: [
        { type: 'possessing_party', source: 'https://id.gs1.org/414/0614141000005' },
        { type: 'owning_party', source: 'urn:epc:id:sgln:0614141.00000.0' },
      ],
    };
    expectVector(event,
      'eventType=ObjectEventeventTime=2024-05-08T08:45:00.000ZeventTimeZoneOffset=+08:00'
      + 'epcListepc=https://id.gs1.org/00/040123451111111110'
      + 'action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-receivingdisposition=https://ref.gs1.org/cbv/Disp-in_progress'
      + 'readPointid=https://id.gs1.org/414/4012345000030'
      + 'sourceList'
      + 'type=https://ref.gs1.org/cbv/SDT-owning_partysource=https://id.gs1.org/414/0614141000005'
      + 'type=https://ref.gs1.org/cbv/SDT-possessing_partysource=https://id.gs1.org/414/0614141000005'
      + 'destinationList'
      + 'type=https://ref.gs1.org/cbv/SDT-locationdestination=https://id.gs1.org/414/4012345000030'
      + 'type=https://ref.gs1.org/cbv/SDT-owning_partydestination=https://id.gs1.org/414/4012345000030');
  });

  describe('user extensions', () => {
    const context = [
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { example: 'http://ns.example.com/epcis/' },
      { acme: 'https://acme.example/voc#' },
    ];
    const event = {
      type: 'ObjectEvent',
      'example:weight': '12.300',
      'acme:grade': 'acme:GradeA',
      eventTime: '2024-05-09T00:00:00.000Z',
      eventTimeZoneOffset: '+00:00',
      'example:nested': { 'example:b': '2.50', 'example:a': ['y', 'x'] },
      epcList: ['urn:epc:id:sgtin:0614141.107346.2017'],
      action: 'OBSERVE',
      'example:myField': 'myValue',
    };
    const ex = '{http://ns.example.com/epcis/}';
    const preimage = 'eventType=ObjectEventeventTime=2024-05-09T00:00:00.000ZeventTimeZoneOffset=+00:00'
      + 'epcListepc=https://id.gs1.org/01/10614141073464/21/2017action=OBSERVE'
      + `${ex}myField=myValue${ex}nested${ex}a=x${ex}a=y${ex}b=2.5${ex}weight=12.3`
      + '{https://acme.example/voc#}grade=https://acme.example/voc#GradeA';

    it('reads namespace prefixes out of an @context', () => {
      expect(namespacesFromContext(context)).toEqual({
        example: 'http://ns.example.com/epcis/',
        acme: 'https://acme.example/voc#',
      });
      expect(namespacesFromContext('https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld')).toEqual({});
      expect(namespacesFromContext({ '@vocab': 'https://x.example/', ex: 'https://x.example/ns/' }))
        .toEqual({ ex: 'https://x.example/ns/' });
    });

    it('writes extensions as {namespace}local=value after the standard fields, sorted and nested', () => {
      expectVector(event, preimage, namespacesFromContext(context));
    });

    it('uses prefixes declared in the event\'s own @context', () => {
      expect(eventHashPreimage({ ...event, '@context': context })).toBe(preimage);
    });
  });

  describe('time normalisation', () => {
    it.each([
      ['2024-01-01T00:00:00-05:30', '-05:30', '2024-01-01T05:30:00.000Z'],
      ['2023-12-31T23:30:00.1234-01:00', '-01:00', '2024-01-01T00:30:00.123Z'],
      ['2024-02-29T12:00:00.1235Z', '+00:00', '2024-02-29T12:00:00.124Z'],
      ['2024-03-10T23:59:59.9996+08:00', '+08:00', '2024-03-10T16:00:00.000Z'],
    ])('writes eventTime %s as %s in UTC with three decimals', (eventTime, offset, utc) => {
      const event = { type: 'ObjectEvent', eventTime, eventTimeZoneOffset: offset, action: 'OBSERVE' };
      expectVector(event, `eventType=ObjectEventeventTime=${utc}eventTimeZoneOffset=${offset}action=OBSERVE`);
    });

    it('gives the same hash for the same instant written in different zones', () => {
      const base = { type: 'ObjectEvent', eventTimeZoneOffset: '+08:00', action: 'OBSERVE' };
      expect(eventHashId({ ...base, eventTime: '2024-06-01T18:00:00+08:00' }))
        .toBe(eventHashId({ ...base, eventTime: '2024-06-01T10:00:00.000Z' }));
    });
  });

  describe('equivalent serialisations', () => {
    const asUrns = {
      type: 'ObjectEvent',
      eventTime: '2024-06-02T10:00:00.000Z',
      eventTimeZoneOffset: '+00:00',
      epcList: ['urn:epc:id:sgtin:0614141.107346.2017', 'urn:epc:id:sscc:4012345.0111111111'],
      action: 'OBSERVE',
      bizStep: 'urn:epcglobal:cbv:bizstep:shipping',
      disposition: 'in_transit',
      readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234' },
      bizTransactionList: [{ type: 'urn:epcglobal:cbv:btt:po', bizTransaction: 'http://transaction.acme.com/po/1' }],
    };
    const asLinks = {
      bizTransactionList: [{ bizTransaction: ' http://transaction.acme.com/po/1 ', type: 'po' }],
      readPoint: { id: 'https://brand.example/414/0614141073467/254/1234' },
      disposition: 'https://ref.gs1.org/cbv/Disp-in_transit',
      bizStep: 'shipping',
      action: 'OBSERVE',
      epcList: ['https://id.gs1.org/00/040123451111111110', 'https://brand.example/shop/01/10614141073464/10/L1/21/2017?17=261231'],
      eventTimeZoneOffset: '+00:00',
      eventTime: '2024-06-02T12:00:00+02:00',
      type: 'ObjectEvent',
    };

    it('gives URNs and Digital Links on any domain the same hash', () => {
      expect(eventHashPreimage(asLinks)).toBe(eventHashPreimage(asUrns));
      expect(eventHashId(asLinks)).toBe(eventHashId(asUrns));
    });

    it('ignores eventID, recordTime, errorDeclaration and the order of list items', () => {
      const decorated = {
        ...asUrns,
        eventID: 'ni:///sha-256;00?ver=CBV2.0',
        recordTime: '2024-06-03T00:00:00.000Z',
        errorDeclaration: { declarationTime: '2024-06-04T00:00:00Z', reason: 'incorrect_data' },
        epcList: [...asUrns.epcList].reverse(),
      };
      expect(eventHashId(decorated)).toBe(eventHashId(asUrns));
    });

    it('changes when any hashed value changes', () => {
      expect(eventHashId({ ...asUrns, disposition: 'damaged' })).not.toBe(eventHashId(asUrns));
      expect(eventHashId({ ...asUrns, eventTime: '2024-06-02T10:00:00.001Z' })).not.toBe(eventHashId(asUrns));
    });
  });

  it('hashes certificationInfo right after eventTimeZoneOffset, as the reference generator does', () => {
    const event = {
      type: 'ObjectEvent',
      eventTime: '2024-06-05T00:00:00Z',
      eventTimeZoneOffset: '+00:00',
      certificationInfo: 'https://cert.example.org/certificate/ABC123',
      action: 'OBSERVE',
    };
    expectVector(event,
      'eventType=ObjectEventeventTime=2024-06-05T00:00:00.000ZeventTimeZoneOffset=+00:00'
      + 'certificationInfo=https://cert.example.org/certificate/ABC123action=OBSERVE');
  });

  it('keeps an unparseable identifier as written, trimmed', () => {
    const event = {
      type: 'ObjectEvent',
      eventTime: '2024-06-06T00:00:00Z',
      eventTimeZoneOffset: '+00:00',
      epcList: ['  https://id.gs1.org/01/10614141073465/21/1  '],
      action: 'OBSERVE',
    };
    expectVector(event,
      'eventType=ObjectEventeventTime=2024-06-06T00:00:00.000ZeventTimeZoneOffset=+00:00'
      + 'epcListepc=https://id.gs1.org/01/10614141073465/21/1action=OBSERVE');
  });

  describe('GS1 keys written as canonical Digital Links (CBV 2.0 rules, as the reference generator applies them)', () => {
    const HEAD = 'eventType=ObjectEventeventTime=2024-07-01T00:00:00.000ZeventTimeZoneOffset=+00:00';
    const GS1 = 'https://id.gs1.org';
    const observed = (fields: Record<string, unknown>): Record<string, unknown> => ({
      type: 'ObjectEvent', eventTime: '2024-07-01T00:00:00Z', eventTimeZoneOffset: '+00:00', action: 'OBSERVE', ...fields,
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
      ['GDTI by short name under a path prefix', 'https://brand.example/shop/gdti/4098765000317INV-2024', `${GS1}/253/4098765000317INV-2024`],
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
      ['GTIN, lot (AI 10) dropped before a serial (AI 21)', 'https://brand.example/01/04098765123450/10/B7/21/S1', `${GS1}/01/04098765123450/21/S1`],
      ['GTIN by short names, padded, query dropped', 'https://brand.example/gtin/4098765123450/lot/B7/ser/S1?17=271231', `${GS1}/01/04098765123450/21/S1`],
      ['GTIN with TPX (AI 235)', 'https://brand.example/01/04098765123450/235/tpx9', `${GS1}/01/04098765123450/235/tpx9`],
      ['party GLN (AI 417)', 'https://brand.example/417/4098765000096', `${GS1}/417/4098765000096`],
      ['party GLN by short name', 'https://brand.example/party/4098765000096', `${GS1}/417/4098765000096`],
      ['GLN with extension (AI 414/254)', 'https://brand.example/414/4098765000126/254/DOCK2', `${GS1}/414/4098765000126/254/DOCK2`],
      ['GLN by short name', 'https://brand.example/gln/4098765000126', `${GS1}/414/4098765000126`],
      ['SSCC (AI 00)', 'https://brand.example/00/140987650000000420', `${GS1}/00/140987650000000420`],
      ['GCN (AI 255)', 'https://brand.example/255/40987650005530007', `${GS1}/255/40987650005530007`],
      ['GINC (AI 401)', 'https://brand.example/401/4098765CONS88', `${GS1}/401/4098765CONS88`],
      ['GSIN (AI 402)', 'https://brand.example/402/40987651234567898', `${GS1}/402/40987651234567898`],
      ['ITIP (AI 8006), CPV dropped', 'https://brand.example/8006/040987651234500204/22/BLUE/21/LEFT1', `${GS1}/8006/040987651234500204/21/LEFT1`],
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
      expectVector(event,
        'eventType=ObjectEventeventTime=2024-07-01T00:00:00.000ZeventTimeZoneOffset=+08:00'
        + `epcListepc=${GS1}/00/140987650000000420`
        + 'action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-shippingdisposition=https://ref.gs1.org/cbv/Disp-in_transit'
        + `readPointid=${GS1}/414/4098765000126`
        + `bizTransactionListtype=https://ref.gs1.org/cbv/BTT-desadvbizTransaction=${GS1}/253/4098765000317ASN-77`
        + `type=https://ref.gs1.org/cbv/BTT-pobizTransaction=${GS1}/253/4098765000317PO-12`
        + `destinationListtype=https://ref.gs1.org/cbv/SDT-owning_partydestination=${GS1}/417/0614141000005`
        + `type=https://ref.gs1.org/cbv/SDT-possessing_partydestination=${GS1}/417/0614141000005`);
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
      expectVector(event,
        'eventType=AggregationEventeventTime=2024-07-02T13:30:00.000ZeventTimeZoneOffset=-04:00'
        + `parentID=${GS1}/8003/04098765000775PAL-9`
        + `childEPCsepc=${GS1}/01/04098765123450/235/tpx9epc=${GS1}/8004/4098765TRUCK%2A7`
        + `childQuantityListquantityElementepcClass=${GS1}/8006/040987651234500204quantity=4`
        + 'action=ADDbizStep=https://ref.gs1.org/cbv/BizStep-loading'
        + `bizLocationid=${GS1}/414/4098765000126/254/DOCK2`
        + `sourceListtype=https://ref.gs1.org/cbv/SDT-owning_partysource=${GS1}/417/4098765000096`);
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
      expectVector(event,
        'eventType=TransformationEventeventTime=2024-07-03T00:00:00.000ZeventTimeZoneOffset=+00:00'
        + `inputEPCListepc=${GS1}/8006/040987651234500204/21/LEFT%211`
        + `inputQuantityListquantityElementepcClass=${GS1}/01/04098765123450/10/B%287%29quantity=2.5uom=KGM`
        + `outputEPCListepc=${GS1}/01/04098765123450/21/S1`
        + `outputQuantityListquantityElementepcClass=${GS1}/8010/4098765PART-7%2FBquantity=10`
        + `transformationID=${GS1}/253/4098765000317TX-1`
        + 'bizStep=https://ref.gs1.org/cbv/BizStep-repairing'
        + `readPointid=${GS1}/414/4098765000126/254/DOCK%2B2`
        + `ilmd${EX}inspector=${GS1}/8017/409876500000543218`);
    });

    it('converts sensor device ids and metadata links', () => {
      const event = {
        type: 'ObjectEvent',
        eventTime: '2024-07-04T12:00:00.000Z',
        eventTimeZoneOffset: '+00:00',
        epcList: ['urn:epc:id:sgtin:4098765.012345.S%2F1:A'],
        action: 'OBSERVE',
        bizStep: 'sensor_reporting',
        sensorElementList: [{
          sensorMetadata: {
            deviceID: 'urn:epc:id:giai:4098765.TRUCK*7',
            deviceMetadata: 'https://sensors.example/8004/4098765TRUCK7?lang=en',
          },
          sensorReport: [{ type: 'Temperature', deviceID: 'https://sensors.example/gsrn/409876500000123458', value: 5, uom: 'CEL' }],
        }],
      };
      expectVector(event,
        'eventType=ObjectEventeventTime=2024-07-04T12:00:00.000ZeventTimeZoneOffset=+00:00'
        + `epcListepc=${GS1}/01/04098765123450/21/S%2F1%3AA`
        + 'action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-sensor_reporting'
        + `sensorElementListsensorElementsensorMetadatadeviceID=${GS1}/8004/4098765TRUCK%2A7deviceMetadata=${GS1}/8004/4098765TRUCK7`
        + `sensorReporttype=https://gs1.org/voc/TemperaturedeviceID=${GS1}/8018/409876500000123458value=5uom=CEL`);
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
      expectVector(event,
        'eventType=TransactionEventeventTime=2024-07-05T00:00:00.000ZeventTimeZoneOffset=+00:00'
        + `parentID=${GS1}/00/140987650000000420`
        + `quantityListquantityElementepcClass=${GS1}/01/04098765123450/10/B7quantity=6`
        + `quantityElementepcClass=${GS1}/253/4098765000317quantity=1`
        + `quantityElementepcClass=${GS1}/255/4098765000553quantity=3`
        + `quantityElementepcClass=${GS1}/8003/04098765000775quantity=12`
        + 'action=ADDbizStep=https://ref.gs1.org/cbv/BizStep-holding'
        + `bizTransactionListtype=https://ref.gs1.org/cbv/BTT-invbizTransaction=${GS1}/253/4098765000317INV-2024`);
    });
  });

  /*
   * Published vectors: each event and its hash are copied from the example files of the reference
   * generator (github.com/RalphTro/epcis-event-hash-generator, tests/examples/), named per test.
   */
  describe('published reference vectors for GS1 keys', () => {
    it('tests/examples/epcisDocWithAllGS1Keys.jsonld: every EPC URN, class and pattern scheme', () => {
      const event = {
        type: 'ObjectEvent',
        eventTime: '2023-03-27T11:30:00.0Z',
        eventTimeZoneOffset: '+01:00',
        epcList: [
          'urn:epc:id:sgtin:4012345.012345.12', 'urn:epc:id:sscc:4012345.0000000333',
          'https://id.gs1.org/00/040123450000003338', 'urn:epc:id:grai:4012345.66666.87', 'urn:epc:id:giai:4012345.AAbb',
          'urn:epc:id:gsrn:4012345.9876540000', 'urn:epc:id:gsrnp:4012345.0000098765', 'urn:epc:id:gdti:4012345.55555.98',
          'urn:epc:id:cpi:4012345.ABC.123', 'urn:epc:id:sgcn:4012345.99999.44', 'urn:epc:id:ginc:4012345.333',
          'urn:epc:id:gsin:4012345.999987654', 'urn:epc:id:itip:4012345.012345.01.02.999', 'urn:epc:id:upui:4012345.012345.AB12',
        ],
        quantityList: [
          { epcClass: 'urn:epc:class:lgtin:4054739.099914.20160711' }, { epcClass: 'urn:epc:idpat:sgtin:4054739.099914.*' },
          { epcClass: 'urn:epc:idpat:grai:4012345.66666.*' }, { epcClass: 'urn:epc:idpat:gdti:4012345.55555.*' },
          { epcClass: 'urn:epc:idpat:sgcn:4012345.99999.*' }, { epcClass: 'urn:epc:idpat:cpi:4012345.ABC.*' },
          { epcClass: 'urn:epc:idpat:itip:4012345.012345.01.02.*' },
        ],
        action: 'OBSERVE',
        bizStep: 'other',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00011.987' },
      };
      expect(eventHashId(event)).toBe('ni:///sha-256;40744f32beff53a4bf5bb5956d465cb52de5bbcc9f131409d8efb903b04d9351?ver=CBV2.0');
    });

    it('tests/examples/epclist_normalisation.jsonld: escapes, 12-digit prefixes, PGLN and Digital Links', () => {
      const event = {
        type: 'ObjectEvent',
        eventTime: '2019-04-02T15:00:00.000+01:00',
        eventTimeZoneOffset: '+01:00',
        epcList: [
          'urn:epc:id:sgtin:4012345.011111.9876', 'urn:epc:id:sgtin:4012345.011111.98%22', 'urn:epc:id:sgtin:415056789012.0.987654',
          'urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()', 'urn:epc:id:sscc:4012345.3111111111',
          'urn:epc:id:sgln:4012345.00005.122', 'urn:epc:id:sgln:4012345.00005.0', 'urn:epc:id:grai:4012345.00022.334455',
          'urn:epc:id:giai:4012345.ABC345', 'urn:epc:id:gsrn:4012345.0000006765', 'urn:epc:id:gsrnp:4012345.0000000007',
          'urn:epc:id:gdti:4012345.00009.PO-4711', 'urn:epc:id:gdti:987659999999..9', 'urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234',
          'urn:epc:id:ginc:0614141.xyz47%2F11', 'urn:epc:id:gsin:4012345.222333444', 'urn:epc:id:itip:4012345.011111.01.02.987',
          "urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7'SDB", 'urn:epc:id:pgln:4000001.00000', 'urn:epc:id:pgln:999999999999.',
          'urn:epc:class:lgtin:4012345.012345.Lot987', 'https://id.gs1.org/gtin/09780345418913',
          'https://example.com/gtin/09780345418913/21/765tz?abc=211121',
        ],
        action: 'OBSERVE',
        bizStep: 'inspecting',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00005.0' },
      };
      expect(eventHashId(event)).toBe('ni:///sha-256;4689c31cebcad30d58b175246cd49cbd8d02fa15a4099602e8f638127b4fca79?ver=CBV2.0');
    });

    describe('tests/examples/epcisDocWithVariousEventTypes.jsonld: a GDTI transformationID', () => {
      const transformation = {
        type: 'TransformationEvent',
        eventTime: '2019-10-21T14:58:56.591+02:00',
        eventTimeZoneOffset: '+02:00',
        inputEPCList: ['urn:epc:id:sgtin:4012345.011122.25', 'urn:epc:id:sgtin:4000001.065432.99886655'],
        transformationID: 'urn:epc:id:gdti:4012345.55555.1234',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' },
      };

      it('event 11 (output EPCs and ILMD)', () => {
        const event = {
          ...transformation,
          outputEPCList: ['urn:epc:id:sgtin:4012345.077889.25', 'urn:epc:id:sgtin:4012345.077889.26',
            'urn:epc:id:sgtin:4012345.077889.27', 'urn:epc:id:sgtin:4012345.077889.28'],
          bizStep: 'commissioning',
          ilmd: { 'example:bestBeforeDate': '2020-11-10', 'example:batch': '4711' },
        };
        expect(eventHashId(event, EXAMPLE_NS))
          .toBe('ni:///sha-256;335da6c3ab1d932824748791beec4d7ed261ed383f6849f6b8718e8fafb4d298?ver=CBV2.0');
      });

      it('event 13 (an output LGTIN class)', () => {
        const event = {
          ...transformation,
          outputQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4054739.099902.P20131121', quantity: 9520 }],
          bizStep: 'http://epcis.example.com/user/vocab/bizstep/exampling',
        };
        expect(eventHashId(event))
          .toBe('ni:///sha-256;756558aa09b2d38c6bcb6e50eab2fcbebd9bde17362a7c4f4686a5d7f5fb013f?ver=CBV2.0');
      });
    });

    it('tests/examples/ReferenceEventHashAlgorithm2.jsonld: a GIAI sensor deviceID', () => {
      const event = {
        type: 'ObjectEvent',
        eventTime: '2020-04-01T15:00:00+01:00',
        eventTimeZoneOffset: '+01:00',
        epcList: ['urn:epc:id:sgtin:4012345.011111.9876'],
        action: 'OBSERVE',
        bizStep: 'inspecting',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00005.0' },
        sensorElementList: [{
          sensorMetadata: { deviceID: 'urn:epc:id:giai:4000001.111', deviceMetadata: 'https://id.gs1.org/8004/4000001111' },
          sensorReport: [
            { type: 'Temperature', value: 26, sDev: 0.1, uom: 'CEL' },
            { type: 'AbsoluteHumidity', value: 12.1, uom: 'A93' },
            { type: 'Dimensionless', microorganism: 'https://www.ncbi.nlm.nih.gov/taxonomy/1126011', value: 0.05, uom: 'C35' },
            { type: 'Dimensionless', chemicalSubstance: 'https://identifiers.org/inchikey:CZMRCDWAGMRECN-UGDNZRGBSA-N', value: 0.18, uom: 'C35' },
          ],
        }],
      };
      expect(eventHashId(event)).toBe('ni:///sha-256;49b13037c36e84ad9307c531671b00e901318c3957e4b1151f816ec49eb668da?ver=CBV2.0');
    });

    it('tests/examples/epcisDocWithSensorDataObjectEvent.jsonld: a GIAI Digital Link on another host in rawData', () => {
      const metadata = (time: string) => ({
        time,
        deviceID: 'urn:epc:id:giai:4000001.111',
        deviceMetadata: 'https://id.gs1.org/8004/4000001111',
        rawData: 'https://id.example.org/8004/401234599999',
      });
      const reports = (temperature: number, humidity: number, speed: number, lux: number) => [
        { type: 'Temperature', value: temperature, uom: 'CEL' }, { type: 'AbsoluteHumidity', value: humidity, uom: 'A93' },
        { type: 'Speed', value: speed, uom: 'KMH' }, { type: 'Illuminance', value: lux, uom: 'LUX' },
      ];
      const event = {
        type: 'ObjectEvent',
        eventTime: '2022-02-16T15:00:00.000+01:00',
        eventTimeZoneOffset: '+01:00',
        epcList: ['urn:epc:id:sgtin:4012345.011111.9876'],
        action: 'OBSERVE',
        bizStep: 'inspecting',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00005.0' },
        sensorElementList: [
          { sensorMetadata: metadata('2022-02-16T14:05:00.000+01:00'), sensorReport: reports(26, 12.1, 160, 800) },
          { sensorMetadata: metadata('2022-02-16T14:35:00.000+01:00'), sensorReport: reports(26.1, 12.2, 161, 801) },
          { sensorMetadata: metadata('2022-02-16T14:55:00.000+01:00'), sensorReport: reports(26.2, 12.2, 162, 802) },
        ],
      };
      expect(eventHashId(event)).toBe('ni:///sha-256;4afcdd3db3ff438fbe6c5a341ab8d1c405945f10d0c9a21b44d9ff45358b3801?ver=CBV2.0');
    });
  });
});
