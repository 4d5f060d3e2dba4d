/*
 * Published vectors of the reference generator (github.com/RalphTro/epcis-event-hash-generator):
 * every event of each named example document in its tests/examples/, as published there, with the
 * hash the matching .hashes file gives for it. Namespace prefixes come from the document's @context;
 * the fields a document lists in its repository-x:ignoreFields member are passed as ignoreFields.
 * This file: every event type, persistent dispositions, error declarations and GS1 keys.
 */
import { eventHashId, namespacesFromContext } from '../../server/epcis/event-hash';

interface PublishedExample {
  readonly file: string;
  readonly context: unknown;
  readonly ignoreFields?: readonly string[];
  readonly events: readonly Record<string, unknown>[];
  readonly hashes: readonly string[];
}

const EXAMPLES: readonly PublishedExample[] = [
  // tests/examples/epcisDocWithAllGS1Keys.jsonld
  {
    file: 'epcisDocWithAllGS1Keys.jsonld',
    context: ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2023-03-27T11:30:00.0Z',
        eventTimeZoneOffset: '+01:00',
        epcList: [
          'urn:epc:id:sgtin:4012345.012345.12', 'urn:epc:id:sscc:4012345.0000000333',
          'https://id.gs1.org/00/040123450000003338', 'urn:epc:id:grai:4012345.66666.87',
          'urn:epc:id:giai:4012345.AAbb', 'urn:epc:id:gsrn:4012345.9876540000', 'urn:epc:id:gsrnp:4012345.0000098765',
          'urn:epc:id:gdti:4012345.55555.98', 'urn:epc:id:cpi:4012345.ABC.123', 'urn:epc:id:sgcn:4012345.99999.44',
          'urn:epc:id:ginc:4012345.333', 'urn:epc:id:gsin:4012345.999987654',
          'urn:epc:id:itip:4012345.012345.01.02.999', 'urn:epc:id:upui:4012345.012345.AB12',
        ],
        quantityList: [
          { epcClass: 'urn:epc:class:lgtin:4054739.099914.20160711' },
          { epcClass: 'urn:epc:idpat:sgtin:4054739.099914.*' },
          { epcClass: 'urn:epc:idpat:grai:4012345.66666.*' },
          { epcClass: 'urn:epc:idpat:gdti:4012345.55555.*' },
          { epcClass: 'urn:epc:idpat:sgcn:4012345.99999.*' },
          { epcClass: 'urn:epc:idpat:cpi:4012345.ABC.*' },
          { epcClass: 'urn:epc:idpat:itip:4012345.012345.01.02.*' },
        ],
        action: 'OBSERVE',
        bizStep: 'other',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00011.987' },
      },
    ],
    hashes: ['ni:///sha-256;40744f32beff53a4bf5bb5956d465cb52de5bbcc9f131409d8efb903b04d9351?ver=CBV2.0'],
  },
  // tests/examples/epcisDocWithVariousEventTypes.jsonld
  {
    file: 'epcisDocWithVariousEventTypes.jsonld',
    context: [
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { gs1: 'https://gs1.org/voc/' },
      { example: 'https://ns.example.com/epcis/' },
      { cbvmda: 'urn:epcglobal:cbv:mda:' },
    ],
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2019-10-21T11:00:30.000+01:00',
        eventTimeZoneOffset: '+01:00',
        epcList: ['urn:epc:id:sscc:5200001.0111111146'],
        action: 'OBSERVE',
        bizStep: 'departing',
        readPoint: { id: 'urn:epc:id:sgln:5200001.99901.0' },
        bizTransactionList: [
          { type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:5200001000008:4711' },
          { type: 'inv', bizTransaction: 'urn:epcglobal:cbv:bt:5200001000008:RE1099' },
        ],
        sourceList: [{ type: 'possessing_party', source: 'urn:epc:id:pgln:5200001.00000' }],
        destinationList: [
          { type: 'possessing_party', destination: 'urn:epc:id:pgln:4000001.98765' },
          { type: 'location', destination: 'urn:epc:id:sgln:4012345.00012.0' },
        ],
      },
      {
        type: 'ObjectEvent',
        eventTime: '2019-10-21T12:00:30.000+01:00',
        eventTimeZoneOffset: '+01:00',
        epcList: ['urn:epc:id:sscc:5200001.0111111146'],
        action: 'OBSERVE',
        bizStep: 'receiving',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00012.0' },
        bizTransactionList: [
          { type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:5200001000008:4711' },
          { type: 'inv', bizTransaction: 'urn:epcglobal:cbv:bt:5200001000008:RE1099' },
        ],
        sourceList: [
          { type: 'possessing_party', source: 'urn:epc:id:pgln:4000001.00012' },
          { type: 'owning_party', source: 'urn:epc:id:pgln:4000001.00012' },
        ],
        destinationList: [
          { type: 'possessing_party', destination: 'urn:epc:id:pgln:4012345.00000' },
          { type: 'owning_party', destination: 'urn:epc:id:pgln:4012345.00000' },
          { type: 'location', destination: 'urn:epc:id:sgln:4012345.00012.0' },
        ],
      },
      {
        type: 'ObjectEvent',
        eventTime: '2019-10-21T15:45:00.000+01:00',
        eventTimeZoneOffset: '+01:00',
        epcList: ['urn:epc:id:sscc:4012345.0111111111'],
        action: 'OBSERVE',
        bizStep: 'inspecting',
        disposition: 'in_progress',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00024.0' },
      },
      {
        type: 'ObjectEvent',
        eventTime: '2019-10-21T14:58:56.000+02:00',
        eventTimeZoneOffset: '+02:00',
        quantityList: [{ epcClass: 'urn:epc:class:lgtin:4054739.099914.20160711', quantity: 600, uom: 'KGM' }],
        action: 'ADD',
        bizStep: 'commissioning',
        readPoint: { id: 'urn:epc:id:sgln:4054739.00001.0' },
        ilmd: { 'cbvmda:bestBeforeDate': '2019-10-21' },
      },
      {
        type: 'AggregationEvent',
        eventTime: '2019-10-21T11:58:56.591+02:00',
        eventTimeZoneOffset: '+02:00',
        parentID: 'urn:epc:id:sscc:4047023.0111111122',
        childEPCs: [
          'urn:epc:id:sgtin:4047023.077551.98', 'urn:epc:id:sgtin:4047023.077551.97',
          'urn:epc:id:sgtin:4047023.077551.107', 'urn:epc:id:sgtin:4047023.077551.109',
        ],
        action: 'ADD',
        bizStep: 'packing',
        readPoint: { id: 'urn:epc:id:sgln:4047023.00012.0' },
      },
      {
        type: 'AggregationEvent',
        eventTime: '2019-10-21T17:30:56.591+02:00',
        eventTimeZoneOffset: '+02:00',
        parentID: 'urn:epc:id:sscc:4012344.0111111133',
        childQuantityList: [
          { epcClass: 'urn:epc:class:lgtin:4054739.099902.P2', quantity: 12, uom: 'KGM' },
          { epcClass: 'urn:epc:class:lgtin:4054739.012345.lot2', quantity: 17 },
        ],
        action: 'ADD',
        bizStep: 'packing',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00025.0' },
      },
      {
        type: 'AggregationEvent',
        eventTime: '2019-10-21T11:58:56.591+02:00',
        eventTimeZoneOffset: '+02:00',
        parentID: 'urn:epc:id:sscc:4012344.0111111144',
        action: 'DELETE',
        bizStep: 'unpacking',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00025.0' },
        bizTransactionList: [{ type: 'inv', bizTransaction: 'urn:epcglobal:cbv:bt:4012345123456:RE1099' }],
      },
      {
        type: 'AggregationEvent',
        eventTime: '2019-10-21T14:02:56.000+02:00',
        eventTimeZoneOffset: '+02:00',
        parentID: 'urn:epc:id:sscc:4012344.0998811122',
        childEPCs: [
          'urn:epc:id:sscc:4012344.0998811123', 'urn:epc:id:sscc:4012344.0998811124',
          'urn:epc:id:sscc:4012344.0998811125',
        ],
        action: 'DELETE',
        bizStep: 'unpacking',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00077.0' },
        bizTransactionList: [{ type: 'inv', bizTransaction: 'urn:epcglobal:cbv:bt:4012345123456:4711' }],
      },
      {
        type: 'TransactionEvent',
        eventTime: '2019-10-21T00:05:00-06:00',
        eventTimeZoneOffset: '-06:00',
        epcList: ['urn:epc:id:sgtin:0614141.107340.1', 'urn:epc:id:sgtin:0614141.107340.2'],
        action: 'ADD',
        bizStep: 'shipping',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00000.5' },
        bizLocation: { id: 'urn:epc:id:sgln:4012345.00000.0' },
        bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:4012345123456:RE100099' }],
      },
      {
        type: 'TransactionEvent',
        eventTime: '2019-10-21T14:58:56.591+02:00',
        eventTimeZoneOffset: '+02:00',
        quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.099988.2014-02-10', quantity: 2030, uom: 'KGM' }],
        action: 'ADD',
        bizStep: 'holding',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00025.0' },
        bizLocation: { id: 'urn:epc:id:sgln:4012345.00002.0' },
        bizTransactionList: [{ type: 'inv', bizTransaction: 'urn:epcglobal:cbv:bt:4012345123456:RE1099' }],
      },
      {
        type: 'TransformationEvent',
        eventTime: '2019-10-21T14:58:56.591+02:00',
        eventTimeZoneOffset: '+02:00',
        inputEPCList: ['urn:epc:id:sgtin:4012345.011122.25', 'urn:epc:id:sgtin:4000001.065432.99886655'],
        outputEPCList: [
          'urn:epc:id:sgtin:4012345.077889.25', 'urn:epc:id:sgtin:4012345.077889.26',
          'urn:epc:id:sgtin:4012345.077889.27', 'urn:epc:id:sgtin:4012345.077889.28',
        ],
        transformationID: 'urn:epc:id:gdti:4012345.55555.1234',
        bizStep: 'commissioning',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' },
        ilmd: { 'example:bestBeforeDate': '2020-11-10', 'example:batch': '4711' },
      },
      {
        type: 'TransformationEvent',
        eventTime: '2019-10-21T14:58:56.591+02:00',
        eventTimeZoneOffset: '+02:00',
        inputEPCList: ['urn:epc:id:sgtin:4012345.011122.25', 'urn:epc:id:sgtin:4000001.065432.99886655'],
        outputEPCList: [
          'urn:epc:id:sgtin:4012345.077889.25', 'urn:epc:id:sgtin:4012345.077889.26',
          'urn:epc:id:sgtin:4012345.077889.27', 'urn:epc:id:sgtin:4012345.077889.28',
        ],
        inputQuantityList: [
          { epcClass: 'urn:epc:class:lgtin:4012345.011111.4444', quantity: 10, uom: 'KGM' },
          { epcClass: 'urn:epc:class:lgtin:0614141.077777.987', quantity: 30 },
          { epcClass: 'urn:epc:idpat:sgtin:4012345.066666.*', quantity: 220 },
        ],
        bizStep: 'commissioning',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' },
        ilmd: { 'example:bestBeforeDate': '2015-11-10', 'example:batch': 'XYZ' },
      },
      {
        type: 'TransformationEvent',
        eventTime: '2019-10-21T14:58:56.591+02:00',
        eventTimeZoneOffset: '+02:00',
        inputEPCList: ['urn:epc:id:sgtin:4012345.011122.25', 'urn:epc:id:sgtin:4000001.065432.99886655'],
        outputQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4054739.099902.P20131121', quantity: 9520 }],
        transformationID: 'urn:epc:id:gdti:4012345.55555.1234',
        bizStep: 'http://epcis.example.com/user/vocab/bizstep/exampling',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' },
      },
    ],
    hashes: [
      'ni:///sha-256;25be54b3d29f31ef9b4e62d62e7610f5d186369ba6eabb5e70ba9884153792a7?ver=CBV2.0',
      'ni:///sha-256;b28bf72f1bb227fbf583c8e062dc6c52689849a5f6ea4fa290eaede62f345eab?ver=CBV2.0',
      'ni:///sha-256;c50842eb714406394a77fb7b517fea621c78a61f65549874de7c9e019afe7b6f?ver=CBV2.0',
      'ni:///sha-256;5f396ea5cb32fe4d0980cb79f5a5eb9640559e9f5a6cefa5c98a7d6ad554b50b?ver=CBV2.0',
      'ni:///sha-256;c941e6486c561c2be83c28dc228c150eaef9a6befb1015e6cc563982fb7414b6?ver=CBV2.0',
      'ni:///sha-256;cfda50b7ff23682e989bafc3747ac9b752f405305fcde6618280f6be27344f35?ver=CBV2.0',
      'ni:///sha-256;c4bdb87c8d59d6ab569d0cfc6583e9dd4c314cdf71799b0ef8d4febe5239d9c5?ver=CBV2.0',
      'ni:///sha-256;a62b9f9e429fcba628ea47d073542ca67e9fbe4688df2c649b8cd13b8519b91f?ver=CBV2.0',
      'ni:///sha-256;cf6559dc931963f19ed9cd2fe33c02ef64c8cfd557e5a96b086a87db315b7122?ver=CBV2.0',
      'ni:///sha-256;b741a543ea0b2a4c4bdb3441c7dc196b41710e5b2c9870b211fac8d6d4c93427?ver=CBV2.0',
      'ni:///sha-256;335da6c3ab1d932824748791beec4d7ed261ed383f6849f6b8718e8fafb4d298?ver=CBV2.0',
      'ni:///sha-256;36ab2ba0e3eac03d14a630148c63c31da00b8c4f1c311f501eb459e89a6e6350?ver=CBV2.0',
      'ni:///sha-256;756558aa09b2d38c6bcb6e50eab2fcbebd9bde17362a7c4f4686a5d7f5fb013f?ver=CBV2.0',
    ],
  },
  // tests/examples/epcisDocWithXMLstartTagAndErrorDeclaration.jsonld
  {
    file: 'epcisDocWithXMLstartTagAndErrorDeclaration.jsonld',
    context: [
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { gs1: 'https://gs1.org/voc/' },
      { example: 'https://ns.example.com/epcis/' },
    ],
    events: [
      {
        type: 'TransformationEvent',
        eventTime: '2020-01-14T00:00:00.000+01:00',
        eventTimeZoneOffset: '+01:00',
        eventID: 'urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8',
        inputEPCList: ['urn:epc:id:sgtin:4012345.011111.987'],
        outputEPCList: ['urn:epc:id:sgtin:4012345.033333.AGHFG'],
        inputQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.022222.87545GHGH' }],
        outputQuantityList: [{ epcClass: 'urn:epc:idpat:sgtin:4012345.044444.*', quantity: 452, uom: 'KGM' }],
        bizStep: 'commissioning',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00000.0' },
        errorDeclaration: {
          declarationTime: '2020-01-15T00:00:00.000+01:00',
          reason: 'incorrect_data',
          'example:vendorExtension': 'Test1',
        },
      },
    ],
    hashes: ['ni:///sha-256;e16ce101f3d7383612e00b74419b2d88f12baa6a124b0e390252d396687d5cf7?ver=CBV2.0'],
  },
  // tests/examples/epclist_normalisation.jsonld
  {
    file: 'epclist_normalisation.jsonld',
    context: ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { gs1: 'https://gs1.org/voc/' }],
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2019-04-02T15:00:00.000+01:00',
        eventTimeZoneOffset: '+01:00',
        epcList: [
          'urn:epc:id:sgtin:4012345.011111.9876', 'urn:epc:id:sgtin:4012345.011111.98%22',
          'urn:epc:id:sgtin:415056789012.0.987654', 'urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()',
          'urn:epc:id:sscc:4012345.3111111111', 'urn:epc:id:sgln:4012345.00005.122', 'urn:epc:id:sgln:4012345.00005.0',
          'urn:epc:id:grai:4012345.00022.334455', 'urn:epc:id:giai:4012345.ABC345',
          'urn:epc:id:gsrn:4012345.0000006765', 'urn:epc:id:gsrnp:4012345.0000000007',
          'urn:epc:id:gdti:4012345.00009.PO-4711', 'urn:epc:id:gdti:987659999999..9',
          'urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234', 'urn:epc:id:ginc:0614141.xyz47%2F11',
          'urn:epc:id:gsin:4012345.222333444', 'urn:epc:id:itip:4012345.011111.01.02.987',
          'urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7\'SDB', 'urn:epc:id:pgln:4000001.00000',
          'urn:epc:id:pgln:999999999999.', 'urn:epc:class:lgtin:4012345.012345.Lot987',
          'https://id.gs1.org/gtin/09780345418913', 'https://example.com/gtin/09780345418913/21/765tz?abc=211121',
        ],
        action: 'OBSERVE',
        bizStep: 'inspecting',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00005.0' },
      },
    ],
    hashes: ['ni:///sha-256;4689c31cebcad30d58b175246cd49cbd8d02fa15a4099602e8f638127b4fca79?ver=CBV2.0'],
  },
  // tests/examples/persistentDisposition.jsonld
  {
    file: 'persistentDisposition.jsonld',
    context: ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { gs1: 'https://gs1.org/voc/' }],
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2021-04-01T15:00:00+01:00',
        eventTimeZoneOffset: '+01:00',
        epcList: ['urn:epc:id:sgtin:4012345.011111.1', 'urn:epc:id:sgtin:4012345.011111.2'],
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00005.0' },
        persistentDisposition: { set: ['recalled'] },
      },
      {
        type: 'ObjectEvent',
        eventTime: '2021-04-01T15:00:00+01:00',
        eventTimeZoneOffset: '+01:00',
        epcList: ['urn:epc:id:sgtin:4012345.011111.2'],
        action: 'OBSERVE',
        bizStep: 'inspecting',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00005.0' },
        persistentDisposition: { unset: ['recalled'] },
      },
    ],
    hashes: [
      'ni:///sha-256;f6a9d89f2cd8d7931daa3d4c3d48399c2173b88417932f8cc04d021671e7d01e?ver=CBV2.0',
      'ni:///sha-256;4dbb5d87794987ec4a7c519cff1260d00163e78bf44144d09aee135294d39d10?ver=CBV2.0',
    ],
  },
];

describe('eventHashId: published reference vectors, event types and GS1 keys', () => {
  describe.each(EXAMPLES)('tests/examples/$file', ({ context, ignoreFields, events, hashes }) => {
    it('has one published hash per event', () => {
      expect(hashes).toHaveLength(events.length);
    });

    it.each(events.map((event, index) => ({ index, event, hash: hashes[index] })))('event $index', ({ event, hash }) => {
      expect(eventHashId(event, namespacesFromContext(context), { ignoreFields })).toBe(hash);
    });
  });
});
