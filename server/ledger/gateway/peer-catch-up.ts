import crypto from 'node:crypto';
import { connect, hash, signers, type Gateway } from '@hyperledger/fabric-gateway';
import { NotFoundError } from '../../http/errors';
import type { Connections, PeerEndpoint } from './connections';
import { chainInfo } from './fabric-decode';
import { ruleFailureOf } from './gateway-errors';
import type { WalletIdentity } from './wallet';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Waits, after a commit and before the next write is endorsed, until every configured peer can judge
 * that write against the committed state. Best effort: a peer that stays behind delays the answer by at
 * most `waitMs`, it never fails the write.
 *
 * Two gaps are covered. The gateway reports its own peer only, so another peer may not have the block
 * yet (its height, from qscc GetChainInfo). And a peer answers a commit status (and counts the block in
 * its height) from its block store, which it writes before it writes the block's state: a dependent write
 * endorsed in between is judged without it (a receipt refused because its shipment "is not on the
 * ledger"). For that, a probe reads back a key the transaction wrote (`GetEvent` of an event it recorded)
 * on each peer until it is there.
 */
export class PeerCatchUp {
  readonly #gateways = new Map<string, Gateway>();

  constructor(
    private readonly opts: {
      readonly peers: readonly PeerEndpoint[];
      readonly channel: string;
      readonly chaincode: string;
      readonly connections: Connections;
      readonly admin: () => WalletIdentity;
      readonly waitMs: number;
    },
  ) {}

  /** Until every peer is past `blockNumber` and, when given, answers `GetEvent` of `probeEventID`. */
  async awaitBlock(blockNumber: number, probeEventID?: string): Promise<void> {
    const until = Date.now() + this.opts.waitMs;
    for (const peer of this.opts.peers) {
      if (this.opts.peers.length > 1)
        while (Date.now() < until && (await this.#heightAt(peer).catch(() => Number.POSITIVE_INFINITY)) <= blockNumber) await sleep(20);
      if (probeEventID !== undefined) while (Date.now() < until && !(await this.#hasEvent(peer, probeEventID))) await sleep(20);
    }
  }

  /** Until every peer is as high as the highest (peers that disagreed on an endorsement). */
  async level(): Promise<void> {
    if (this.opts.peers.length < 2) return;
    const heights = await Promise.all(this.opts.peers.map((p) => this.#heightAt(p).catch(() => 0)));
    await this.awaitBlock(Math.max(...heights) - 1);
  }

  close(): void {
    for (const gw of this.#gateways.values()) gw.close();
    this.#gateways.clear();
  }

  #gateway(peer: PeerEndpoint): Gateway {
    let gw = this.#gateways.get(peer.endpoint);
    if (!gw) {
      const admin = this.opts.admin();
      gw = connect({
        client: this.opts.connections.client(peer),
        identity: { mspId: admin.mspId, credentials: Buffer.from(admin.certPem) },
        signer: signers.newPrivateKeySigner(crypto.createPrivateKey(admin.keyPem)),
        hash: hash.sha256,
        evaluateOptions: () => ({ deadline: Date.now() + 5000 }),
      });
      this.#gateways.set(peer.endpoint, gw);
    }
    return gw;
  }

  async #heightAt(peer: PeerEndpoint): Promise<number> {
    const qscc = this.#gateway(peer).getNetwork(this.opts.channel).getContract('qscc');
    return chainInfo(await qscc.evaluateTransaction('GetChainInfo', this.opts.channel)).height;
  }

  // A peer that cannot be asked counts as caught up: the wait is best effort.
  async #hasEvent(peer: PeerEndpoint, eventID: string): Promise<boolean> {
    const contract = this.#gateway(peer).getNetwork(this.opts.channel).getContract(this.opts.chaincode);
    return contract.evaluateTransaction('GetEvent', JSON.stringify({ eventID })).then(
      () => true,
      (err: unknown) => !(err instanceof Error && ruleFailureOf(err) instanceof NotFoundError),
    );
  }
}
