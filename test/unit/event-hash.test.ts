import { eventHashId, eventHashPreimage, namespacesFromContext } from '../../server/epcis/event-hash';
import { EX, EXAMPLE_NS, expectVector, hashIdOf } from '../helpers/event-hash-vectors';

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
        'eventType=ObjectEventeventTime=2022-02-17T02:33:31.116ZeventTimeZoneOffset=-06:00' +
          'epcListepc=https://id.gs1.org/01/10614141073464/21/2017epc=https://id.gs1.org/01/10614141073464/21/2018' +
          'action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-shippingdisposition=https://ref.gs1.org/cbv/Disp-in_transit' +
          'readPointid=https://id.gs1.org/414/0614141073467/254/1234' +
          'bizTransactionListtype=https://ref.gs1.org/cbv/BTT-pobizTransaction=http://transaction.acme.com/po/12345678',
      );
    });

    it('gives the published hash id', () => {
      expect(eventHashId(event)).toBe('ni:///sha-256;ffa491b16867e34a7791a8d5389d826afc24e63a121026b6a4004ace38631b4b?ver=CBV2.0');
    });
  });

  it('hashes an ObjectEvent with a quantity list and ILMD', () => {
    const event = {
      type: 'ObjectEvent',
      eventTime: '2024-05-01T08:00:00.000+08:00',
      eventTimeZoneOffset: '+08:00',
      epcList: [],
      quantityList: [
        { epcClass: 'urn:epc:class:lgtin:4012345.011111.LOT-B', quantity: 200.5, uom: 'KGM' },
        { epcClass: 'https://example.com/01/04012345111118/10/LOT-A', quantity: '12.0' },
      ],
      action: 'ADD',
      bizStep: 'commissioning',
      disposition: 'active',
      readPoint: { id: 'https://example.com/414/4012345000016' },
      bizLocation: { id: 'urn:epc:id:sgln:4012345.00002.0' },
      ilmd: {
        'example:harvest': { 'example:field': 'F7', 'example:area': 12.5 },
        'example:bestBeforeDate': '2024-11-30',
      },
    };
    expectVector(
      event,
      'eventType=ObjectEventeventTime=2024-05-01T00:00:00.000ZeventTimeZoneOffset=+08:00' +
        'quantityList' +
        'quantityElementepcClass=https://id.gs1.org/01/04012345111118/10/LOT-Aquantity=12' +
        'quantityElementepcClass=https://id.gs1.org/01/04012345111118/10/LOT-Bquantity=200.5uom=KGM' +
        'action=ADDbizStep=https://ref.gs1.org/cbv/BizStep-commissioningdisposition=https://ref.gs1.org/cbv/Disp-active' +
        'readPointid=https://id.gs1.org/414/4012345000016bizLocationid=https://id.gs1.org/414/4012345000023' +
        `ilmd${EX}bestBeforeDate=2024-11-30${EX}harvest${EX}area=12.5${EX}field=F7`,
    );
  });

  it('hashes an AggregationEvent, sorting child EPCs as strings', () => {
    const event = {
      type: 'AggregationEvent',
      eventTime: '2024-05-02T10:15:30Z',
      eventTimeZoneOffset: '+00:00',
      parentID: 'urn:epc:id:sscc:4012345.0111111111',
      childEPCs: ['urn:epc:id:sgtin:4012345.011111.20', 'https://id.gs1.org/01/04012345111118/21/100', 'urn:epc:id:sgtin:4012345.011111.3'],
      childQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.022222.L7', quantity: 5, uom: 'EA' }],
      action: 'ADD',
      bizStep: 'urn:epcglobal:cbv:bizstep:packing',
      bizLocation: { 'example:dock': 'D4', id: 'urn:epc:id:sgln:4012345.00001.0' },
    };
    expectVector(
      event,
      'eventType=AggregationEventeventTime=2024-05-02T10:15:30.000ZeventTimeZoneOffset=+00:00' +
        'parentID=https://id.gs1.org/00/040123451111111110' +
        'childEPCsepc=https://id.gs1.org/01/04012345111118/21/100epc=https://id.gs1.org/01/04012345111118/21/20' +
        'epc=https://id.gs1.org/01/04012345111118/21/3' +
        'childQuantityListquantityElementepcClass=https://id.gs1.org/01/04012345222227/10/L7quantity=5uom=EA' +
        'action=ADDbizStep=https://ref.gs1.org/cbv/BizStep-packing' +
        `bizLocationid=https://id.gs1.org/414/4012345000016${EX}dock=D4`,
    );
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
    expectVector(
      event,
      'eventType=TransformationEventeventTime=2024-05-03T17:00:00.250ZeventTimeZoneOffset=-05:00' +
        'inputEPCListepc=https://id.gs1.org/01/04012345111118/21/1' +
        'inputQuantityList' +
        'quantityElementepcClass=https://id.gs1.org/01/04012345111118/10/RAW1quantity=1000uom=KGM' +
        'quantityElementepcClass=https://id.gs1.org/01/04012345222227quantity=3' +
        'outputQuantityListquantityElementepcClass=https://id.gs1.org/01/04012345222227/10/OUT1quantity=950uom=KGM' +
        'transformationID=urn:uuid:0b9a7b7e-2f7d-4d7a-9a8e-3c1f6d5e4a21' +
        'bizStep=https://ref.gs1.org/cbv/BizStep-commissioning' +
        'readPointid=https://id.gs1.org/414/4012345000016' +
        `ilmd${EX}batch=OUT1`,
    );
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
    expectVector(
      event,
      'eventType=TransactionEventeventTime=2024-05-04T07:30:00.000ZeventTimeZoneOffset=+02:00' +
        'parentID=https://id.gs1.org/00/040123451111111110epcListepc=https://id.gs1.org/01/04012345111118/21/7' +
        'action=ADDbizStep=https://ref.gs1.org/cbv/BizStep-shippingdisposition=https://ref.gs1.org/cbv/Disp-in_transit' +
        'bizTransactionList' +
        'bizTransaction=http://erp.example.com/ref/7' +
        'type=https://ref.gs1.org/cbv/BTT-invbizTransaction=http://erp.example.com/inv/2024-0042' +
        'type=https://ref.gs1.org/cbv/BTT-pobizTransaction=urn:epcglobal:cbv:bt:4012345000009:PO-88',
    );
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
    expectVector(
      event,
      'eventType=AssociationEventeventTime=2024-05-05T00:00:00.000ZeventTimeZoneOffset=+00:00' +
        'parentID=https://id.gs1.org/8004/4000001SENSOR-9' +
        'childEPCsepc=https://id.gs1.org/01/04012345111118/21/8' +
        'childQuantityListquantityElementepcClass=https://id.gs1.org/01/04012345111118/10/L2quantity=2uom=EA' +
        'action=ADDbizStep=https://ref.gs1.org/cbv/BizStep-assembling' +
        'readPointid=https://id.gs1.org/414/4012345000016/254/7',
    );
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
            { type: 'Temperature', value: 4.5, uom: 'CEL' },
            { uom: 'CEL', value: 9, type: 'Temperature', exception: 'ALARM_CONDITION', time: '2024-05-06T13:57:10.5+01:00' },
          ],
        },
        {
          'example:note': 'door opened',
          sensorMetadata: { endTime: '2024-05-06T13:00:00Z', startTime: '2024-05-06T12:00:00Z' },
          sensorReport: [
            {
              type: 'gs1:RelativeHumidity',
              uom: 'P1',
              meanValue: 52,
              maxValue: 65.25,
              minValue: 40.0,
              booleanValue: false,
              component: 'x',
            },
          ],
        },
      ],
    };
    const laterElement =
      'sensorElement' +
      'sensorMetadatatime=2024-05-06T12:55:00.000ZdeviceID=https://id.gs1.org/8004/4000001111' +
      `${EX}calibrated=true` +
      'sensorReporttype=https://gs1.org/voc/Temperatureexception=https://gs1.org/voc/ALARM_CONDITION' +
      'time=2024-05-06T12:57:10.500Zvalue=9uom=CEL' +
      'sensorReporttype=https://gs1.org/voc/Temperaturevalue=4.5uom=CEL';
    const earlierElement =
      'sensorElement' +
      'sensorMetadatastartTime=2024-05-06T12:00:00.000ZendTime=2024-05-06T13:00:00.000Z' +
      'sensorReporttype=https://gs1.org/voc/RelativeHumiditycomponent=https://ref.gs1.org/cbv/Comp-x' +
      'booleanValue=falseminValue=40maxValue=65.25meanValue=52uom=P1' +
      `${EX}note=door opened`;
    expectVector(
      event,
      'eventType=ObjectEventeventTime=2024-05-06T13:00:00.000ZeventTimeZoneOffset=+01:00' +
        'epcListepc=https://id.gs1.org/00/040123451111111110' +
        'action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-sensor_reporting' +
        `sensorElementList${earlierElement}${laterElement}`,
    );
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
    expectVector(
      event,
      'eventType=ObjectEventeventTime=2024-05-07T08:00:00.000ZeventTimeZoneOffset=+00:00' +
        'epcListepc=https://id.gs1.org/01/04012345111118/21/9' +
        'action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-inspecting' +
        'disposition=https://ref.gs1.org/cbv/Disp-conformant' +
        'persistentDisposition' +
        'set=https://ref.gs1.org/cbv/Disp-completeness_verifiedset=https://ref.gs1.org/cbv/Disp-needs_replacement' +
        'unset=https://ref.gs1.org/cbv/Disp-recalled',
    );
  });

  it("hashes the destination list before the source list, each sorted (the reference generator's order)", () => {
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
    expectVector(
      event,
      'eventType=ObjectEventeventTime=2024-05-08T08:45:00.000ZeventTimeZoneOffset=+08:00' +
        'epcListepc=https://id.gs1.org/00/040123451111111110' +
        'action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-receivingdisposition=https://ref.gs1.org/cbv/Disp-in_progress' +
        'readPointid=https://id.gs1.org/414/4012345000030' +
        'destinationList' +
        'type=https://ref.gs1.org/cbv/SDT-locationdestination=https://id.gs1.org/414/4012345000030' +
        'type=https://ref.gs1.org/cbv/SDT-owning_partydestination=https://id.gs1.org/414/4012345000030' +
        'sourceList' +
        'type=https://ref.gs1.org/cbv/SDT-owning_partysource=https://id.gs1.org/414/0614141000005' +
        'type=https://ref.gs1.org/cbv/SDT-possessing_partysource=https://id.gs1.org/414/0614141000005',
    );
  });

  describe('field order, as the reference generator writes it', () => {
    it('writes parentID before epcList', () => {
      const event = {
        type: 'ObjectEvent',
        eventTime: '2024-05-10T00:00:00Z',
        eventTimeZoneOffset: '+00:00',
        epcList: ['urn:epc:id:sgtin:4012345.011111.1'],
        parentID: 'urn:epc:id:sscc:4012345.0111111111',
        action: 'OBSERVE',
      };
      expectVector(
        event,
        'eventType=ObjectEventeventTime=2024-05-10T00:00:00.000ZeventTimeZoneOffset=+00:00' +
          'parentID=https://id.gs1.org/00/040123451111111110epcListepc=https://id.gs1.org/01/04012345111118/21/1' +
          'action=OBSERVE',
      );
    });

    it('sorts business transactions, destinations, ILMD, sources and extensions together after the sensor elements', () => {
      const event = {
        'example:zone': 'A',
        ilmd: { 'example:batch': 'B1' },
        sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:4012345.00000' }],
        sensorElementList: [{ sensorReport: [{ type: 'Temperature', value: 4, uom: 'CEL' }] }],
        destinationList: [{ type: 'owning_party', destination: 'urn:epc:id:pgln:0614141.00000' }],
        bizTransactionList: [{ type: 'po', bizTransaction: 'http://erp.example.com/po/1' }],
        bizLocation: { id: 'urn:epc:id:sgln:4012345.00001.0' },
        action: 'ADD',
        epcList: ['urn:epc:id:sgtin:4012345.011111.1'],
        eventTimeZoneOffset: '+00:00',
        eventTime: '2024-05-10T00:00:00Z',
        type: 'ObjectEvent',
      };
      expectVector(
        event,
        'eventType=ObjectEventeventTime=2024-05-10T00:00:00.000ZeventTimeZoneOffset=+00:00' +
          'epcListepc=https://id.gs1.org/01/04012345111118/21/1action=ADD' +
          'bizLocationid=https://id.gs1.org/414/4012345000016' +
          'sensorElementListsensorElementsensorReporttype=https://gs1.org/voc/Temperaturevalue=4uom=CEL' +
          'bizTransactionListtype=https://ref.gs1.org/cbv/BTT-pobizTransaction=http://erp.example.com/po/1' +
          'destinationListtype=https://ref.gs1.org/cbv/SDT-owning_partydestination=https://id.gs1.org/417/0614141000005' +
          `ilmd${EX}batch=B1` +
          'sourceListtype=https://ref.gs1.org/cbv/SDT-owning_partysource=https://id.gs1.org/417/4012345000009' +
          `${EX}zone=A`,
      );
    });
  });

  describe('fields left out of the hash', () => {
    const event = {
      type: 'ObjectEvent',
      eventID: 'ni:///sha-256;b3d481c5590757ab8361a6cb0e924820feb3b61eb568e7d7703f21a96f76f51d?ver=CBV2.0',
      recordTime: '2024-05-11T01:00:00Z',
      eventTime: '2024-05-11T00:00:00Z',
      eventTimeZoneOffset: '+00:00',
      action: 'OBSERVE',
      readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0', 'example:captureID': 'r-1' },
      'rdfs:comment': 'checked twice',
      'example:captureID': 'c-1',
      'repo:hash': 'ni:///sha-256;00?ver=CBV2.0',
    };
    const namespaces = { ...EXAMPLE_NS, repo: 'https://repository-x.example.com/' };
    const base =
      'eventType=ObjectEventeventTime=2024-05-11T00:00:00.000ZeventTimeZoneOffset=+00:00action=OBSERVE' +
      `readPointid=https://id.gs1.org/414/4012345000016${EX}captureID=r-1`;

    it('hashes repository fields such as a capture id or a stored hash unless told to ignore them', () => {
      expectVector(event, `${base}${EX}captureID=c-1{https://repository-x.example.com/}hash=ni:///sha-256;00?ver=CBV2.0`, namespaces);
    });

    it('leaves out the top-level fields named in ignoreFields, and only those', () => {
      const options = { ignoreFields: ['example:captureID', 'repo:hash'] };
      expect(eventHashPreimage(event, namespaces, options)).toBe(base);
      expect(eventHashId(event, namespaces, options)).toBe(hashIdOf(base));
    });

    it('matches an ignored field under another prefix for the same namespace', () => {
      const options = { ignoreFields: ['ex:captureID', 'x:hash'] };
      const more = { ...namespaces, ex: 'https://ns.example.com/epcis/', x: 'https://repository-x.example.com/' };
      expect(eventHashPreimage(event, more, options)).toBe(base);
    });
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
    const preimage =
      'eventType=ObjectEventeventTime=2024-05-09T00:00:00.000ZeventTimeZoneOffset=+00:00' +
      'epcListepc=https://id.gs1.org/01/10614141073464/21/2017action=OBSERVE' +
      `${ex}myField=myValue${ex}nested${ex}a=x${ex}a=y${ex}b=2.5${ex}weight=12.3` +
      '{https://acme.example/voc#}grade=https://acme.example/voc#GradeA';

    it('reads namespace prefixes out of an @context', () => {
      expect(namespacesFromContext(context)).toEqual({
        example: 'http://ns.example.com/epcis/',
        acme: 'https://acme.example/voc#',
      });
      expect(namespacesFromContext('https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld')).toEqual({});
      expect(namespacesFromContext({ '@vocab': 'https://x.example/', ex: 'https://x.example/ns/' })).toEqual({
        ex: 'https://x.example/ns/',
      });
    });

    it('writes extensions as {namespace}local=value after the standard fields, sorted and nested', () => {
      expectVector(event, preimage, namespacesFromContext(context));
    });

    it("uses prefixes declared in the event's own @context", () => {
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
      expect(eventHashId({ ...base, eventTime: '2024-06-01T18:00:00+08:00' })).toBe(
        eventHashId({ ...base, eventTime: '2024-06-01T10:00:00.000Z' }),
      );
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
    expectVector(
      event,
      'eventType=ObjectEventeventTime=2024-06-05T00:00:00.000ZeventTimeZoneOffset=+00:00' +
        'certificationInfo=https://cert.example.org/certificate/ABC123action=OBSERVE',
    );
  });

  it('keeps an unparseable identifier as written, trimmed', () => {
    const event = {
      type: 'ObjectEvent',
      eventTime: '2024-06-06T00:00:00Z',
      eventTimeZoneOffset: '+00:00',
      epcList: ['  https://id.gs1.org/01/10614141073465/21/1  '],
      action: 'OBSERVE',
    };
    expectVector(
      event,
      'eventType=ObjectEventeventTime=2024-06-06T00:00:00.000ZeventTimeZoneOffset=+00:00' +
        'epcListepc=https://id.gs1.org/01/10614141073465/21/1action=OBSERVE',
    );
  });
});
