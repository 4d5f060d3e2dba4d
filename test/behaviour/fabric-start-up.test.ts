import '../helpers/quiet-fabric';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../server/config/config';
import { DEMO_ENTERPRISE_IDS } from '../../server/demo/demo-identities';
import { TEA_GTIN, TEA_LOTS } from '../../server/demo/demo-data';
import { issueCertificate } from '../../server/cli/fabric/cert-issuer';
import { enrollWith, enrolmentOf } from '../../server/cli/fabric/enroll';
import { enterpriseIdentityName, Wallet } from '../../server/ledger/gateway/wallet';
import { start, type Started } from '../../server/start';
import { FakeGateway } from '../helpers/fake-gateway';
import { MemoryFabric } from '../helpers/memory-fabric';
import { testIdentity } from '../helpers/test-identities';

// `LEDGER=fabric npm start` with the defaults (SEED_DEMO=true, no ADMIN_API_KEY), through the
// start-up sequence of server/main.ts, against the wire-level Fabric Gateway double.

interface Said {
  readonly via: 'out' | 'log';
  readonly text: string;
  readonly level?: number;
}

describe('LEDGER=fabric start-up (fake gateway)', () => {
  let fake: FakeGateway;
  let root: string;
  let wallet: Wallet;
  let dataDir: string;
  let env: Record<string, string>;
  const caDir = (): string => path.join(root, 'network', 'crypto', 'peerOrganizations', 'enterprise.suyuan.test', 'ca');

  beforeAll(async () => {
    fake = await FakeGateway.start(new MemoryFabric());
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'suyuan-fabric-start-'));
    wallet = new Wallet(path.join(root, 'network', 'wallet'));
    wallet.put('admin', await testIdentity('Admin@enterprise', 'EnterpriseMSP', 'admin'));
    wallet.put('regulator', await testIdentity('User1@regulator', 'RegulatorMSP'));
    dataDir = path.join(root, 'data');
    env = {
      LEDGER: 'fabric',
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // No gateway.env file: the settings come from the environment; its folder is where the development CA would be.
      FABRIC_GATEWAY_ENV: path.join(root, 'network', 'gateway.env'),
      FABRIC_CHANNEL: 'trace',
      FABRIC_CHAINCODE: 'suyuan',
      FABRIC_PEERS: JSON.stringify([{ endpoint: fake.endpoint, mspId: 'EnterpriseMSP' }]),
      FABRIC_WALLET_DIR: wallet.dir,
      FABRIC_ADMIN_IDENTITY: 'admin',
      FABRIC_REGULATOR_IDENTITY: 'regulator',
    };
  });

  afterAll(async () => {
    await fake.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** Starts the service as `npm start` does; answers what it said, stdout and log lines in order. */
  async function startUp(overrides: Record<string, string> = {}): Promise<{ said: Said[]; started?: Started; error?: Error }> {
    const said: Said[] = [];
    const logger = pino(
      { level: 'info' },
      {
        write: (line: string) =>
          void said.push({
            via: 'log',
            ...(JSON.parse(line) as { msg: string; level: number }),
            text: (JSON.parse(line) as { msg: string }).msg,
          }),
      },
    );
    try {
      const started = await start(loadConfig({ ...env, ...overrides }), logger, { out: (text) => void said.push({ via: 'out', text }) });
      return { said, started };
    } catch (err) {
      return { said, error: err as Error };
    }
  }

  const indexOf = (said: readonly Said[], pattern: RegExp): number => said.findIndex((s) => pattern.test(s.text));

  let firstKey = '';

  it('first start: prints the admin key before the seed, skips a seed that cannot run (one warning saying why and how), and serves', async () => {
    const { said, started, error } = await startUp();
    expect(error).toBeUndefined();
    const key = indexOf(said, /^Admin API key \(shown once, keep it safe\): sy_/);
    const skipped = indexOf(said, /^demo data not seeded: LEDGER=fabric/);
    expect(key).toBeGreaterThanOrEqual(0);
    expect(skipped).toBeGreaterThan(key);
    expect(said[key]?.via).toBe('out');
    // Printed as soon as it is stored, before the ledger has opened (the last test: even when it cannot open).
    expect(key).toBeLessThan(indexOf(said, /^Suyuan is listening/));
    const warning = said.filter((s) => s.via === 'log' && /demo data not seeded/.test(s.text));
    expect(warning).toHaveLength(1);
    expect(warning[0]?.level).toBe(40);
    expect(warning[0]?.text).toContain(`${DEMO_ENTERPRISE_IDS.join(', ')} have no Fabric identity`);
    expect(warning[0]?.text).toContain(`no CA to issue identities at ${caDir()}`);
    expect(warning[0]?.text).toContain(`npm run cli -- fabric enroll ${DEMO_ENTERPRISE_IDS.join(' ')}`);
    expect(warning[0]?.text).toContain('SEED_DEMO=true');
    expect(warning[0]?.text).toContain('SEED_DEMO=false');
    const banner = said.at(-1)?.text ?? '';
    expect(banner).toMatch(/^Suyuan is serving on http:\/\/localhost:\d+ {2}\(ledger: fabric, index: pglite\)/);
    expect(banner).toContain('Demo: not seeded');

    firstKey = /sy_\S+/.exec(said[key]?.text ?? '')?.[0] ?? '';
    const res = await fetch(`${started?.base ?? ''}/admin/keys`, { headers: { Authorization: `Bearer ${firstKey}` } });
    expect(res.status).toBe(200);
    await started?.close();
  });

  it('second start on the same DATA_DIR: says an admin key exists already, where it came from and how to make one', async () => {
    const { said, started, error } = await startUp();
    expect(error).toBeUndefined();
    expect(said.some((s) => s.text.includes(firstKey))).toBe(false);
    const exists = said.filter((s) => /^Admin API key: one exists already/.test(s.text));
    expect(exists).toHaveLength(1);
    expect(exists[0]?.via).toBe('out');
    expect(exists[0]?.text).toMatch(
      /"initial admin" \(id admin-initial, made and printed by the first start on this data, \d{4}-\d\d-\d\dT/,
    );
    expect(exists[0]?.text).toContain('npm run cli -- admin create-key --role admin --name <name>');
    expect(indexOf(said, /^Admin API key: one exists/)).toBeLessThan(indexOf(said, /^demo data not seeded/));
    await started?.close();
  });

  it('a seed that fails under Fabric (an unreadable CA) is logged and the service still starts', async () => {
    fs.mkdirSync(caDir(), { recursive: true });
    fs.writeFileSync(path.join(caDir(), 'ca.enterprise.suyuan.test-cert.pem'), 'not a certificate');
    fs.writeFileSync(path.join(caDir(), 'priv_sk'), 'not a key');
    const { said, started, error } = await startUp();
    expect(error).toBeUndefined();
    expect(
      said.filter(
        (s) => s.via === 'log' && /^demo data not seeded: cannot enrol demo-anxi-tea-farm with the CA at .*serving without it/.test(s.text),
      ),
    ).toHaveLength(1);
    expect(said.at(-1)?.text).toContain('Demo: not seeded');
    expect((await fetch(`${started?.base ?? ''}/healthz`)).status).toBe(200);
    await started?.close();
  });

  it('with the development CA beside gateway.env: the seed enrols the demo enterprises and seeds the demo', async () => {
    const ca = await issueCertificate({ subject: { C: 'CN', O: 'enterprise.suyuan.test', CN: 'ca.enterprise.suyuan.test' }, ca: true });
    fs.writeFileSync(path.join(caDir(), 'ca.enterprise.suyuan.test-cert.pem'), ca.certPem);
    fs.writeFileSync(path.join(caDir(), 'priv_sk'), ca.keyPem);
    const { said, started, error } = await startUp();
    expect(error).toBeUndefined();
    expect(
      indexOf(said, /^enrolled Fabric identities for the demo enterprises demo-anxi-tea-farm, demo-xiamen-tea, demo-shanghai-market/),
    ).toBeGreaterThan(indexOf(said, /^Admin API key: one exists already/));
    for (const id of DEMO_ENTERPRISE_IDS) expect(wallet.get(enterpriseIdentityName(id))?.mspId).toBe('EnterpriseMSP');
    const banner = said.at(-1)?.text ?? '';
    expect(banner).toContain(`/01/${TEA_GTIN}/10/${TEA_LOTS.recalled}`);
    const page = await fetch(`${started?.base ?? ''}/01/${TEA_GTIN}/10/${TEA_LOTS.recalled}`, { headers: { Accept: 'application/json' } });
    expect(page.status).toBe(200);
    await started?.close();
  });

  it('fabric enroll (enrollWith) keeps an identity that exists unless asked to replace it', async () => {
    const enrolment = enrolmentOf(loadConfig(env));
    expect(enrolment.unavailable).toBeUndefined();
    const bound = wallet.get(enterpriseIdentityName(DEMO_ENTERPRISE_IDS[0] ?? ''));
    expect(await enrollWith(enrolment, DEMO_ENTERPRISE_IDS[0] ?? '')).toEqual({ identity: bound, created: false });
    const fresh = await enrollWith(enrolment, 'new-farm');
    expect(fresh.created).toBe(true);
    const replaced = await enrollWith(enrolment, 'new-farm', { replace: true });
    expect(replaced.created).toBe(true);
    expect(replaced.identity.certPem).not.toBe(fresh.identity.certPem);
    expect(enrolmentOf(loadConfig({ ...env, FABRIC_GATEWAY_ENV: path.join(root, 'elsewhere', 'gateway.env') })).unavailable).toMatch(
      /^no CA to issue identities at .*elsewhere.*enterprise%3A<id>\//,
    );
  });

  it('a ledger that cannot open fails the start only after the new admin key is printed', async () => {
    const { said, error } = await startUp({
      DATA_DIR: path.join(root, 'data-2'),
      FABRIC_CHANNEL: '',
      FABRIC_CHAINCODE: '',
      FABRIC_PEERS: '',
      FABRIC_WALLET_DIR: '',
    });
    expect(error?.message).toMatch(/LEDGER=fabric needs FABRIC_CHANNEL/);
    expect(indexOf(said, /^Admin API key \(shown once, keep it safe\): sy_/)).toBeGreaterThanOrEqual(0);
    const again = await startUp({
      DATA_DIR: path.join(root, 'data-2'),
      FABRIC_CHANNEL: '',
      FABRIC_CHAINCODE: '',
      FABRIC_PEERS: '',
      FABRIC_WALLET_DIR: '',
    });
    expect(again.error?.message).toMatch(/LEDGER=fabric needs/);
    expect(indexOf(again.said, /^Admin API key: one exists already/)).toBeGreaterThanOrEqual(0);
  });
});
