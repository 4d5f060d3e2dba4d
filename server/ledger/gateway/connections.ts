import fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';

/** One peer's gateway endpoint. Without `tlsRootCertPath` the connection is plaintext (tests only). */
export interface PeerEndpoint {
  readonly endpoint: string;
  readonly hostAlias?: string;
  readonly tlsRootCertPath?: string;
  readonly mspId?: string;
}

// Blocks of 8 MB and transactions of thousands of events exceed gRPC's default 4 MiB receive limit.
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** One gRPC connection per peer endpoint, shared by every identity's gateway. */
export class Connections {
  readonly #clients = new Map<string, grpc.Client>();

  constructor(readonly peers: readonly PeerEndpoint[]) {
    if (peers.length === 0) throw new Error('Fabric: no peer endpoints configured (FABRIC_PEERS or FABRIC_PEER_ENDPOINT)');
  }

  /** The peer an identity of `mspId` talks to: its own organisation's, else the first. */
  peerFor(mspId: string): PeerEndpoint {
    return this.peers.find((p) => p.mspId === mspId) ?? (this.peers[0] as PeerEndpoint);
  }

  client(peer: PeerEndpoint): grpc.Client {
    let client = this.#clients.get(peer.endpoint);
    if (!client) {
      const credentials = peer.tlsRootCertPath
        ? grpc.credentials.createSsl(fs.readFileSync(peer.tlsRootCertPath))
        : grpc.credentials.createInsecure();
      client = new grpc.Client(peer.endpoint, credentials, {
        ...(peer.hostAlias ? { 'grpc.ssl_target_name_override': peer.hostAlias } : {}),
        'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
        'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
        'grpc.keepalive_time_ms': 120_000,
      });
      this.#clients.set(peer.endpoint, client);
    }
    return client;
  }

  close(): void {
    for (const client of this.#clients.values()) client.close();
    this.#clients.clear();
  }
}
