import {
  canonicalIdentifier,
  gs1CheckDigit,
  hasValidCheckDigit,
  IdentifierError,
  lotClassOf,
  ownedByPrefix,
  parseIdentifier,
  productOf,
} from '../../chaincode/src/core/identifiers';

function errorOf(input: string): IdentifierError {
  try {
    parseIdentifier(input);
  } catch (error) {
    if (error instanceof IdentifierError) return error;
    throw error;
  }
  throw new Error(`expected ${input} to be rejected`);
}

describe('gs1CheckDigit', () => {
  it('weights digits 3,1,3,… from the rightmost data digit', () => {
    expect(gs1CheckDigit('1061414107346')).toBe(4);
    expect(gs1CheckDigit('061414107346')).toBe(7);
    expect(gs1CheckDigit('0950600013435')).toBe(2);
    expect(gs1CheckDigit('04012345111111111')).toBe(0);
  });

  it('handles a GTIN-8 and a GTIN-12 data run', () => {
    expect(gs1CheckDigit('9501101')).toBe(1);
    expect(gs1CheckDigit('01234567890')).toBe(5);
  });

  it('rejects input that is not all digits', () => {
    expect(() => gs1CheckDigit('12a4')).toThrow(IdentifierError);
    expect(() => gs1CheckDigit('')).toThrow(IdentifierError);
  });
});

describe('hasValidCheckDigit', () => {
  it('accepts keys whose last digit is the check digit', () => {
    expect(hasValidCheckDigit('10614141073464')).toBe(true);
    expect(hasValidCheckDigit('0614141073467')).toBe(true);
    expect(hasValidCheckDigit('040123451111111110')).toBe(true);
  });

  it('rejects a wrong check digit, non-digits and too-short input', () => {
    expect(hasValidCheckDigit('10614141073465')).toBe(false);
    expect(hasValidCheckDigit('1061414107346X')).toBe(false);
    expect(hasValidCheckDigit('4')).toBe(false);
  });
});

describe('parseIdentifier', () => {
  describe('GS1 Digital Link', () => {
    it('parses a serialised item on id.gs1.org', () => {
      expect(parseIdentifier('https://id.gs1.org/01/10614141073464/21/2017')).toEqual({
        canonical: 'https://id.gs1.org/01/10614141073464/21/2017',
        kind: 'sgtin',
        gtin: '10614141073464',
        serial: '2017',
      });
    });

    it('moves a link on any domain with a path prefix onto id.gs1.org', () => {
      expect(parseIdentifier('https://example.com/foo/01/09506000134352/10/ABC')).toEqual({
        canonical: 'https://id.gs1.org/01/09506000134352/10/ABC',
        kind: 'lgtin',
        gtin: '09506000134352',
        lot: 'ABC',
      });
    });

    it('accepts plain http and ignores the query string and fragment', () => {
      expect(canonicalIdentifier('http://brand.example/01/09506000134352?17=261231&linkType=gs1:pip#x')).toBe(
        'https://id.gs1.org/01/09506000134352',
      );
    });

    it('ignores a trailing slash', () => {
      expect(canonicalIdentifier('https://id.gs1.org/01/09506000134352/')).toBe('https://id.gs1.org/01/09506000134352');
    });

    it('normalises a GTIN-13 Digital Link to 14 digits', () => {
      expect(parseIdentifier('https://id.gs1.org/01/9506000134352').gtin).toBe('09506000134352');
    });

    it('normalises a GTIN-12 Digital Link to 14 digits', () => {
      expect(canonicalIdentifier('https://id.gs1.org/01/012345678905')).toBe('https://id.gs1.org/01/00012345678905');
    });

    it('normalises a GTIN-8 Digital Link to 14 digits', () => {
      expect(canonicalIdentifier('https://id.gs1.org/01/95011011')).toBe('https://id.gs1.org/01/00000095011011');
    });

    it('returns a bare GTIN as kind gtin', () => {
      expect(parseIdentifier('https://id.gs1.org/01/09506000134352')).toEqual({
        canonical: 'https://id.gs1.org/01/09506000134352',
        kind: 'gtin',
        gtin: '09506000134352',
      });
    });

    it('keeps lot and CPV in the fields but drops them from a serialised item id', () => {
      expect(parseIdentifier('https://example.com/01/09506000134352/22/2A/10/L1/21/S1')).toEqual({
        canonical: 'https://id.gs1.org/01/09506000134352/21/S1',
        kind: 'sgtin',
        gtin: '09506000134352',
        cpv: '2A',
        lot: 'L1',
        serial: 'S1',
      });
    });

    it('drops the CPV from a lot class id', () => {
      expect(canonicalIdentifier('https://id.gs1.org/01/09506000134352/22/2A/10/L1')).toBe('https://id.gs1.org/01/09506000134352/10/L1');
    });

    it('decodes percent-encoded values and re-encodes them the Digital Link way', () => {
      const parsed = parseIdentifier('https://id.gs1.org/01/09506000134352/21/A%2fB%21(C)');
      expect(parsed.serial).toBe('A/B!(C)');
      expect(parsed.canonical).toBe('https://id.gs1.org/01/09506000134352/21/A%2FB%21%28C%29');
    });

    it('leaves hyphen, dot and underscore unencoded', () => {
      expect(canonicalIdentifier('https://id.gs1.org/01/09506000134352/10/A-1.2_3')).toBe(
        'https://id.gs1.org/01/09506000134352/10/A-1.2_3',
      );
    });

    it('parses an SSCC', () => {
      expect(parseIdentifier('https://example.com/00/040123451111111110')).toEqual({
        canonical: 'https://id.gs1.org/00/040123451111111110',
        kind: 'sscc',
        sscc: '040123451111111110',
      });
    });

    it('parses a GLN with and without extension', () => {
      expect(parseIdentifier('https://example.com/414/0614141073467/254/1234')).toEqual({
        canonical: 'https://id.gs1.org/414/0614141073467/254/1234',
        kind: 'gln',
        gln: '0614141073467',
        glnExtension: '1234',
      });
      expect(parseIdentifier('https://id.gs1.org/414/4012345000016')).toEqual({
        canonical: 'https://id.gs1.org/414/4012345000016',
        kind: 'gln',
        gln: '4012345000016',
      });
    });

    it('rejects a GTIN with a wrong check digit, naming the right one', () => {
      expect(errorOf('https://id.gs1.org/01/10614141073465/21/2017').message).toBe('GTIN check digit should be 4');
    });

    it('rejects an SSCC or GLN with a wrong check digit', () => {
      expect(errorOf('https://id.gs1.org/00/040123451111111111').message).toBe('SSCC check digit should be 0');
      expect(errorOf('https://id.gs1.org/414/0614141073468').message).toBe('GLN check digit should be 7');
    });

    it('rejects keys of the wrong length or with non-digits', () => {
      expect(errorOf('https://id.gs1.org/01/123456789').message).toMatch(/GTIN must have 8, 12, 13 or 14 digits/);
      expect(errorOf('https://id.gs1.org/00/0401234511111111').message).toMatch(/SSCC must have 18 digits/);
      expect(errorOf('https://id.gs1.org/01/0950600013435X').message).toMatch(/only digits/);
    });

    it('rejects qualifiers out of the fixed order 22, 10, 21', () => {
      expect(errorOf('https://id.gs1.org/01/09506000134352/21/S1/10/L1').message).toMatch(/out of order/);
      expect(errorOf('https://id.gs1.org/01/09506000134352/10/L1/22/2A').message).toMatch(/out of order/);
    });

    it('rejects a repeated qualifier', () => {
      expect(errorOf('https://id.gs1.org/01/09506000134352/10/L1/10/L2').message).toMatch(/out of order/);
    });

    it('rejects an unknown qualifier after a recognised key', () => {
      expect(errorOf('https://id.gs1.org/01/09506000134352/99/x').message).toMatch(/AI 99 is not a key qualifier of AI 01/);
      expect(errorOf('https://id.gs1.org/00/040123451111111110/21/1').message).toMatch(/AI 21 is not a key qualifier of AI 00/);
    });

    it('rejects a qualifier without a value', () => {
      expect(errorOf('https://id.gs1.org/01/09506000134352/10').message).toBe('AI 10 has no value');
    });

    it('rejects a serial longer than 20 characters or outside the GS1 character set', () => {
      expect(errorOf('https://id.gs1.org/01/09506000134352/21/123456789012345678901').message).toMatch(/1 to 20 characters/);
      expect(errorOf('https://id.gs1.org/01/09506000134352/21/a%23b').message).toMatch(/outside the GS1 character set/);
    });

    it('rejects malformed percent-encoding', () => {
      expect(errorOf('https://id.gs1.org/01/09506000134352/21/%E0%A4%A').message).toMatch(/percent-encoding/);
    });
  });

  describe('EPC URNs', () => {
    it('converts an SGTIN URN to its Digital Link', () => {
      expect(parseIdentifier('urn:epc:id:sgtin:0614141.107346.2017')).toEqual({
        canonical: 'https://id.gs1.org/01/10614141073464/21/2017',
        kind: 'sgtin',
        gtin: '10614141073464',
        serial: '2017',
      });
    });

    it('decodes %-escapes in an SGTIN serial', () => {
      const parsed = parseIdentifier('urn:epc:id:sgtin:0614141.107346.A%2FB');
      expect(parsed.serial).toBe('A/B');
      expect(parsed.canonical).toBe('https://id.gs1.org/01/10614141073464/21/A%2FB');
    });

    it('keeps dots inside an SGTIN serial', () => {
      expect(parseIdentifier('urn:epc:id:sgtin:0614141.107346.1.2').serial).toBe('1.2');
    });

    it('converts an LGTIN class URN to a lot class Digital Link', () => {
      expect(parseIdentifier('urn:epc:class:lgtin:4012345.099988.2014-02-10')).toEqual({
        canonical: 'https://id.gs1.org/01/04012345999884/10/2014-02-10',
        kind: 'lgtin',
        gtin: '04012345999884',
        lot: '2014-02-10',
      });
    });

    it('converts an SSCC URN', () => {
      expect(parseIdentifier('urn:epc:id:sscc:4012345.0111111111')).toEqual({
        canonical: 'https://id.gs1.org/00/040123451111111110',
        kind: 'sscc',
        sscc: '040123451111111110',
      });
    });

    it('converts an SGLN URN with an extension', () => {
      expect(parseIdentifier('urn:epc:id:sgln:0614141.07346.1234')).toEqual({
        canonical: 'https://id.gs1.org/414/0614141073467/254/1234',
        kind: 'gln',
        gln: '0614141073467',
        glnExtension: '1234',
      });
    });

    it('treats SGLN extension "0" as no extension', () => {
      expect(parseIdentifier('urn:epc:id:sgln:4012345.00001.0')).toEqual({
        canonical: 'https://id.gs1.org/414/4012345000016',
        kind: 'gln',
        gln: '4012345000016',
      });
    });

    it('accepts an SGLN whose 12-digit company prefix leaves no location reference', () => {
      expect(canonicalIdentifier('urn:epc:id:sgln:952001234567..0')).toBe('https://id.gs1.org/414/9520012345674');
    });

    it('converts an SGTIN pattern for all serials to a bare GTIN', () => {
      expect(parseIdentifier('urn:epc:idpat:sgtin:4012345.066666.*')).toEqual({
        canonical: 'https://id.gs1.org/01/04012345666663',
        kind: 'gtin',
        gtin: '04012345666663',
      });
    });

    it('rejects an SGTIN whose company prefix and item reference do not total 13 digits', () => {
      expect(errorOf('urn:epc:id:sgtin:0614141.10734.2017').message).toMatch(/must total 13 digits/);
    });

    it('rejects an LGTIN, SSCC or SGLN with wrong digit counts', () => {
      expect(errorOf('urn:epc:class:lgtin:0614141.1073466.L1').message).toMatch(/must total 13 digits/);
      expect(errorOf('urn:epc:id:sscc:0614141.123456789').message).toMatch(/must total 17 digits/);
      expect(errorOf('urn:epc:id:sgln:0614141.0734.0').message).toMatch(/must total 12 digits/);
    });

    it('rejects a company prefix outside 6 to 12 digits', () => {
      expect(errorOf('urn:epc:id:sgtin:06141.10734612.1').message).toMatch(/company prefix must be 6 to 12 digits/);
    });

    it('rejects an SGTIN URN with missing fields', () => {
      expect(errorOf('urn:epc:id:sgtin:0614141.107346').message).toMatch(/3 dot-separated fields/);
    });
  });

  describe('URN and Digital Link equivalence', () => {
    it.each([
      ['urn:epc:id:sgtin:0614141.107346.2017', 'https://id.gs1.org/01/10614141073464/21/2017'],
      ['urn:epc:id:sgln:0614141.07346.1234', 'https://id.gs1.org/414/0614141073467/254/1234'],
      ['urn:epc:class:lgtin:4012345.011111.4444', 'https://example.org/01/04012345111118/10/4444'],
      ['urn:epc:id:sscc:4012345.0111111111', 'https://example.org/path/00/040123451111111110?x=1'],
    ])('gives %s and %s the same canonical id', (urn, link) => {
      expect(canonicalIdentifier(urn)).toBe(canonicalIdentifier(link));
    });

    it('gives an item the same id however its lot and CPV are written', () => {
      expect(canonicalIdentifier('https://a.example/01/10614141073464/10/L9/21/2017')).toBe(
        canonicalIdentifier('urn:epc:id:sgtin:0614141.107346.2017'),
      );
    });
  });

  describe('other URIs', () => {
    it.each([
      'urn:uuid:6f9619ff-8b86-d011-b42d-00cf4fc964ff',
      'https://example.com/x',
      'urn:epc:id:giai:4000001.111',
      'https://id.gs1.org/417/4000001987658',
      'http://transaction.acme.com/po/12345678',
      'urn:epcglobal:cbv:bt:5200001000008:4711',
      'https://example.com/2024/01/15/a-blog-post',
    ])('passes %s through unchanged as opaque', (uri) => {
      expect(parseIdentifier(uri)).toEqual({ canonical: uri, kind: 'opaque' });
    });
  });

  describe('unusable input', () => {
    it.each([
      ['', /empty/],
      ['urn:epc:id:sgtin:0614141.107346.20 17', /whitespace/],
      [' https://id.gs1.org/01/09506000134352', /whitespace/],
      ['09506000134352', /no scheme/],
      ['example.com/01/09506000134352', /no scheme/],
      ['urn:', /nothing after its scheme/],
      ['https://id.gs1.org/01/', /must name a GS1 key/],
      ['https://id.gs1.org/00', /must name a GS1 key/],
      ['https://id.gs1.org/', /must name a GS1 key/],
    ])('rejects %j', (input, message) => {
      expect(errorOf(input).message).toMatch(message);
    });

    it('throws an IdentifierError with code INVALID_IDENTIFIER', () => {
      const error = errorOf('https://id.gs1.org/01/10614141073465');
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe('INVALID_IDENTIFIER');
      expect(error.name).toBe('IdentifierError');
    });
  });
});

describe('lotClassOf', () => {
  it('gives the lot class of a serialised item that carries its lot', () => {
    expect(lotClassOf(parseIdentifier('https://id.gs1.org/01/09506000134352/10/L%2F1/21/S1'))).toBe(
      'https://id.gs1.org/01/09506000134352/10/L%2F1',
    );
  });

  it('gives the lot class of a lot', () => {
    expect(lotClassOf(parseIdentifier('urn:epc:class:lgtin:4012345.099988.2014-02-10'))).toBe(
      'https://id.gs1.org/01/04012345999884/10/2014-02-10',
    );
  });

  it('is undefined when no lot is known', () => {
    expect(lotClassOf(parseIdentifier('urn:epc:id:sgtin:0614141.107346.2017'))).toBeUndefined();
    expect(lotClassOf(parseIdentifier('urn:uuid:1'))).toBeUndefined();
  });
});

describe('productOf', () => {
  it('gives the bare GTIN of items and lots', () => {
    expect(productOf(parseIdentifier('urn:epc:id:sgtin:0614141.107346.2017'))).toBe('https://id.gs1.org/01/10614141073464');
    expect(productOf(parseIdentifier('https://id.gs1.org/01/9506000134352/10/A'))).toBe('https://id.gs1.org/01/09506000134352');
  });

  it('is undefined without a GTIN', () => {
    expect(productOf(parseIdentifier('urn:epc:id:sscc:4012345.0111111111'))).toBeUndefined();
    expect(productOf(parseIdentifier('urn:uuid:1'))).toBeUndefined();
  });
});

describe('ownedByPrefix', () => {
  it('matches a GTIN on digits 2 to 14', () => {
    const item = parseIdentifier('urn:epc:id:sgtin:0614141.107346.2017');
    expect(ownedByPrefix(item, '0614141')).toBe(true);
    expect(ownedByPrefix(item, '1061414')).toBe(false);
  });

  it('matches an SSCC on digits 2 to 18', () => {
    const pallet = parseIdentifier('https://id.gs1.org/00/040123451111111110');
    expect(ownedByPrefix(pallet, '4012345')).toBe(true);
    expect(ownedByPrefix(pallet, '0401234')).toBe(false);
  });

  it('matches a GLN from its first digit', () => {
    const place = parseIdentifier('urn:epc:id:sgln:0614141.07346.1234');
    expect(ownedByPrefix(place, '0614141')).toBe(true);
    expect(ownedByPrefix(place, '614141')).toBe(false);
  });

  it('never matches opaque identifiers or a non-numeric prefix', () => {
    expect(ownedByPrefix(parseIdentifier('urn:epc:id:giai:0614141.1'), '0614141')).toBe(false);
    expect(ownedByPrefix(parseIdentifier('urn:epc:id:sgtin:0614141.107346.2017'), '')).toBe(false);
    expect(ownedByPrefix(parseIdentifier('urn:epc:id:sgtin:0614141.107346.2017'), '06x')).toBe(false);
  });
});
