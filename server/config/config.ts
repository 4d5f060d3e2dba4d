import path from 'node:path';
import { z } from 'zod';
import { HARD_LIMITS } from '../../chaincode/src/core/bounds';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number({ error: 'a TCP port number (0-65535)' }).int().min(0).max(65535);
function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
const riskRulesSchema = z.object({
  version: z.string().min(1),
  lookbackDays: z.number().int().min(1),
  weights: z.record(z.string(), z.number().int().min(0)),
  thresholds: z.object({ grade1: z.number().int(), grade2: z.number().int().min(1) }).refine((t) => t.grade1 > t.grade2),
});
const fabricPeersSchema = z
  .array(
    z.object({
      endpoint: z.string().min(1),
      hostAlias: z.string().optional(),
      tlsRootCertPath: z.string().optional(),
      mspId: z.string().optional(),
    }),
  )
  .min(1);

/** Every environment variable Suyuan reads, with what it expects (printed when one is wrong). */
export const configSchema = z.object({
  PORT: port.default(3000).describe('HTTP port (0 picks a free port)'),
  HOST: z.string().min(1).default('0.0.0.0').describe('interface to listen on'),
  DATA_DIR: z
    .string()
    .min(1)
    .default('./data')
    .describe('folder for the embedded ledger, keys, the index seal key (`index-seal.key`) and PGlite'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// connection URL')
    .optional()
    .describe('Postgres for the index; unset = embedded PGlite under DATA_DIR'),
  LEDGER: z.enum(['embedded', 'fabric']).default('embedded').describe('ledger backend: embedded or fabric'),
  PUBLIC_BASE_URL: z.url({ error: 'an absolute http(s) URL' }).default('http://localhost:3000').describe('base URL encoded in QR codes'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
  ACCESS_LOG_SAMPLE: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0.01)
    .describe(
      'share of anonymous public reads (resolver, QR images, recall notices) written to the access log; answers of 400 and above always are',
    ),
  ADMIN_API_KEY: z.string().min(24, 'at least 24 characters').optional().describe('admin API key set at start-up'),
  SEED_DEMO: bool.default(true).describe('seed demo data on first start'),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 * 1024)
    .describe('largest request body accepted'),
  CAPTURE_MAX_EVENTS: z.coerce.number().int().min(1).max(100000).default(10000).describe('largest eventList accepted by POST /capture'),
  CAPTURE_RECONCILE_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(86_400_000)
    .default(600_000)
    .describe('how long a capture job whose commit status could not be read keeps looking for its transaction by id before failing'),
  CAPTURE_MAX_PENDING_EVENTS: z.coerce
    .number()
    .int()
    .min(1)
    .default(100000)
    .describe('events of accepted POST /capture documents still on their way to the ledger and index; past it, 503 with Retry-After'),
  JSON_MAX_DEPTH: z.coerce.number().int().min(8).max(512).default(64).describe('deepest JSON nesting accepted'),
  EPCIS_IDENTIFIER_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(64)
    .max(HARD_LIMITS.identifierBytes)
    .default(HARD_LIMITS.identifierBytes)
    .describe(
      `longest identifier or URI in an event (eventID, EPCs, locations, parties, vocabulary URIs), UTF-8 bytes; at most ${HARD_LIMITS.identifierBytes}, so four fit one index key`,
    ),
  EPCIS_STRING_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(HARD_LIMITS.identifierBytes)
    .max(HARD_LIMITS.stringBytes)
    .default(8192)
    .describe(`longest other string or key in an event, UTF-8 bytes; at most ${HARD_LIMITS.stringBytes}`),
  EPCIS_EVENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(HARD_LIMITS.eventBytes)
    .default(131072)
    .describe(`largest event as JSON, UTF-8 bytes; at most ${HARD_LIMITS.eventBytes}`),
  INDEX_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600000)
    .default(30000)
    .describe('how long a write waits for the index before answering 202 with indexed: false'),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120000).describe('server request timeout'),
  PUBLIC_CACHE_ENTRIES: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(2000)
    .describe('resolver answers kept in memory until the index moves (0 = off)'),
  WEB_SESSION_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(480)
    .describe('how long a browser sign-in to the regulator pages lasts'),
  SIGN_IN_MAX_FAILURES: z.coerce
    .number()
    .int()
    .min(0)
    .max(10000)
    .default(10)
    .describe(
      'failed browser sign-ins allowed per client address and per key prefix in 15 minutes; past it, 429 with Retry-After (0 = no limit)',
    ),
  PUBLIC_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(0).default(600).describe('requests per minute per IP on public routes (0 = off)'),
  INCIDENT_TIME_ZONE: z.string().default('Asia/Shanghai').describe('time zone for incident report deadlines'),
  INCIDENT_WORKING_DAYS: z.coerce.number().int().min(0).max(30).default(2).describe('working days allowed to report an incident'),
  INCIDENT_HOLIDAYS: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2})?(,\d{4}-\d{2}-\d{2})*$/, 'comma-separated YYYY-MM-DD dates')
    .default('')
    .describe('public holidays excluded from the incident clock'),
  INDEX_ANALYZE_AFTER_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(32 * 1024 * 1024)
    .describe(
      'ledger payload bytes indexed before the index refreshes its planner statistics (ANALYZE); again each time the total doubles',
    ),
  INDEX_SEAL: bool
    .default(true)
    .describe(
      'keep the index seal with every index commit, so GET /ledger/verify checks the index with one scan instead of a rebuild (costs ingest throughput; false switches its triggers off)',
    ),
  RISK_RULES: z
    .string()
    .transform((text, ctx) => {
      const parsed = riskRulesSchema.safeParse(jsonOrUndefined(text));
      if (parsed.success) return parsed.data;
      ctx.addIssue({
        code: 'custom',
        message: 'JSON {"version","lookbackDays","weights":{kind:points},"thresholds":{"grade1","grade2"}} with grade1 > grade2 >= 1',
      });
      return z.NEVER;
    })
    .optional()
    .describe('risk grading rules as JSON {version, lookbackDays, weights, thresholds}; unset = the built-in rules in docs/supervision.md'),
  INSPECTION_SEED_DELAY_BLOCKS: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(1)
    .describe('an inspection draw takes its seed from the hash of the block this many blocks after its plan'),
  LEDGER_MAX_BLOCK_TXS: z.coerce.number().int().min(1).default(64).describe('embedded ledger: most transactions per block'),
  FABRIC_GATEWAY_ENV: z
    .string()
    .default('network/.generated/gateway.env')
    .describe('Fabric: gateway settings file written by scripts/network.sh'),
  FABRIC_CHANNEL: z.string().min(1).optional().describe('Fabric: channel name (else from the gateway settings file)'),
  FABRIC_CHAINCODE: z.string().min(1).optional().describe('Fabric: chaincode name (else from the gateway settings file)'),
  FABRIC_PEERS: z
    .string()
    .transform((text, ctx) => {
      const parsed = fabricPeersSchema.safeParse(jsonOrUndefined(text));
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: 'custom', message: 'a JSON array of {"endpoint","hostAlias"?,"tlsRootCertPath"?,"mspId"?}' });
      return z.NEVER;
    })
    .optional()
    .describe('Fabric: gateway peers as JSON, [{"endpoint","hostAlias","tlsRootCertPath","mspId"}]; identities use their own MSP\'s peer'),
  FABRIC_PEER_ENDPOINT: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'host:port')
    .optional()
    .describe('Fabric: the gateway peer when FABRIC_PEERS is not set'),
  FABRIC_PEER_HOST_ALIAS: z.string().min(1).optional().describe('Fabric: TLS server name of FABRIC_PEER_ENDPOINT'),
  FABRIC_TLS_ROOT_CERT: z
    .string()
    .min(1)
    .optional()
    .describe('Fabric: TLS CA certificate (PEM file) of FABRIC_PEER_ENDPOINT; unset = plaintext'),
  FABRIC_WALLET_DIR: z.string().min(1).optional().describe('Fabric: wallet folder, one <identity>/{cert.pem,key.pem,mspId} per identity'),
  FABRIC_ADMIN_IDENTITY: z.string().min(1).optional().describe('Fabric: wallet identity of the operator (default admin)'),
  FABRIC_REGULATOR_IDENTITY: z.string().min(1).optional().describe('Fabric: wallet identity of the regulator (default regulator)'),
  FABRIC_SUBMIT_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(10)
    .default(5)
    .describe(
      'Fabric: attempts per submit, each with a fresh endorsement, on endorsement mismatch, UNAVAILABLE or MVCC read conflict (rule failures are never retried)',
    ),
  FABRIC_RETRY_BASE_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(10000)
    .default(200)
    .describe('Fabric: base of the jittered exponential backoff between submit attempts'),
  FABRIC_DEADLINE_PER_EVENT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(10000)
    .default(50)
    .describe('Fabric: added per event of a batch to the endorse (15 s), submit (5 s) and commit-status (60 s) deadlines'),
  FABRIC_ENDORSE_EVENTS_IN_FLIGHT: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(2000)
    .describe(
      'Fabric: events of RecordEvents proposals endorsed at once; further submits wait their turn before their endorse deadline starts',
    ),
  FABRIC_TX_MAX_EVENTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(100000)
    .default(1000)
    .describe(
      'Fabric: most events in one RecordEvents transaction; a larger proceed document is recorded in several transactions under one job, a larger rollback document is refused with 413',
    ),
  FABRIC_TX_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(3 * 1024 * 1024)
    .describe(
      "Fabric: most bytes of events (JSON) in one RecordEvents transaction; a transaction carries them about three times (argument, write set, chaincode event) and the orderer's AbsoluteMaxBytes is 16 MB",
    ),
});

export type Config = Readonly<z.infer<typeof configSchema>> & { readonly dataDir: string };

/** Thrown when the environment does not parse; `message` lists every bad variable. */
export class ConfigError extends Error {}

/** Parses the environment once into a frozen config; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '?');
      const described = configSchema.shape[key as keyof typeof configSchema.shape]?.description ?? '';
      return `  ${key}=${JSON.stringify(env[key] ?? '')}: ${issue.message}${described ? ` (${described})` : ''}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze({ ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) });
}
