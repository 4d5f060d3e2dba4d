/*
 * Published vectors of the reference generator (github.com/RalphTro/epcis-event-hash-generator):
 * every event of each named example document in its tests/examples/ (see PublishedExample).
 * This file: document shapes, contexts, comments, user extensions and ignored fields.
 */
import { describePublishedExamples, type PublishedExample } from '../helpers/event-hash-vectors';

const EXAMPLES: readonly PublishedExample[] = [
  // tests/examples/ReferenceEventHashAlgorithm.jsonld
  {
    file: 'ReferenceEventHashAlgorithm.jsonld',
    context: [
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { gs1: 'https://gs1.org/voc/' },
      { example: 'https://ns.example.com/epcis/' },
    ],
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2020-03-04T11:00:30.000+01:00',
        eventTimeZoneOffset: '+01:00',
        recordTime: '2020-03-04T11:00:30.999+01:00',
        epcList: ['urn:epc:id:sscc:4012345.0000000333', 'urn:epc:id:sscc:4012345.0000000111', 'urn:epc:id:sscc:4012345.0000000222'],
        action: 'OBSERVE',
        bizStep: 'departing',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00011.987' },
        'example:myField1': { 'example:mySubField1': '2', 'example:mySubField2': '5' },
        'example:myField2': '0',
        'example:myField3': { 'example:mySubField3': ['3', '1'] },
      },
    ],
    hashes: ['ni:///sha-256;6ae96341e0acc6d7a261364751f60e68278a81cdf51da0abb6b4e617014e39d7?ver=CBV2.0'],
  },
  // tests/examples/ReferenceEventHashAlgorithm3.jsonld
  {
    file: 'ReferenceEventHashAlgorithm3.jsonld',
    context: [
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { gs1: 'https://gs1.org/voc/' },
      { example: 'https://ns.example.com/epcis/' },
    ],
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2020-03-04T11:00:30+01:00',
        eventTimeZoneOffset: '+01:00',
        epcList: ['urn:epc:id:sgtin:0614141.011111.987'],
        action: 'OBSERVE',
        bizStep: 'departing',
        disposition: 'in_transit',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00011.0', 'example:myField1': 'AB-12' },
        bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epc:id:gdti:4012345.11111.123' }],
        sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:4012345.00000' }],
        destinationList: [{ type: 'owning_party', destination: 'urn:epc:id:pgln:0614141.00000' }],
        'example:userExt': 'CD-34',
      },
    ],
    hashes: ['ni:///sha-256;a13cbe6c8bb6df3710b3edaeff760a1365ec8fd69ca1f4d7e0c10eb5189a883a?ver=CBV2.0'],
  },
  // tests/examples/epcisDocHavingEventWithComment.jsonld
  {
    file: 'epcisDocHavingEventWithComment.jsonld',
    context: [
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { example: 'https://ns.example.com/epcis/' },
      { rdfs: 'http://www.w3.org/2000/01/rdf-schema#' },
    ],
    events: [
      {
        eventID: 'ni:///sha-256;36abb3a2c0a726de32ac4beafd6b8bc4ba0b1d2de244490312e5cbec7b5ddece?ver=CBV2.0',
        type: 'ObjectEvent',
        action: 'OBSERVE',
        'rdfs:comment': 'An ObjectEvent may be used for reporting an observation',
        bizStep: 'shipping',
        disposition: 'in_transit',
        epcList: ['urn:epc:id:sgtin:0614141.107346.2017', 'urn:epc:id:sgtin:0614141.107346.2018'],
        eventTime: '2005-04-03T20:33:31.116000-06:00',
        eventTimeZoneOffset: '-06:00',
        readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234' },
        bizTransactionList: [{ type: 'po', bizTransaction: 'http://transaction.acme.com/po/12345678' }],
      },
    ],
    hashes: ['ni:///sha-256;df6523665bc5e5803d6c7b84f5a04e103694d8220f2abc4f2c74310e89f31bc6?ver=CBV2.0'],
  },
  // tests/examples/epcisDocHavingEventWithIgnoreFields.jsonld
  {
    file: 'epcisDocHavingEventWithIgnoreFields.jsonld',
    context: [
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { example: 'https://ns.example.com/epcis/', 'repository-x': 'https://repository-x.example.com/' },
      { rdfs: 'http://www.w3.org/2000/01/rdf-schema#' },
    ],
    ignoreFields: ['repository-x:hash', 'example:captureID'],
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2019-10-21T14:45:00Z',
        recordTime: '2023-06-02T07:03:16.073Z',
        eventTimeZoneOffset: '+01:00',
        eventID: 'ni:///sha-256;b3d481c5590757ab8361a6cb0e924820feb3b61eb568e7d7703f21a96f76f51d?ver=CBV2.0',
        epcList: ['https://id.gs1.org/00/040123451111111127'],
        action: 'OBSERVE',
        bizStep: 'inspecting',
        disposition: 'in_progress',
        readPoint: { id: 'https://id.gs1.org/414/4012345000245/254/1' },
        'repository-x:hash': 'ni:///sha-256;b3d481c5590757ab8361a6cb0e924820feb3b61eb568e7d7703f21a96f76f51d?ver=CBV2.0',
        'example:captureID': 'cc90bbe4-7f3a-4abd-b150-d4371c72a64f',
      },
      {
        type: 'ObjectEvent',
        eventTime: '2019-10-21T14:45:00Z',
        recordTime: '2023-06-02T07:03:16.073Z',
        eventTimeZoneOffset: '+01:00',
        eventID: 'ni:///sha-256;b3d481c5590757ab8361a6cb0e924820feb3b61eb568e7d7703f21a96f76f51d?ver=CBV2.0',
        epcList: ['https://id.gs1.org/00/040123451111111127'],
        action: 'OBSERVE',
        bizStep: 'inspecting',
        disposition: 'in_progress',
        readPoint: { id: 'https://id.gs1.org/414/4012345000245/254/1' },
      },
    ],
    hashes: [
      'ni:///sha-256;b3d481c5590757ab8361a6cb0e924820feb3b61eb568e7d7703f21a96f76f51d?ver=CBV2.0',
      'ni:///sha-256;b3d481c5590757ab8361a6cb0e924820feb3b61eb568e7d7703f21a96f76f51d?ver=CBV2.0',
    ],
  },
  // tests/examples/epcisDocWithCustomSchemaInContext.jsonld
  {
    file: 'epcisDocWithCustomSchemaInContext.jsonld',
    context: [
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { example: 'https://ns.example.com/epcis/' },
      { rdfs: 'http://www.w3.org/2000/01/rdf-schema#' },
    ],
    events: [
      {
        type: 'ObjectEvent',
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        epcList: ['urn:epc:id:sgtin:0614141.107346.2017', 'urn:epc:id:sgtin:0614141.107346.2018'],
        eventTime: '2022-02-15T01:33:31.116000-06:00',
        eventTimeZoneOffset: '-06:00',
        readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234' },
        bizTransactionList: [{ type: 'po', bizTransaction: 'http://transaction.acme.com/po/12345678' }],
        'example:myField': 'myValue',
      },
      {
        type: 'ObjectEvent',
        action: 'OBSERVE',
        bizStep: 'receiving',
        disposition: 'in_progress',
        epcList: ['urn:epc:id:sgtin:0614141.107346.2018'],
        eventTime: '2022-02-15T01:33:31.116-06:00',
        eventTimeZoneOffset: '-06:00',
        readPoint: { id: 'urn:epc:id:sgln:0012345.11111.400' },
        bizLocation: { id: 'urn:epc:id:sgln:0012345.11111.0' },
        bizTransactionList: [
          { type: 'po', bizTransaction: 'http://transaction.acme.com/po/12345678' },
          { type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:0614141073467:1152' },
        ],
        'example:myField2': 'myValue2',
      },
    ],
    hashes: [
      'ni:///sha-256;21dd1a31d0f157e383537b622583411b57f181f4bdec078ca8cce09f8f08d03a?ver=CBV2.0',
      'ni:///sha-256;d21abb0ead338a45eb866683e402e3c94fcf8fb80904160e476d3213c64ce41e?ver=CBV2.0',
    ],
  },
  // tests/examples/epcisDocWithDefaultSchemaInContext.jsonld
  {
    file: 'epcisDocWithDefaultSchemaInContext.jsonld',
    context: [
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { example: 'https://ns.example.com/epcis/' },
      { rdfs: 'http://www.w3.org/2000/01/rdf-schema#' },
    ],
    events: [
      {
        type: 'ObjectEvent',
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        epcList: ['urn:epc:id:sgtin:0614141.107346.2017', 'urn:epc:id:sgtin:0614141.107346.2018'],
        eventTime: '2022-02-16T20:33:31.116000-06:00',
        eventTimeZoneOffset: '-06:00',
        readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234' },
        bizTransactionList: [{ type: 'po', bizTransaction: 'http://transaction.acme.com/po/12345678' }],
      },
      {
        type: 'ObjectEvent',
        action: 'OBSERVE',
        bizStep: 'receiving',
        disposition: 'in_progress',
        epcList: ['urn:epc:id:sgtin:0614141.107346.2018'],
        eventTime: '2022-02-16T20:33:31.116-06:00',
        eventTimeZoneOffset: '-06:00',
        readPoint: { id: 'urn:epc:id:sgln:0012345.11111.400' },
        bizLocation: { id: 'urn:epc:id:sgln:0012345.11111.0' },
        bizTransactionList: [
          { type: 'po', bizTransaction: 'http://transaction.acme.com/po/12345678' },
          { type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:0614141073467:1152' },
        ],
      },
    ],
    hashes: [
      'ni:///sha-256;ffa491b16867e34a7791a8d5389d826afc24e63a121026b6a4004ace38631b4b?ver=CBV2.0',
      'ni:///sha-256;a207f523e4888a5cf75b5ee1110ebe019baba7e99aafde1d809d50b80727114e?ver=CBV2.0',
    ],
  },
  // tests/examples/epcisDocWithShippingAndTransportingEvent.jsonld
  {
    file: 'epcisDocWithShippingAndTransportingEvent.jsonld',
    context: ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { gs1: 'https://gs1.org/voc/' }],
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2022-02-16T12:50:00.000+01:00',
        eventTimeZoneOffset: '+01:00',
        epcList: ['urn:epc:id:sscc:4012345.1112223334'],
        action: 'OBSERVE',
        bizStep: 'departing',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00022.0' },
        bizTransactionList: [{ type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:4012345000009:ASN1099' }],
        sourceList: [{ type: 'possessing_party', source: 'urn:epc:id:pgln:4012345.00000' }],
        destinationList: [{ type: 'possessing_party', destination: 'urn:epc:id:pgln:4023333.00000' }],
      },
      {
        type: 'ObjectEvent',
        eventTime: '2022-02-16T16:50:00.000+01:00',
        eventTimeZoneOffset: '+01:00',
        epcList: ['urn:epc:id:sscc:4012345.1112223334'],
        action: 'OBSERVE',
        bizStep: 'transporting',
        readPoint: { id: 'geo:47.506694,11.104301' },
      },
    ],
    hashes: [
      'ni:///sha-256;7a82a68b0f9c78bebb1c729d950edbf1fd40c56f3351906020d2d67d5dffbc72?ver=CBV2.0',
      'ni:///sha-256;1d2ec4174d8f0b5988a44795b31a636e8bc7f88ebc4bdc0d35c14f215a842e80?ver=CBV2.0',
    ],
  },
  // tests/examples/epcisDocWithSingleEvent.jsonld
  {
    file: 'epcisDocWithSingleEvent.jsonld',
    context: ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { gs1: 'https://gs1.org/voc/' }],
    events: [
      {
        type: 'ObjectEvent',
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        epcList: ['urn:epc:id:sgtin:0614141.107346.2017', 'urn:epc:id:sgtin:0614141.107346.2018'],
        eventTime: '2022-02-16T20:33:31.116000-06:00',
        eventTimeZoneOffset: '-06:00',
        readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234' },
        bizTransactionList: [{ type: 'po', bizTransaction: 'http://transaction.acme.com/po/12345678' }],
      },
    ],
    hashes: ['ni:///sha-256;ffa491b16867e34a7791a8d5389d826afc24e63a121026b6a4004ace38631b4b?ver=CBV2.0'],
  },
  // tests/examples/epcisEventWithCURIEs.jsonld
  {
    file: 'epcisEventWithCURIEs.jsonld',
    context: ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2023-01-11T12:00:00+01:00',
        eventTimeZoneOffset: '+01:00',
        epcList: ['https://id.gs1.de/01/04012345999990/21/XYZ-1234'],
        action: 'OBSERVE',
        bizStep: 'receiving',
        disposition: 'in_progress',
        readPoint: { id: 'https://id.gs1.de/414/4012345000115' },
        bizTransactionList: [{ type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:4012345000009:ASN1099' }],
      },
    ],
    hashes: ['ni:///sha-256;65f196f1b17e2525de2b6f45f5d31d74fa3fdf1e689863484f8e9660cc36f69f?ver=CBV2.0'],
  },
  // tests/examples/epcisQueryDocHavingEventWithIgnoreFields.jsonld
  {
    file: 'epcisQueryDocHavingEventWithIgnoreFields.jsonld',
    context: [
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { example: 'https://ns.example.com/epcis/', 'repository-x': 'https://repository-x.example.com/' },
    ],
    ignoreFields: ['repository-x:hash', 'example:captureID'],
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2019-10-21T14:45:00Z',
        recordTime: '2023-06-02T07:03:16.073Z',
        eventTimeZoneOffset: '+01:00',
        eventID: 'ni:///sha-256;b3d481c5590757ab8361a6cb0e924820feb3b61eb568e7d7703f21a96f76f51d?ver=CBV2.0',
        epcList: ['https://id.gs1.org/00/040123451111111127'],
        action: 'OBSERVE',
        bizStep: 'inspecting',
        disposition: 'in_progress',
        readPoint: { id: 'https://id.gs1.org/414/4012345000245/254/1' },
        'repository-x:hash': 'ni:///sha-256;b3d481c5590757ab8361a6cb0e924820feb3b61eb568e7d7703f21a96f76f51d?ver=CBV2.0',
        'example:captureID': 'cc90bbe4-7f3a-4abd-b150-d4371c72a64f',
      },
      {
        type: 'ObjectEvent',
        eventTime: '2019-10-21T14:45:00Z',
        recordTime: '2023-06-02T07:03:16.073Z',
        eventTimeZoneOffset: '+01:00',
        eventID: 'ni:///sha-256;b3d481c5590757ab8361a6cb0e924820feb3b61eb568e7d7703f21a96f76f51d?ver=CBV2.0',
        epcList: ['https://id.gs1.org/00/040123451111111127'],
        action: 'OBSERVE',
        bizStep: 'inspecting',
        disposition: 'in_progress',
        readPoint: { id: 'https://id.gs1.org/414/4012345000245/254/1' },
      },
    ],
    hashes: [
      'ni:///sha-256;b3d481c5590757ab8361a6cb0e924820feb3b61eb568e7d7703f21a96f76f51d?ver=CBV2.0',
      'ni:///sha-256;b3d481c5590757ab8361a6cb0e924820feb3b61eb568e7d7703f21a96f76f51d?ver=CBV2.0',
    ],
  },
  // tests/examples/epcisQueryDocument.jsonld
  {
    file: 'epcisQueryDocument.jsonld',
    context: ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { example: 'http://ns.example.com/epcis/' }],
    events: [
      {
        eventID: 'ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0',
        type: 'ObjectEvent',
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        epcList: ['urn:epc:id:sgtin:0614141.107346.2017', 'urn:epc:id:sgtin:0614141.107346.2018'],
        eventTime: '2005-04-03T20:33:31.116000-06:00',
        eventTimeZoneOffset: '-06:00',
        readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234' },
        bizTransactionList: [{ type: 'po', bizTransaction: 'http://transaction.acme.com/po/12345678' }],
      },
      {
        eventID: 'ni:///sha-256;00e1e6eba3a7cc6125be4793a631f0af50f8322e0ab5f2c0bab994a11cec1d79?ver=CBV2.0',
        type: 'ObjectEvent',
        action: 'OBSERVE',
        bizStep: 'receiving',
        disposition: 'in_progress',
        epcList: ['urn:epc:id:sgtin:0614141.107346.2018'],
        eventTime: '2005-04-04T20:33:31.116-06:00',
        eventTimeZoneOffset: '-06:00',
        readPoint: { id: 'urn:epc:id:sgln:0012345.11111.400' },
        bizLocation: { id: 'urn:epc:id:sgln:0012345.11111.0' },
        bizTransactionList: [
          { type: 'po', bizTransaction: 'http://transaction.acme.com/po/12345678' },
          { type: 'desadv', bizTransaction: 'urn:epcglobal:cbv:bt:0614141073467:1152' },
        ],
        'example:myField': 'Example of a vendor/user extension',
      },
    ],
    hashes: [
      'ni:///sha-256;df6523665bc5e5803d6c7b84f5a04e103694d8220f2abc4f2c74310e89f31bc6?ver=CBV2.0',
      'ni:///sha-256;32547b2344d525ea60ab1b899d82a9011fd9c39bb26ed936e113066146f49941?ver=CBV2.0',
    ],
  },
  // tests/examples/ralfsChaosExample.jsonld
  {
    file: 'ralfsChaosExample.jsonld',
    context: [
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      {
        abc: 'https://ns.abc.de/epcis/',
        example: 'http://ns.example.com/epcis/',
        fgh: 'https://ns.fgh.co.uk/epcis/',
        schema: 'https://schema.org/',
        sdo: 'https://schema.org/',
      },
    ],
    events: [
      {
        type: 'ObjectEvent',
        action: 'OBSERVE',
        bizStep: 'receiving',
        disposition: 'in_progress',
        epcList: ['https://id.gs1.org/01/70614141123451/21/2018'],
        eventTime: '2005-04-04T20:33:31.116-06:00',
        eventTimeZoneOffset: '-06:00',
        readPoint: { id: 'urn:epc:id:sgln:0012345.11111.400' },
        bizLocation: { id: 'urn:epc:id:sgln:0012345.11111.0' },
        'fgh:a-date': '2023-10-09',
        'example:myField': 'Example of a vendor/user extension',
        'abc:a-integer': 2,
        'abc:z-integer': 1,
        'schema:award': 'Order of Standards',
        'schema:mpn': '4711',
        'sdo:nsn': '4712',
      },
    ],
    hashes: ['ni:///sha-256;962b81a19a5d2652b43016c17c1a85acfa667155c53523086d22a0b566e7ee04?ver=CBV2.0'],
  },
];

describe('eventHashId: published reference vectors, documents, extensions and ignored fields', () => {
  describePublishedExamples(EXAMPLES);
});
