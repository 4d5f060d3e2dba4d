import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { ConfigError, configSchema, type Config } from '../../config/config';
import type { TraceLedger } from '../trace-ledger';
import type { EventStreamNote } from './block-events';
import type { PeerEndpoint } from './connections';
import { GatewayLedger } from './gateway-ledger';

const FABRIC_KEYS = [
  'FABRIC_CHANNEL',
  'FABRIC_CHAINCODE',
  'FABRIC_PEERS',
  'FABRIC_PEER_ENDPOINT',
  'FABRIC_PEER_HOST_ALIAS',
  'FABRIC_TLS_ROOT_CERT',
  'FABRIC_WALLET_DIR',
  'FABRIC_ADMIN_IDENTITY',
  'FABRIC_REGULATOR_IDENTITY',
] as const;
const fabricSchema = configSchema.pick(Object.fromEntries(FABRIC_KEYS.map((k) => [k, true])) as Record<(typeof FABRIC_KEYS)[number], true>);
type FabricSettings = Partial<Pick<Config, (typeof FABRIC_KEYS)[number]>>;

/** Reads a gateway.env file: `KEY=VALUE` lines, `#` comments, values optionally quoted. */
export function readEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match?.[1] || match[2] === undefined) continue;
    out[match[1]] = match[2]
      .trim()
      .replace(/^'(.*)'$/, '$1')
      .replace(/^"(.*)"$/, '$1');
  }
  return out;
}

/** The Fabric settings: each variable set in the environment wins over the gateway settings file. */
export function fabricSettings(config: Config): FabricSettings {
  const file = path.resolve(config.FABRIC_GATEWAY_ENV);
  let fromFile: FabricSettings = {};
  if (fs.existsSync(file)) {
    const parsed = fabricSchema.safeParse(readEnvFile(file));
    if (!parsed.success)
      throw new ConfigError(`Invalid ${file}: ${parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ')}`);
    fromFile = parsed.data;
  }
  const fromEnv = Object.fromEntries(FABRIC_KEYS.filter((k) => config[k] !== undefined).map((k) => [k, config[k]]));
  return { ...fromFile, ...fromEnv };
}

function peersOf(s: FabricSettings): PeerEndpoint[] {
  if (s.FABRIC_PEERS) return s.FABRIC_PEERS.map((p) => ({ ...p }));
  if (!s.FABRIC_PEER_ENDPOINT) return [];
  return [
    {
      endpoint: s.FABRIC_PEER_ENDPOINT,
      ...(s.FABRIC_PEER_HOST_ALIAS ? { hostAlias: s.FABRIC_PEER_HOST_ALIAS } : {}),
      ...(s.FABRIC_TLS_ROOT_CERT ? { tlsRootCertPath: s.FABRIC_TLS_ROOT_CERT } : {}),
    },
  ];
}

function missingSettings(s: FabricSettings, peers: readonly PeerEndpoint[]): string[] {
  const missing: string[] = [];
  if (!s.FABRIC_CHANNEL) missing.push('FABRIC_CHANNEL');
  if (!s.FABRIC_CHAINCODE) missing.push('FABRIC_CHAINCODE');
  if (peers.length === 0) missing.push('FABRIC_PEERS or FABRIC_PEER_ENDPOINT');
  if (!s.FABRIC_WALLET_DIR) missing.push('FABRIC_WALLET_DIR');
  return missing;
}

function logEventStream(logger: Logger, note: EventStreamNote): void {
  if (note.state === 'resumed') logger.info(note, `Fabric block event stream delivering again from block ${note.blockNumber}`);
  else
    logger.warn(
      note,
      `Fabric block event stream broken (${note.message}); connecting again in ${note.delayMs} ms from block ${note.fromBlock} (failure ${note.failures} of ${note.attempts})`,
    );
}

/** Opens the Fabric gateway ledger from the environment and network/.generated/gateway.env; `logger` hears of each retried submit and of block event stream breaks. */
export async function openGatewayLedger(config: Config, logger?: Logger): Promise<TraceLedger> {
  const s = fabricSettings(config);
  const peers = peersOf(s);
  const missing = missingSettings(s, peers);
  if (missing.length > 0) {
    throw new ConfigError(
      `LEDGER=fabric needs ${missing.join(', ')}: set them, or start the development network (scripts/network.sh up) which writes ${config.FABRIC_GATEWAY_ENV}`,
    );
  }
  return GatewayLedger.open({
    channel: s.FABRIC_CHANNEL ?? '',
    chaincode: s.FABRIC_CHAINCODE ?? '',
    peers,
    walletDir: s.FABRIC_WALLET_DIR ?? '',
    adminIdentity: s.FABRIC_ADMIN_IDENTITY ?? 'admin',
    regulatorIdentity: s.FABRIC_REGULATOR_IDENTITY ?? 'regulator',
    submitAttempts: config.FABRIC_SUBMIT_ATTEMPTS,
    retryBaseMs: config.FABRIC_RETRY_BASE_MS,
    deadlines: { perEventMs: config.FABRIC_DEADLINE_PER_EVENT_MS },
    endorseEventsInFlight: config.FABRIC_ENDORSE_EVENTS_IN_FLIGHT,
    txLimits: { events: config.FABRIC_TX_MAX_EVENTS, bytes: config.FABRIC_TX_MAX_BYTES },
    ...(logger
      ? {
          onRetry: (retry) =>
            logger.warn(
              retry,
              `Fabric ${retry.fn}: ${retry.reason} on attempt ${retry.attempt} of ${retry.attempts}; retrying in ${retry.delayMs} ms`,
            ),
        }
      : {}),
    ...(logger ? { onEventStream: (note) => logEventStream(logger, note) } : {}),
  });
}
