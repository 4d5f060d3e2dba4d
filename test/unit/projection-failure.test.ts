import { invalid } from '../../chaincode/src/core/errors';
import { isDataError, quarantineEntry } from '../../server/index/projection-failure';

const pgError = (code: string): Error => Object.assign(new Error(`postgres ${code}`), { code });

describe('which projection failures quarantine an event', () => {
  it.each(['22003', '22008', '22P05', '23505', '23502', '54000', '54001'])(
    'treats SQLSTATE %s (the data itself) as a data error',
    (code) => {
      expect(isDataError(pgError(code))).toBe(true);
    },
  );

  it.each(['08006', '08001', '40001', '40P01', '53300', '57P01', '42P01', 'XX000'])(
    'treats SQLSTATE %s as transient (retried, never quarantined)',
    (code) => {
      expect(isDataError(pgError(code))).toBe(false);
    },
  );

  it('treats a rule the event breaks and an unreadable payload as data errors, other errors as transient', () => {
    expect(isDataError(invalid('eventList[0].quantityList[0].quantity: must be below 1e+14'))).toBe(true);
    expect(isDataError(new SyntaxError('Unexpected token'))).toBe(true);
    expect(isDataError(new TypeError("Cannot read properties of undefined (reading 'map')"))).toBe(true);
    expect(isDataError(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(isDataError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
  });

  it('keeps a bounded summary with the eventIDs, the SQLSTATE and the message', () => {
    const payload = JSON.stringify({ events: [{ eventID: 'urn:uuid:1', event: { bizLocation: { id: 'x'.repeat(3000) } } }] });
    const entry = quarantineEntry(
      { blockNumber: 7, txIndex: 2, txId: 'ab'.repeat(32), txTime: '2026-12-02T00:00:00Z', name: 'EventsRecorded', payload },
      pgError('54000'),
    );
    expect(entry).toMatchObject({
      blockNumber: 7,
      txIndex: 2,
      eventName: 'EventsRecorded',
      eventIds: ['urn:uuid:1'],
      errorCode: '54000',
      payloadBytes: payload.length,
    });
    expect(entry.payloadSummary.length).toBe(500);
  });
});
