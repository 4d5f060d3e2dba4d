/*
 * Published vectors of the reference generator (github.com/RalphTro/epcis-event-hash-generator):
 * every event of each named example document in its tests/examples/ (see PublishedExample).
 * This file: sensor data, certificationInfo and time rounding.
 */
import { describePublishedExamples, type PublishedExample } from '../helpers/event-hash-vectors';

const EXAMPLES: readonly PublishedExample[] = [
  // tests/examples/CertificationInfoAndSensorReportWithCRS.jsonld
  {
    file: 'CertificationInfoAndSensorReportWithCRS.jsonld',
    context: [
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { cbv: 'https://ref.gs1.org/cbv/' },
      { ext1: 'https://ns.ext.de/epcis/' },
    ],
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2023-01-11T12:00:00+01:00',
        eventTimeZoneOffset: '+01:00',
        certificationInfo: 'https://accreditation-council.example.org/certificate/ABC12345',
        epcList: ['https://id.gs1.de/01/04012345999990/21/XYZ-1234'],
        action: 'OBSERVE',
        bizStep: 'receiving',
        disposition: 'in_progress',
        readPoint: { id: 'https://id.gs1.de/414/4012345000115' },
        sensorElementList: [
          {
            sensorMetadata: {
              time: '2023-01-11T11:05:00Z',
              bizRules: 'https://id.example.com/253/4012345000054987',
              'ext1:someFurtherMetadata': 'metadataText',
            },
            sensorReport: [
              {
                type: 'Dimensionless',
                exception: 'ALARM_CONDITION',
                coordinateReferenceSystem: 'http://www.opengis.net/def/crs/EPSG/0/27700',
                'ext1:someFurtherReportData': 'reportText',
              },
            ],
          },
        ],
      },
    ],
    hashes: ['ni:///sha-256;765891c0478707141565408cefb87841b7531936188edd0ff0e63e91789b7c09?ver=CBV2.0'],
  },
  // tests/examples/ReferenceEventHashAlgorithm2.jsonld
  {
    file: 'ReferenceEventHashAlgorithm2.jsonld',
    context: ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { gs1: 'https://gs1.org/voc/' }],
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2020-04-01T15:00:00+01:00',
        eventTimeZoneOffset: '+01:00',
        epcList: ['urn:epc:id:sgtin:4012345.011111.9876'],
        action: 'OBSERVE',
        bizStep: 'inspecting',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00005.0' },
        sensorElementList: [
          {
            sensorMetadata: {
              deviceID: 'urn:epc:id:giai:4000001.111',
              deviceMetadata: 'https://id.gs1.org/8004/4000001111',
            },
            sensorReport: [
              { type: 'Temperature', value: 26, sDev: 0.1, uom: 'CEL' },
              { type: 'AbsoluteHumidity', value: 12.1, uom: 'A93' },
              {
                type: 'Dimensionless',
                microorganism: 'https://www.ncbi.nlm.nih.gov/taxonomy/1126011',
                value: 0.05,
                uom: 'C35',
              },
              {
                type: 'Dimensionless',
                chemicalSubstance: 'https://identifiers.org/inchikey:CZMRCDWAGMRECN-UGDNZRGBSA-N',
                value: 0.18,
                uom: 'C35',
              },
            ],
          },
        ],
      },
    ],
    hashes: ['ni:///sha-256;49b13037c36e84ad9307c531671b00e901318c3957e4b1151f816ec49eb668da?ver=CBV2.0'],
  },
  // tests/examples/TimeStampRoundOff.jsonld
  {
    file: 'TimeStampRoundOff.jsonld',
    context: ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2023-02-02T11:04:03.1415Z',
        eventTimeZoneOffset: '+01:00',
        epcList: ['https://id.gs1.de/00/040123451111111110'],
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        readPoint: { id: 'https://id.gs1.de/414/4012345000115' },
      },
      {
        type: 'ObjectEvent',
        eventTime: '2023-02-02T11:04:03.1414Z',
        eventTimeZoneOffset: '+01:00',
        epcList: ['https://id.gs1.de/00/040123451111111110'],
        action: 'OBSERVE',
        bizStep: 'transporting',
        readPoint: { id: 'geo:50.947573340894124,6.922120147375441' },
      },
      {
        type: 'ObjectEvent',
        eventTime: '2023-02-12T11:04:03.1415Z',
        eventTimeZoneOffset: '+01:00',
        certificationInfo: 'https://accreditation-council.example.org/certificate/ABC12345',
        epcList: ['https://id.gs1.de/01/04012345999990/21/XYZ-1234'],
        action: 'OBSERVE',
        bizStep: 'receiving',
        disposition: 'in_progress',
        readPoint: { id: 'https://id.gs1.de/414/4012345000115' },
        sensorElementList: [
          {
            sensorMetadata: {
              time: '2023-02-12T11:04:03.1007Z',
              bizRules: 'https://id.example.com/253/4012345000054987',
            },
            sensorReport: [
              {
                type: 'Dimensionless',
                exception: 'ALARM_CONDITION',
                coordinateReferenceSystem: 'http://www.opengis.net/def/crs/EPSG/0/27700',
              },
            ],
          },
        ],
      },
    ],
    hashes: [
      'ni:///sha-256;af7658e711574363633f20b3dadc7bc4c13c6f612cf96d95e03c421c0e58f3c6?ver=CBV2.0',
      'ni:///sha-256;0550df44527332c1fe417c5837fe61b9e71eaa93307b88519dac549bf2d4dcf9?ver=CBV2.0',
      'ni:///sha-256;589e6268daac257cff0a64ae0f525abcc3ff90bc7832171270fd9260e9c481c8?ver=CBV2.0',
    ],
  },
  // tests/examples/epcisDocWithSensorComponent.jsonld
  {
    file: 'epcisDocWithSensorComponent.jsonld',
    context: [
      'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
      { cbv: 'https://ref.gs1.org/cbv/' },
      { gs1: 'https://gs1.org/voc/' },
    ],
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2022-04-07T10:00:00.000Z',
        eventTimeZoneOffset: '+01:00',
        epcList: ['https://id.example.com/8003/040123450007718765'],
        action: 'OBSERVE',
        bizStep: 'sensor_reporting',
        readPoint: { id: 'https://id.example.com/414/4012345000054' },
        sensorElementList: [
          {
            sensorReport: [
              {
                type: 'gs1:Angle',
                value: 42.698334,
                component: 'cbv:Comp-latitude',
                uom: 'DD',
                coordinateReferenceSystem: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84',
              },
              {
                type: 'gs1:Angle',
                value: 23.319941,
                component: 'cbv:Comp-longitude',
                uom: 'DD',
                coordinateReferenceSystem: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84',
              },
            ],
          },
        ],
      },
    ],
    hashes: ['ni:///sha-256;bb12b0e4a573819c15796579560efbe6bd5e337f5c8c5cdf81f983a39947f629?ver=CBV2.0'],
  },
  // tests/examples/epcisDocWithSensorDataObjectEvent.jsonld
  {
    file: 'epcisDocWithSensorDataObjectEvent.jsonld',
    context: ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { gs1: 'https://gs1.org/voc/' }],
    events: [
      {
        type: 'ObjectEvent',
        eventTime: '2022-02-16T15:00:00.000+01:00',
        eventTimeZoneOffset: '+01:00',
        epcList: ['urn:epc:id:sgtin:4012345.011111.9876'],
        action: 'OBSERVE',
        bizStep: 'inspecting',
        readPoint: { id: 'urn:epc:id:sgln:4012345.00005.0' },
        sensorElementList: [
          {
            sensorMetadata: {
              time: '2022-02-16T14:05:00.000+01:00',
              deviceID: 'urn:epc:id:giai:4000001.111',
              deviceMetadata: 'https://id.gs1.org/8004/4000001111',
              rawData: 'https://id.example.org/8004/401234599999',
            },
            sensorReport: [
              { type: 'Temperature', value: 26, uom: 'CEL' },
              { type: 'AbsoluteHumidity', value: 12.1, uom: 'A93' },
              { type: 'Speed', value: 160, uom: 'KMH' },
              { type: 'Illuminance', value: 800, uom: 'LUX' },
            ],
          },
          {
            sensorMetadata: {
              time: '2022-02-16T14:35:00.000+01:00',
              deviceID: 'urn:epc:id:giai:4000001.111',
              deviceMetadata: 'https://id.gs1.org/8004/4000001111',
              rawData: 'https://id.example.org/8004/401234599999',
            },
            sensorReport: [
              { type: 'Temperature', value: 26.1, uom: 'CEL' },
              { type: 'AbsoluteHumidity', value: 12.2, uom: 'A93' },
              { type: 'Speed', value: 161, uom: 'KMH' },
              { type: 'Illuminance', value: 801, uom: 'LUX' },
            ],
          },
          {
            sensorMetadata: {
              time: '2022-02-16T14:55:00.000+01:00',
              deviceID: 'urn:epc:id:giai:4000001.111',
              deviceMetadata: 'https://id.gs1.org/8004/4000001111',
              rawData: 'https://id.example.org/8004/401234599999',
            },
            sensorReport: [
              { type: 'Temperature', value: 26.2, uom: 'CEL' },
              { type: 'AbsoluteHumidity', value: 12.2, uom: 'A93' },
              { type: 'Speed', value: 162, uom: 'KMH' },
              { type: 'Illuminance', value: 802, uom: 'LUX' },
            ],
          },
        ],
      },
    ],
    hashes: ['ni:///sha-256;4afcdd3db3ff438fbe6c5a341ab8d1c405945f10d0c9a21b44d9ff45358b3801?ver=CBV2.0'],
  },
];

describe('eventHashId: published reference vectors, sensor elements', () => {
  describePublishedExamples(EXAMPLES);
});
