#!/usr/bin/env bash
# Runs the TraceLedger behaviour suite against a real Fabric network started by the project's own
# scripts (needs FABRIC_BIN_DIR with peer, orderer, configtxgen, cryptogen, osnadmin).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${FABRIC_BIN_DIR:?set FABRIC_BIN_DIR to a folder with the Fabric 2.5 binaries}"
trap 'scripts/network.sh down || true' EXIT
scripts/network.sh up
scripts/deploy-chaincode.sh
NODE_OPTIONS=--experimental-vm-modules npx jest test/behaviour/gateway-ledger.test.ts
