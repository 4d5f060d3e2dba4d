import '../helpers/quiet-fabric';
import { EVALUATE_FUNCTIONS, SUBMIT_FUNCTIONS } from '../../chaincode/src/core/transactions';
import { splitEventPayload } from '../../chaincode/src/fabric-state';
import { ContractLedger } from '../helpers/contract-ledger';
import { ContractHarness, MemoryWorld } from '../helpers/memory-stub';
import { testIdentity } from '../helpers/test-identities';
import { traceLedgerBehaviour } from './trace-ledger.behaviour';

traceLedgerBehaviour('decorated contract (fabric-shim router, in-memory stub)', async () => {
  const ledger = await ContractLedger.open();
  return { ledger, enroll: (id) => Promise.resolve(ledger.enroll(id)), close: () => ledger.close() };
});

describe('TraceContract through fabric-shim', () => {
  const harness = new ContractHarness();
  let admin = { mspId: '', id: '' };
  let creator = { mspId: '', certPem: '' };
  beforeAll(async () => {
    const identity = await testIdentity('Admin@enterprise', 'EnterpriseMSP', 'admin');
    admin = { mspId: identity.mspId, id: identity.id };
    creator = { mspId: identity.mspId, certPem: identity.certPem };
  });

  it('exposes every SUBMIT function as a submit and every EVALUATE function as an evaluate transaction', () => {
    const tags = new Map(harness.transactions.map((t) => [t.name, t.tag ?? []]));
    for (const name of Object.keys(SUBMIT_FUNCTIONS)) expect([name, tags.get(name)]).toEqual([name, expect.arrayContaining(['SUBMIT'])]);
    for (const name of Object.keys(EVALUATE_FUNCTIONS))
      expect([name, tags.get(name)]).toEqual([name, expect.arrayContaining(['EVALUATE'])]);
    expect(harness.transactions.length).toBe(Object.keys(SUBMIT_FUNCTIONS).length + Object.keys(EVALUATE_FUNCTIONS).length);
  });

  it('takes authorship from the client identity, time from the proposal, and never shows a transaction its own writes', async () => {
    const world = new MemoryWorld();
    const timestamp = new Date('2026-05-01T08:00:00.123Z');
    const boot = await harness.run(world, {
      txId: 'tx1',
      timestamp,
      args: ['Bootstrap', JSON.stringify({ name: 'op', mspId: 'EvilMSP', id: 'x509::forged' })],
      creator,
    });
    expect(boot.response.status).toBe(200);
    expect(JSON.parse(boot.response.payload.toString())).toMatchObject({ mspId: 'EnterpriseMSP', id: admin.id, role: 'admin' });
    expect(admin.id).toMatch(/^x509::\/C=CN\/O=EnterpriseMSP\.test\/OU=admin\/CN=Admin@enterprise::\/C=CN/);
    expect(boot.stub.event?.name).toBe('IdentityRegistered');
    expect(splitEventPayload(boot.stub.event?.payload.toString() ?? '').txTime).toBe('2026-05-01T08:00:00.123Z');
    // Uncommitted: a second Bootstrap still sees an empty ledger, as on a peer.
    const again = await harness.run(world, { txId: 'tx2', timestamp, args: ['Bootstrap', '{"name":"op"}'], creator });
    expect(again.response.status).toBe(200);
    world.apply(boot.stub.writes, '1:0');
    const third = await harness.run(world, { txId: 'tx3', timestamp, args: ['Bootstrap', '{"name":"op"}'], creator });
    expect(third.response).toMatchObject({
      status: 500,
      message: JSON.stringify({ code: 'CONFLICT', detail: 'the ledger is already bootstrapped' }),
    });
  });

  it('refuses an unregistered identity with the rule message', async () => {
    const stranger = await testIdentity('stranger');
    const r = await harness.run(new MemoryWorld(), {
      txId: 't',
      timestamp: new Date(),
      args: ['WhoAmI', '{}'],
      creator: { mspId: stranger.mspId, certPem: stranger.certPem },
    });
    expect(r.response.status).toBe(500);
    expect(JSON.parse(r.response.message)).toEqual({
      code: 'FORBIDDEN',
      detail: `identity EnterpriseMSP/${stranger.id} is not registered on this ledger`,
    });
  });
});
