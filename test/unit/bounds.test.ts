import { checkEventBounds, decimalsOf, eventBoundIssues, HARD_LIMITS, quantityIssue, timeIssue } from '../../chaincode/src/core/bounds';
import { RuleError } from '../../chaincode/src/core/errors';
import { eventFacts } from '../../chaincode/src/core/event-facts';

const event = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'ObjectEvent',
  action: 'OBSERVE',
  eventTime: '2026-05-01T08:00:00+08:00',
  eventTimeZoneOffset: '+08:00',
  epcList: ['urn:x-test:item:1'],
  ...extra,
});
const uri = (bytes: number): string => `urn:x-test:${'a'.repeat(bytes - 'urn:x-test:'.length)}`;

describe('chaincode storage bounds', () => {
  it.each([
    [0, undefined],
    [99999999999999, undefined],
    [1.123456, undefined],
    [0.000001, undefined],
    [1e14, 'below'],
    [1.1234567, 'decimals'],
    [1e-7, 'decimals'],
    [-1, 'negative'],
    [Infinity, 'finite'],
    ['3', 'finite'],
  ])('judges quantity %p', (q, problem) => {
    const issue = quantityIssue(q);
    if (problem === undefined) expect(issue).toBeUndefined();
    else expect(issue).toContain(problem);
  });

  it('counts decimals of the shortest decimal form, exponents included', () => {
    expect([decimalsOf(1), decimalsOf(1.5), decimalsOf(1.5e-7), decimalsOf(123e-6)]).toEqual([0, 1, 8, 6]);
  });

  it.each([
    ['1970-01-01T00:00:00Z', true],
    ['9999-12-31T23:59:59.999Z', true],
    ['1970-01-01T08:00:00+08:00', true],
    ['2024-02-29T00:00:00Z', true],
    ['1969-12-31T23:59:59.999Z', false],
    ['0000-01-01T00:00:00Z', false],
    ['9999-12-31T23:59:59-01:00', false],
    ['2026-02-30T00:00:00Z', false],
    ['2026-05-01', false],
    ['2026-05-01T24:00:00Z', false],
    [12, false],
  ])('judges time %p (storable: %p)', (t, ok) => {
    expect(timeIssue(t) === undefined).toBe(ok);
  });

  it('accepts identifiers of exactly the limit and names the one past it', () => {
    expect(eventBoundIssues(event({ bizLocation: { id: uri(HARD_LIMITS.identifierBytes) } }))).toEqual([]);
    expect(eventBoundIssues(event({ bizLocation: { id: uri(HARD_LIMITS.identifierBytes + 1) } }))).toEqual([
      { path: 'bizLocation.id', message: expect.stringContaining('601 bytes') },
    ]);
    expect(eventBoundIssues(event({ destinationList: [{ type: 'owning_party', destination: uri(700) }] }))[0]?.path).toBe(
      'destinationList[0].destination',
    );
    expect(eventBoundIssues(event({ epcList: ['urn:x-test:1', uri(601)] }))[0]?.path).toBe('epcList[1]');
  });

  it('counts identifier length in UTF-8 bytes', () => {
    const wide = `urn:x-test:${'汉'.repeat(200)}`;
    expect(eventBoundIssues(event({ readPoint: { id: wide } }))[0]?.path).toBe('readPoint.id');
  });

  it('bounds every other string and key, the whole event, NUL and nesting', () => {
    expect(eventBoundIssues(event({ ilmd: { note: 'x'.repeat(HARD_LIMITS.stringBytes) } }))).toEqual([]);
    expect(eventBoundIssues(event({ ilmd: { note: 'x'.repeat(HARD_LIMITS.stringBytes + 1) } }))[0]?.path).toBe('ilmd.note');
    expect(eventBoundIssues(event({ ilmd: { a: 'x\u0000' } }))[0]?.path).toBe('ilmd.a');
    expect(eventBoundIssues(event({ ilmd: { list: Array.from({ length: 20 }, () => 'y'.repeat(60000)) } }))[0]?.message).toContain(
      'bytes as JSON',
    );
    let deep: unknown = 'x';
    for (let i = 0; i < 600; i++) deep = [deep];
    expect(eventBoundIssues(event({ ilmd: { deep } }))[0]?.message).toContain('nests deeper');
  });

  it('makes eventFacts refuse an out-of-bounds event with INVALID naming the field', () => {
    expect(() => eventFacts(event({ quantityList: [{ epcClass: 'urn:x-test:class', quantity: 1e15 }] }), 'eventList[2]')).toThrow(
      RuleError,
    );
    expect(() => checkEventBounds(event({ quantityList: [{ epcClass: 'urn:x-test:class', quantity: 1e15 }] }), 'eventList[2]')).toThrow(
      /eventList\[2\]\.quantityList\[0\]\.quantity: must be below/,
    );
    expect(() => checkEventBounds(event({ eventTime: '0000-01-01T00:00:00Z' }))).toThrow(/event\.eventTime: must lie between/);
    const thrown = ((): unknown => {
      try {
        checkEventBounds(event({ bizStep: uri(3000) }));
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(RuleError);
    expect((thrown as RuleError).code).toBe('INVALID');
  });
});
