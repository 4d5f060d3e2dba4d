#!/usr/bin/env bash
# Deploys the project's chaincode (chaincode/) to channel `trace` as a chaincode-as-a-service (CCaaS):
#   1. builds chaincode/ (npm run build -w chaincode) unless SKIP_CHAINCODE_BUILD=1
#   2. makes a reproducible CCaaS package (connection.json -> 127.0.0.1:CC_PORT) and its package id
#   3. installs it on both peers (the project's external builder, network/builders/ccaas, claims it)
#   4. starts the chaincode server (fabric-chaincode-node server) with that package id
#   5. approves the definition for EnterpriseMSP and RegulatorMSP, checks readiness, commits it with
#      the endorsement policy AND('EnterpriseMSP.peer','RegulatorMSP.peer')
#   6. waits until both peers answer a query
# Re-running it after `scripts/network.sh down && up` only restarts the chaincode server.
#
# Environment: CC_VERSION (1.0), CC_PORT (9999), CC_SEQUENCE (next), CHAINCODE_DIR (chaincode/),
# SKIP_CHAINCODE_BUILD, FABRIC_BIN_DIR; network ports and the chaincode name (CC_NAME) come from
# network/.generated/network.env. Another chaincode (the benchmark's ceiling, say) deploys beside it
# with CHAINCODE_NAME, its own CC_PORT and CHAINCODE_DIR; its server runs as process chaincode-<name>.
set -euo pipefail

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

ENDORSEMENT_POLICY="AND('EnterpriseMSP.peer','RegulatorMSP.peer')"
CC_DIR_DEFAULT="$REPO_ROOT/chaincode"
DEFAULT_PROBE='{"Args":["org.hyperledger.fabric:GetMetadata"]}'   # answered by any fabric-contract-api chaincode

peer_cli() { "$(fabric_bin peer)" "$@"; }

orderer_args() { echo -o "127.0.0.1:$ORDERER_PORT" --tls --cafile "$ORDERER_TLS_CA"; }

build_chaincode() {
  local main
  if [[ "${SKIP_CHAINCODE_BUILD:-0}" != 1 ]]; then
    if [[ "$CHAINCODE_DIR" == "$CC_DIR_DEFAULT" ]]; then
      [[ -d "$CHAINCODE_DIR/src" ]] ||
        die "chaincode/src does not exist yet: the project's chaincode has not been written; nothing to deploy"
      log "building the chaincode: npm run build -w chaincode (log: $LOG_DIR/chaincode-build.log)"
      (cd "$REPO_ROOT" && npm run build -w chaincode) >>"$LOG_DIR/chaincode-build.log" 2>&1 ||
        die "'npm run build -w chaincode' failed (see $LOG_DIR/chaincode-build.log); the chaincode/ package must compile before it can be deployed"
    else
      log "building the chaincode in $CHAINCODE_DIR: npm run build"
      (cd "$CHAINCODE_DIR" && npm run build) >>"$LOG_DIR/chaincode-build.log" 2>&1 ||
        die "'npm run build' failed in $CHAINCODE_DIR (see $LOG_DIR/chaincode-build.log)"
    fi
  fi
  main="$(json_get main <"$CHAINCODE_DIR/package.json" || echo index.js)"
  [[ -f "$CHAINCODE_DIR/$main" ]] ||
    die "$CHAINCODE_DIR/$main does not exist: the chaincode has not been built (or written) yet, so there is no chaincode server to start"
}

# tar + gzip with nothing that varies between machines or runs: sorted names, fixed mtime/owner/mode,
# and gzip -n (no name, no timestamp). Usage: reproducible_tgz <dir> <output.tar.gz> <files...>
reproducible_tgz() {
  local dir="$1" out="$2"
  shift 2
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --mode=u=rw,go=r --format=gnu \
    -C "$dir" -cf - "$@" | gzip -n -9 > "$out"
}

make_package() {
  local work="$GEN_DIR/chaincode/$CC_LABEL"
  rm -rf "$work"
  mkdir -p "$work/src" "$work/pkg"
  # The peer dials the chaincode server; TLS is off on this loopback-only hop.
  printf '{"address":"127.0.0.1:%s","dial_timeout":"10s","tls_required":false}\n' "$CC_PORT" \
    > "$work/src/connection.json"
  printf '{"type":"ccaas","label":"%s"}\n' "$CC_LABEL" > "$work/pkg/metadata.json"
  reproducible_tgz "$work/src" "$work/pkg/code.tar.gz" connection.json
  reproducible_tgz "$work/pkg" "$PACKAGE_FILE" code.tar.gz metadata.json
  PACKAGE_ID="$(use_org_admin enterprise && peer_cli lifecycle chaincode calculatepackageid "$PACKAGE_FILE")"
  log "package $PACKAGE_FILE (sha256 $(sha256sum "$PACKAGE_FILE" | cut -c1-16)...), id $PACKAGE_ID"
}

install_package() {
  local org="$1" installed
  installed="$(use_org_admin "$org" && peer_cli lifecycle chaincode queryinstalled -O json 2>/dev/null)" || true
  if grep -q "\"package_id\": *\"$PACKAGE_ID\"" <<<"$installed"; then
    log "already installed on $(org_peer_host "$org")"
    return
  fi
  (use_org_admin "$org" && peer_cli lifecycle chaincode install "$PACKAGE_FILE") \
    >>"$LOG_DIR/peer-cli.log" 2>&1 || die "install failed on $org; see $LOG_DIR/peer-cli.log"
  log "installed on $(org_peer_host "$org")"
}

start_chaincode_server() {
  local start server_bin="$REPO_ROOT/node_modules/.bin/fabric-chaincode-node"
  [[ -x "$server_bin" ]] || server_bin="npx --no-install fabric-chaincode-node"
  if is_running "$CC_PROCESS"; then
    stop_process "$CC_PROCESS"
  fi
  if port_open "$CC_PORT"; then
    die "127.0.0.1:$CC_PORT (CC_PORT) is in use by another program"
  fi
  (
    cd "$CHAINCODE_DIR"
    # shellcheck disable=SC2086 # server_bin may be the two words of the npx fallback
    start_process "$CC_PROCESS" env CHAINCODE_SERVER_ADDRESS="127.0.0.1:$CC_PORT" CHAINCODE_ID="$PACKAGE_ID" \
      $server_bin server \
      --chaincode-address "127.0.0.1:$CC_PORT" --chaincode-id "$PACKAGE_ID"
  )
  start="$(now_ms)"
  wait_until 60 "the chaincode server on 127.0.0.1:$CC_PORT" port_open "$CC_PORT" ||
    die "chaincode server did not start; see $LOG_DIR/$CC_PROCESS.log"
  log "chaincode server started (pid $(running_pid "$CC_PROCESS")) on 127.0.0.1:$CC_PORT in $(($(now_ms) - start)) ms"
}

# Package id this org approved at a sequence (empty when none).
approved_package() {
  (use_org_admin "$1" && peer_cli lifecycle chaincode queryapproved -C "$CHANNEL_NAME" -n "$CC_NAME" \
    --sequence "$2" -O json 2>/dev/null) | json_get source.Type.LocalPackage.package_id 2>/dev/null || true
}

committed_field() {
  (use_org_admin enterprise && peer_cli lifecycle chaincode querycommitted -C "$CHANNEL_NAME" \
    -n "$CC_NAME" -O json 2>/dev/null) | json_get "$1" 2>/dev/null || true
}

approve() {
  local org="$1" seq="$2"
  if [[ "$(approved_package "$org" "$seq")" == "$PACKAGE_ID" ]]; then
    log "$(org_get "$org" mspid) already approved sequence $seq"
    return
  fi
  # shellcheck disable=SC2046  # orderer_args is a list of words
  (use_org_admin "$org" && peer_cli lifecycle chaincode approveformyorg $(orderer_args) \
    -C "$CHANNEL_NAME" -n "$CC_NAME" -v "$CC_VERSION" --package-id "$PACKAGE_ID" --sequence "$seq" \
    --signature-policy "$ENDORSEMENT_POLICY") >>"$LOG_DIR/peer-cli.log" 2>&1 ||
    die "approveformyorg failed for $org; see $LOG_DIR/peer-cli.log"
  log "approved for $(org_get "$org" mspid) (sequence $seq)"
}

commit_definition() {
  local seq="$1" readiness
  readiness="$(use_org_admin enterprise && peer_cli lifecycle chaincode checkcommitreadiness \
    -C "$CHANNEL_NAME" -n "$CC_NAME" -v "$CC_VERSION" --sequence "$seq" \
    --signature-policy "$ENDORSEMENT_POLICY" -O json)"
  log "commit readiness: $(json_get approvals <<<"$readiness")"
  if grep -q false <<<"$(json_get approvals <<<"$readiness")"; then
    die "not every organisation approved sequence $seq"
  fi
  # shellcheck disable=SC2046  # orderer_args is a list of words
  (use_org_admin enterprise && peer_cli lifecycle chaincode commit $(orderer_args) \
    -C "$CHANNEL_NAME" -n "$CC_NAME" -v "$CC_VERSION" --sequence "$seq" \
    --signature-policy "$ENDORSEMENT_POLICY" \
    --peerAddresses "127.0.0.1:$PEER1_PORT" --tlsRootCertFiles "$(org_peer_tls_ca enterprise)" \
    --peerAddresses "127.0.0.1:$PEER2_PORT" --tlsRootCertFiles "$(org_peer_tls_ca regulator)") \
    >>"$LOG_DIR/peer-cli.log" 2>&1 || die "commit failed; see $LOG_DIR/peer-cli.log"
  log "committed $CC_NAME version $CC_VERSION sequence $seq with $ENDORSEMENT_POLICY"
}

queryable() {
  (use_org_admin "$1" && peer_cli chaincode query -C "$CHANNEL_NAME" -n "$CC_NAME" -c "$CC_PROBE")
}

# Endorses (without submitting) through the enterprise peer's gateway, as the service will: succeeds once
# service discovery knows that both organisations' peers run the chaincode (gossip needs a few seconds
# after a join or a commit; before that the gateway answers "no combination of peers").
gateway_endorse_probe() {
  GW_PEER="127.0.0.1:$PEER1_PORT" GW_ALIAS="$(org_peer_host enterprise)" GW_CA="$(org_peer_tls_ca enterprise)" \
    GW_ID_DIR="$WALLET_DIR/enterprise-user1" GW_CHANNEL="$CHANNEL_NAME" GW_CC="$CC_NAME" \
    NODE_PATH="$REPO_ROOT/node_modules" node -e '
      const fs = require("fs"), crypto = require("crypto"), path = require("path");
      const grpc = require("@grpc/grpc-js");
      const { connect, signers, hash } = require("@hyperledger/fabric-gateway");
      const e = process.env, id = (f) => fs.readFileSync(path.join(e.GW_ID_DIR, f));
      const client = new grpc.Client(e.GW_PEER, grpc.credentials.createSsl(fs.readFileSync(e.GW_CA)),
        { "grpc.ssl_target_name_override": e.GW_ALIAS });
      const gw = connect({ client, hash: hash.sha256,
        identity: { mspId: id("mspId").toString(), credentials: id("cert.pem") },
        signer: signers.newPrivateKeySigner(crypto.createPrivateKey(id("key.pem"))) });
      gw.getNetwork(e.GW_CHANNEL).getContract(e.GW_CC).newProposal("org.hyperledger.fabric:GetMetadata")
        .endorse().then(() => process.exit(0), (err) => { console.error(err.details || err.message); process.exit(1); });'
}

main() {
  local org seq committed_seq start
  load_settings
  # CC_NAME is the network's (the service's) chaincode; CHAINCODE_NAME deploys another one beside it.
  CC_NAME="${CHAINCODE_NAME:-$CC_NAME}"
  CC_VERSION="${CC_VERSION:-1.0}"
  CC_PORT="${CC_PORT:-9999}"
  # The chaincode server's process name (pid and log file under network/.generated): one per chaincode.
  CC_PROCESS="chaincode"
  [[ "$CC_NAME" == suyuan ]] || CC_PROCESS="chaincode-$CC_NAME"
  CC_LABEL="${CC_NAME}_${CC_VERSION}"
  CC_PROBE="${CC_PROBE:-$DEFAULT_PROBE}"
  CHAINCODE_DIR="$(cd "${CHAINCODE_DIR:-$CC_DIR_DEFAULT}" && pwd)"
  PACKAGE_FILE="$GEN_DIR/chaincode/$CC_LABEL.tar.gz"
  # Checked by port, so the Docker compose network works too.
  for org in "ORDERER_PORT:$ORDERER_PORT" "PEER1_PORT:$PEER1_PORT" "PEER2_PORT:$PEER2_PORT"; do
    port_open "${org#*:}" ||
      die "nothing listens on 127.0.0.1:${org#*:} (${org%%:*}); start the network with scripts/network.sh up"
  done
  [[ -f "$ORDERER_TLS_CA" ]] || die "no generated network in $GEN_DIR; run scripts/network.sh up"
  mkdir -p "$GEN_DIR/chaincode" "$LOG_DIR"

  build_chaincode
  make_package
  for org in "${ORGS[@]}"; do install_package "$org"; done
  start_chaincode_server

  committed_seq="$(committed_field sequence)"
  committed_seq="${committed_seq:-0}"
  if ((committed_seq > 0)) && [[ -z "${CC_SEQUENCE:-}" && "$(committed_field version)" == "$CC_VERSION" &&
    "$(approved_package enterprise "$committed_seq")" == "$PACKAGE_ID" &&
    "$(approved_package regulator "$committed_seq")" == "$PACKAGE_ID" ]]; then
    log "$CC_NAME $CC_VERSION is already committed at sequence $committed_seq with this package"
  else
    seq="${CC_SEQUENCE:-$((committed_seq + 1))}"
    for org in "${ORGS[@]}"; do approve "$org" "$seq"; done
    commit_definition "$seq"
  fi

  start="$(now_ms)"
  for org in "${ORGS[@]}"; do
    wait_until 120 "$CC_NAME to answer on $(org_peer_host "$org")" queryable "$org" ||
      die "chaincode does not answer on $org; see $LOG_DIR/chaincode.log and $LOG_DIR/peer-$org.log"
  done
  log "$CC_NAME answers queries on both peers (waited $(($(now_ms) - start)) ms); package id $PACKAGE_ID"
  if [[ -d "$REPO_ROOT/node_modules/@hyperledger/fabric-gateway" ]]; then
    start="$(now_ms)"
    wait_until 60 "the gateway to find endorsers of both organisations" gateway_endorse_probe ||
      die "the gateway cannot collect AND('EnterpriseMSP.peer','RegulatorMSP.peer') endorsements; see the peer logs"
    log "gateway endorsement by both organisations works (waited $(($(now_ms) - start)) ms)"
  fi
}

main "$@"
