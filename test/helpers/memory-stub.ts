import './quiet-fabric';
import { JSONSerializer } from 'fabric-contract-api';
import { ChaincodeStub } from 'fabric-shim';
import { contracts } from '../../chaincode/src';

/** Committed world state of the in-memory peer: value and version (`block:tx`) per key. */
export class MemoryWorld {
  readonly values = new Map<string, Buffer>();
  readonly versions = new Map<string, string>();

  /** Keys under a composite-key prefix, in key order (what a peer's range scan returns). */
  keysWithPrefix(prefix: string): string[] {
    return [...this.values.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  /** Applies a committed write set at version `version`. */
  apply(writes: ReadonlyMap<string, Buffer>, version: string): void {
    for (const [k, v] of writes) {
      this.values.set(k, v);
      this.versions.set(k, version);
    }
  }
}

/** Who signs a proposal: the MSP id and the PEM certificate, as in a Fabric SerializedIdentity. */
export interface StubCreator {
  readonly mspId: string;
  readonly certPem: string;
}

export interface StubInput {
  readonly txId: string;
  readonly timestamp: Date;
  /** Function name first, then its arguments. */
  readonly args: readonly string[];
  readonly creator: StubCreator;
  readonly channel?: string;
}

type Iter = { next(): Promise<{ done: boolean; value?: { namespace: string; key: string; value: Uint8Array } }>; close(): Promise<void> };

/**
 * An in-memory ChaincodeStub: reads see committed state only (a transaction never sees its own
 * writes, as on a peer), writes are buffered for the orderer, the read set is kept for MVCC
 * validation, and the single chaincode event is captured.
 */
export class MemoryStub {
  readonly writes = new Map<string, Buffer>();
  /** Key → version read (undefined = absent). */
  readonly reads = new Map<string, string | undefined>();
  /** Range scans: prefix and the `key@version` list seen, to detect phantoms. */
  readonly ranges: Array<{ prefix: string; seen: string }> = [];
  event: { name: string; payload: Buffer } | undefined;
  readonly #world: MemoryWorld;
  readonly #input: StubInput;

  constructor(world: MemoryWorld, input: StubInput) {
    this.#world = world;
    this.#input = input;
  }

  getBufferArgs(): Buffer[] {
    return this.#input.args.map((a) => Buffer.from(a, 'utf8'));
  }
  getArgs(): string[] {
    return [...this.#input.args];
  }
  getStringArgs(): string[] {
    return [...this.#input.args];
  }
  getFunctionAndParameters(): { fcn: string; params: string[] } {
    const [fcn = '', ...params] = this.#input.args;
    return { fcn, params };
  }
  getTxID(): string {
    return this.#input.txId;
  }
  getChannelID(): string {
    return this.#input.channel ?? 'trace';
  }
  getCreator(): { mspid: string; idBytes: Uint8Array } {
    return { mspid: this.#input.creator.mspId, idBytes: Buffer.from(this.#input.creator.certPem, 'utf8') };
  }
  getTxTimestamp(): { seconds: { toNumber(): number; low: number; high: number }; nanos: number } {
    const ms = this.#input.timestamp.getTime();
    const seconds = Math.floor(ms / 1000);
    return { seconds: { toNumber: () => seconds, low: seconds, high: 0 }, nanos: (ms % 1000) * 1e6 };
  }
  getDateTimestamp(): Date {
    return new Date(this.#input.timestamp);
  }

  getState(key: string): Promise<Uint8Array> {
    this.reads.set(key, this.#world.versions.get(key));
    return Promise.resolve(this.#world.values.get(key) ?? Buffer.alloc(0));
  }
  putState(key: string, value: Uint8Array): Promise<void> {
    this.writes.set(key, Buffer.from(value));
    return Promise.resolve();
  }
  getStateByPartialCompositeKey(type: string, attrs: string[]): Promise<Iter> {
    const prefix = this.createCompositeKey(type, attrs);
    const keys = this.#world.keysWithPrefix(prefix);
    this.ranges.push({ prefix, seen: rangeSignature(this.#world, prefix) });
    let at = 0;
    const iter: Iter = {
      next: () => {
        const key = keys[at++];
        if (key === undefined) return Promise.resolve({ done: true });
        return Promise.resolve({ done: false, value: { namespace: 'suyuan', key, value: this.#world.values.get(key) ?? Buffer.alloc(0) } });
      },
      close: () => Promise.resolve(),
    };
    return Promise.resolve(iter);
  }
  createCompositeKey(type: string, attrs: string[]): string {
    return ChaincodeStub.prototype.createCompositeKey.call(this, type, attrs);
  }
  splitCompositeKey(key: string): { objectType: string; attributes: string[] } {
    return ChaincodeStub.prototype.splitCompositeKey.call(this, key);
  }
  setEvent(name: string, payload: Uint8Array): void {
    this.event = { name, payload: Buffer.from(payload) };
  }

  /** MVCC check at commit: every key and range read still has the version the endorsement saw. */
  stillValid(world: MemoryWorld): boolean {
    for (const [key, version] of this.reads) if (world.versions.get(key) !== version) return false;
    return this.ranges.every((r) => rangeSignature(world, r.prefix) === r.seen);
  }
}

function rangeSignature(world: MemoryWorld, prefix: string): string {
  return world
    .keysWithPrefix(prefix)
    .map((k) => `${k}@${world.versions.get(k) ?? ''}`)
    .join('|');
}

/** A chaincode response as the shim returns it. */
export interface ShimResponse {
  readonly status: number;
  readonly message: string;
  readonly payload: Buffer;
}

interface Router {
  Invoke(stub: unknown): Promise<{ status: number; message?: string; payload?: Uint8Array }>;
  metadata: { contracts: Record<string, { transactions: Array<{ name: string; tag?: string[] }> }> };
}

// fabric-shim ships no types for its contract router.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ChaincodeFromContract = require('fabric-shim/lib/contract-spi/chaincodefromcontract') as new (...args: unknown[]) => Router;

/**
 * The decorated contract behind fabric-shim's own router (`ChaincodeFromContract`), as the peer
 * would run it: metadata, argument conversion, `ctx.clientIdentity` from the stub's creator.
 */
export class ContractHarness {
  readonly #router: Router;

  constructor() {
    const serializers = { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } };
    this.#router = new ChaincodeFromContract([...contracts], serializers, {}, 'suyuan-chaincode', '0.1.0');
  }

  /** Transaction names and tags the router exposes for the Suyuan contract. */
  get transactions(): ReadonlyArray<{ name: string; tag?: string[] }> {
    return this.#router.metadata.contracts.suyuan?.transactions ?? [];
  }

  /** Runs one proposal against `world`; the stub holds the read/write sets and the event. */
  async run(world: MemoryWorld, input: StubInput): Promise<{ response: ShimResponse; stub: MemoryStub }> {
    const stub = new MemoryStub(world, input);
    const r = await this.#router.Invoke(stub);
    return { stub, response: { status: r.status, message: r.message ?? '', payload: Buffer.from(r.payload ?? []) } };
  }
}
