import '../helpers/quiet-fabric';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config/config';
import { ConflictError } from '../../server/http/errors';
import { enrollEnterprise, readCaFolder } from '../../server/cli/fabric/enroll';
import { GatewayLedger } from '../../server/ledger/gateway/gateway-ledger';
import { BLOCK_END, type Receipt, type Signer } from '../../server/ledger/trace-ledger';
import { fabricSettings, openGatewayLedger } from '../../server/ledger/gateway/open-gateway-ledger';
import { enterpriseIdentityName, Wallet } from '../../server/ledger/gateway/wallet';
import { FakeGateway } from '../helpers/fake-gateway';
import { MemoryFabric } from '../helpers/memory-fabric';
import { testIdentity } from '../helpers/test-identities';
import { traceLedgerBehaviour, type LedgerUnderTest } from './trace-ledger.behaviour';

function tempWallet(): Wallet {
  return new Wallet(fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-wallet-')));
}

async function fakeNetwork(): Promise<{ fake: FakeGateway; wallet: Wallet; ledger: GatewayLedger }> {
  const fake = await FakeGateway.start(new MemoryFabric());
  const wallet = tempWallet();
  wallet.put('admin', await testIdentity('Admin@enterprise', 'EnterpriseMSP', 'admin'));
  wallet.put('regulator', await testIdentity('User1@regulator', 'RegulatorMSP'));
  const ledger = await GatewayLedger.open({
    channel: 'trace',
    chaincode: 'suyuan',
    peers: [{ endpoint: fake.endpoint, mspId: 'EnterpriseMSP' }],
    walletDir: wallet.dir,
    adminIdentity: 'admin',
    regulatorIdentity: 'regulator',
  });
  return { fake, wallet, ledger };
}

traceLedgerBehaviour('GatewayLedger → fake Fabric Gateway (gRPC) → contract in-process', async (): Promise<LedgerUnderTest> => {
  const { fake, wallet, ledger } = await fakeNetwork();
  return {
    ledger,
    enroll: async (id) => wallet.put(enterpriseIdentityName(id), await testIdentity(enterpriseIdentityName(id))),
    close: async () => {
      await ledger.close();
      await fake.close();
      fs.rmSync(wallet.dir, { recursive: true, force: true });
    },
  };
});

describe('GatewayLedger specifics (fake gateway)', () => {
  let net: Awaited<ReturnType<typeof fakeNetwork>>;
  beforeAll(async () => {
    net = await fakeNetwork();
  });
  afterAll(async () => {
    await net.ledger.close();
    await net.fake.close();
  });

  it('refuses to register an enterprise without a wallet identity, saying how to enrol one', async () => {
    const err = await net.ledger
      .registerEnterprise({ kind: 'admin' }, { id: 'no-cert', name: 'x', companyPrefixes: ['9520001'] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toMatch(/no Fabric identity.*enterprise%3Ano-cert.*npm run cli -- fabric enroll no-cert/s);
  });

  it('reopens an already bootstrapped ledger without bootstrapping again', async () => {
    const again = await GatewayLedger.open({
      channel: 'trace',
      chaincode: 'suyuan',
      peers: [{ endpoint: net.fake.endpoint }],
      walletDir: net.wallet.dir,
      adminIdentity: 'admin',
      regulatorIdentity: 'regulator',
    });
    expect((await again.info()).channel).toBe('trace');
    await again.close();
  });

  it('moves its event checkpoint past blocks without its events, so the index reaches the chain head', async () => {
    const ledger = await GatewayLedger.open({
      channel: 'trace',
      chaincode: 'suyuan',
      peers: [{ endpoint: net.fake.endpoint }],
      walletDir: net.wallet.dir,
      adminIdentity: 'admin',
      regulatorIdentity: 'regulator',
    });
    net.wallet.put(enterpriseIdentityName('quiet-farm'), await testIdentity(enterpriseIdentityName('quiet-farm')));
    const registered = await ledger.registerEnterprise(
      { kind: 'admin' },
      { id: 'quiet-farm', name: 'Quiet farm', companyPrefixes: ['9520077'] },
    );
    // Valid transactions without a chaincode event (their blocks yield only a block end).
    const raw = ledger as unknown as { submitTx(s: Signer, fn: string, input: unknown): Promise<Receipt<unknown>> };
    const first = await raw.submitTx({ kind: 'admin' }, 'WhoAmI', {});
    const last = await raw.submitTx({ kind: 'admin' }, 'WhoAmI', {});
    expect(last.blockNumber).toBeGreaterThan(first.blockNumber);
    expect(first.blockNumber).toBeGreaterThan(registered.blockNumber);
    const seen: string[] = [];
    for await (const e of ledger.events({ blockNumber: registered.blockNumber, txIndex: 0 }, AbortSignal.timeout(5000))) {
      seen.push(`${e.name === BLOCK_END ? 'end' : e.txId}@${e.blockNumber}`);
      if (e.name === BLOCK_END && e.blockNumber === last.blockNumber) break;
    }
    // Every block gets its block end, those without events included.
    expect(seen).toEqual([
      `${registered.txId}@${registered.blockNumber}`,
      `end@${registered.blockNumber}`,
      `end@${first.blockNumber}`,
      `end@${last.blockNumber}`,
    ]);
    expect((await ledger.info()).height).toBe(last.blockNumber + 1);
    await ledger.close();
  });

  it('reads its settings from a gateway.env file, the environment winning', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-gwenv-'));
    const file = path.join(dir, 'gateway.env');
    fs.writeFileSync(
      file,
      `# test\nFABRIC_CHANNEL=trace\nFABRIC_CHAINCODE=suyuan\nFABRIC_PEERS='[{"endpoint":"${net.fake.endpoint}","mspId":"EnterpriseMSP"}]'\nFABRIC_WALLET_DIR=${net.wallet.dir}\nFABRIC_ADMIN_IDENTITY=nobody\nFABRIC_REGULATOR_IDENTITY=regulator\n`,
    );
    const config = loadConfig({ LEDGER: 'fabric', FABRIC_GATEWAY_ENV: file, FABRIC_ADMIN_IDENTITY: 'admin' });
    expect(fabricSettings(config)).toMatchObject({ FABRIC_ADMIN_IDENTITY: 'admin', FABRIC_PEERS: [{ endpoint: net.fake.endpoint }] });
    const ledger = await openGatewayLedger(config);
    expect(ledger.mode).toBe('fabric');
    await ledger.close();
    await expect(openGatewayLedger(loadConfig({ LEDGER: 'fabric', FABRIC_GATEWAY_ENV: path.join(dir, 'missing.env') }))).rejects.toThrow(
      /needs FABRIC_CHANNEL.*network\.sh up/,
    );
  });
});

// Against a real network brought up by scripts/network.sh + scripts/deploy-chaincode.sh.
const gatewayEnv = path.resolve(process.env.FABRIC_GATEWAY_ENV ?? 'network/.generated/gateway.env');
const realNetwork = Boolean(process.env.FABRIC_BIN_DIR) && fs.existsSync(gatewayEnv);

if (realNetwork) {
  console.info(`GatewayLedger behaviour suite: ran against the fake gateway AND the real Fabric network of ${gatewayEnv}`);
  traceLedgerBehaviour(`GatewayLedger → real Fabric network (${gatewayEnv})`, async (): Promise<LedgerUnderTest> => {
    const settings = fabricSettings(loadConfig({ LEDGER: 'fabric', FABRIC_GATEWAY_ENV: gatewayEnv }));
    const source = new Wallet(settings.FABRIC_WALLET_DIR ?? '');
    const wallet = tempWallet();
    for (const [name, from] of [
      ['admin', settings.FABRIC_ADMIN_IDENTITY ?? 'enterprise-admin'],
      ['regulator', settings.FABRIC_REGULATOR_IDENTITY ?? 'regulator-user1'],
    ] as const) {
      const identity = source.get(from);
      if (!identity) throw new Error(`wallet ${source.dir} has no ${from}`);
      wallet.put(name, identity);
    }
    const ca = readCaFolder(path.resolve(path.dirname(gatewayEnv), 'crypto/peerOrganizations/enterprise.suyuan.test/ca'));
    const ledger = await GatewayLedger.open({
      channel: settings.FABRIC_CHANNEL ?? 'trace',
      chaincode: settings.FABRIC_CHAINCODE ?? 'suyuan',
      peers: settings.FABRIC_PEERS ?? [],
      walletDir: wallet.dir,
      adminIdentity: 'admin',
      regulatorIdentity: 'regulator',
    });
    return {
      ledger,
      enroll: async (enterpriseId) => void (await enrollEnterprise({ ca, mspId: 'EnterpriseMSP', wallet, enterpriseId })),
      close: async () => {
        await ledger.close();
        fs.rmSync(wallet.dir, { recursive: true, force: true });
      },
    };
  });
} else {
  describe('GatewayLedger → real Fabric network', () => {
    it.skip(`skipped: set FABRIC_BIN_DIR and run scripts/network.sh up && scripts/deploy-chaincode.sh (needs ${gatewayEnv})`, () =>
      undefined);
  });
  console.info(
    `GatewayLedger behaviour suite: real Fabric network skipped (FABRIC_BIN_DIR ${process.env.FABRIC_BIN_DIR ? 'set' : 'unset'}, ${gatewayEnv} ${fs.existsSync(gatewayEnv) ? 'present' : 'absent'}); ran against the fake gateway only`,
  );
}
