#!/usr/bin/env bash
# Runs the TraceLedger behaviour suite, then the service's end-to-end check (scripts/fabric-e2e.ts:
# LEDGER=fabric service, capture, trace, block lookup, restart and index resume), against a real Fabric
# network started by the project's own scripts (needs FABRIC_BIN_DIR with peer, orderer, configtxgen,
# cryptogen, osnadmin, and Postgres on 127.0.0.1:5432 or DATABASE_URL / FABRIC_E2E_DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${FABRIC_BIN_DIR:?set FABRIC_BIN_DIR to a folder with the Fabric 2.5 binaries}"
trap 'scripts/network.sh down || true' EXIT
scripts/network.sh up
scripts/deploy-chaincode.sh
NODE_OPTIONS=--experimental-vm-modules npx jest test/behaviour/gateway-ledger.test.ts
npx tsx scripts/fabric-e2e.ts
