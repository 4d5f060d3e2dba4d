/**
 * Issues an enterprise's Fabric client identity on the development network and puts it in the
 * wallet, so `POST /admin/enterprises` can bind the enterprise to it in Fabric mode.
 *
 *   npx tsx scripts/fabric-enroll.ts <enterpriseId> [<org domain> <MSP id>]
 *
 * Defaults: org enterprise.suyuan.test, MSP EnterpriseMSP; the CA is cryptogen's
 * network/.generated/crypto/peerOrganizations/<org>/ca, the wallet FABRIC_WALLET_DIR of gateway.env.
 */
import path from 'node:path';
import { loadConfig } from '../server/config/config';
import { enrollEnterprise, readCaFolder } from '../server/ledger/gateway/enroll';
import { fabricSettings } from '../server/ledger/gateway/open-gateway-ledger';
import { Wallet } from '../server/ledger/gateway/wallet';

const [enterpriseId, org = 'enterprise.suyuan.test', mspId = 'EnterpriseMSP'] = process.argv.slice(2);
if (!enterpriseId) {
  console.error('usage: npx tsx scripts/fabric-enroll.ts <enterpriseId> [<org domain> <MSP id>]');
  process.exit(2);
}
const config = loadConfig();
const walletDir = fabricSettings(config).FABRIC_WALLET_DIR;
if (!walletDir) {
  console.error(`no FABRIC_WALLET_DIR (set it, or run scripts/network.sh up to write ${config.FABRIC_GATEWAY_ENV})`);
  process.exit(1);
}
const ca = readCaFolder(path.resolve(path.dirname(config.FABRIC_GATEWAY_ENV), 'crypto/peerOrganizations', org, 'ca'));
const identity = enrollEnterprise({ ca, mspId, wallet: new Wallet(walletDir), enterpriseId });
console.log(`enrolled ${identity.name} (${identity.mspId}) in ${walletDir}: ${identity.id}`);
