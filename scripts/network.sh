#!/usr/bin/env bash
# Suyuan's local Fabric network: one etcdraft orderer (OrdererOrg) and one peer for each of
# EnterpriseMSP (Org1) and RegulatorMSP (Org2), TLS everywhere, all on 127.0.0.1, channel `trace`.
# Runs the official Fabric v2.5 binaries (peer, orderer, configtxgen, cryptogen, osnadmin) from
# FABRIC_BIN_DIR or PATH. See docs/fabric.md.
#
#   scripts/network.sh up        create (first time) or restart the network, write gateway.env
#   scripts/network.sh down      stop the chaincode server, peers and orderer (keeps the ledgers)
#   scripts/network.sh reset     down, then delete network/.generated (crypto, blocks, ledgers, logs)
#   scripts/network.sh status    processes, raft leader, channel heights, committed chaincode
#   scripts/network.sh compose   write network/docker-compose.yaml for the same generated material
set -euo pipefail

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
  exit "${1:-0}"
}

generate_crypto() {
  if [[ -d "$CRYPTO_DIR/peerOrganizations" ]]; then
    return
  fi
  log "generating identities with cryptogen (network/config/crypto-config.yaml)"
  "$(fabric_bin cryptogen)" generate --config="$NETWORK_DIR/config/crypto-config.yaml" \
    --output="$CRYPTO_DIR" >/dev/null
}

# The local variables below are read by name in render_template.
# shellcheck disable=SC2034
render_configs() {
  local org PEER_HOST PEER_PORT PEER_CC_PORT PEER_OPS_PORT PEER_TLS_DIR PEER_MSP_DIR PEER_MSPID PEER_DATA_DIR
  local ORDERER_TLS_DIR="$ORDERER_ORG_DIR/orderers/$ORDERER_HOST/tls"
  local ORDERER_MSP_DIR="$ORDERER_ORG_DIR/orderers/$ORDERER_HOST/msp"
  local tmpl="${TEMPLATE_DIR:-$NETWORK_DIR/config}"
  render_template "$tmpl/configtx.yaml.tmpl" "$CONFIG_DIR/configtx.yaml" \
    ORDERER_PORT PEER1_PORT PEER2_PORT
  render_template "$tmpl/orderer.yaml.tmpl" "$CONFIG_DIR/orderer/orderer.yaml" \
    ORDERER_PORT ORDERER_ADMIN_PORT ORDERER_OPS_PORT ORDERER_TLS_DIR ORDERER_MSP_DIR GEN_DIR
  for org in "${ORGS[@]}"; do
    PEER_HOST="$(org_peer_host "$org")"
    PEER_PORT="$(org_get "$org" port)"
    PEER_CC_PORT="$(org_get "$org" ccport)"
    PEER_OPS_PORT="$(org_get "$org" opsport)"
    PEER_TLS_DIR="$(org_peer_dir "$org")/tls"
    PEER_MSP_DIR="$(org_peer_dir "$org")/msp"
    PEER_MSPID="$(org_get "$org" mspid)"
    PEER_DATA_DIR="$GEN_DIR/peers/$PEER_HOST"
    render_template "$tmpl/core.yaml.tmpl" "$CONFIG_DIR/$PEER_HOST/core.yaml" \
      PEER_HOST PEER_PORT PEER_CC_PORT PEER_OPS_PORT PEER_TLS_DIR PEER_MSP_DIR PEER_MSPID PEER_DATA_DIR \
      NETWORK_DIR
  done
}

create_genesis_block() {
  local block="$GEN_DIR/channel/$CHANNEL_NAME.block"
  if [[ -f "$block" ]]; then
    return
  fi
  mkdir -p "$GEN_DIR/channel"
  log "creating the genesis block of channel '$CHANNEL_NAME' with configtxgen (profile TraceChannel)"
  "$(fabric_bin configtxgen)" -configPath "$CONFIG_DIR" -profile TraceChannel \
    -channelID "$CHANNEL_NAME" -outputBlock "$block" 2>>"$LOG_DIR/configtxgen.log"
}

# One folder per client identity: cert.pem, key.pem, mspId (no trailing newline). Rewrites only the
# organisations' own users: identities enrolled into the wallet (enterprise%3A<id>, `npm run cli -- fabric
# enroll`) stay, since the ledger binds registered enterprises to them (the CA is kept across `up`).
write_wallet() {
  local org user name dir msp
  mkdir -p "$WALLET_DIR"
  for org in "${ORGS[@]}"; do
    for user in Admin User1; do
      name="$org-$(tr '[:upper:]' '[:lower:]' <<<"$user")"
      dir="$WALLET_DIR/$name"
      msp="$(org_org_dir "$org")/users/$user@$(org_get "$org" domain)/msp"
      rm -rf "$dir"
      mkdir -p "$dir"
      cp "$msp/signcerts/"*.pem "$dir/cert.pem"
      cp "$msp/keystore/"* "$dir/key.pem"
      chmod 600 "$dir/key.pem"
      printf '%s' "$(org_get "$org" mspid)" > "$dir/mspId"
    done
  done
}

write_gateway_env() {
  local org peers="" sep=""
  for org in "${ORGS[@]}"; do
    peers+="$sep{\"endpoint\":\"127.0.0.1:$(org_get "$org" port)\",\"hostAlias\":\"$(org_peer_host "$org")\","
    peers+="\"tlsRootCertPath\":\"$(org_peer_tls_ca "$org")\",\"mspId\":\"$(org_get "$org" mspid)\"}"
    sep=","
  done
  cat > "$GATEWAY_ENV" <<EOF
# Written by scripts/network.sh up ($(date -Is)). Read by LEDGER=fabric when no FABRIC_* variables are set.
# KEY=VALUE per line; the JSON value is single-quoted so that both dotenv parsers and 'source' accept it.
FABRIC_CHANNEL=$CHANNEL_NAME
FABRIC_CHAINCODE=$CC_NAME
FABRIC_PEERS='[$peers]'
FABRIC_PEER_ENDPOINT=127.0.0.1:$PEER1_PORT
FABRIC_PEER_HOST_ALIAS=$(org_peer_host enterprise)
FABRIC_TLS_ROOT_CERT=$(org_peer_tls_ca enterprise)
FABRIC_WALLET_DIR=$WALLET_DIR
FABRIC_ADMIN_IDENTITY=enterprise-admin
FABRIC_ENTERPRISE_IDENTITY=enterprise-user1
FABRIC_REGULATOR_IDENTITY=regulator-user1
FABRIC_REGULATOR_ADMIN_IDENTITY=regulator-admin
EOF
}

check_port_free() {
  if port_open "$1"; then
    die "127.0.0.1:$1 ($2) is already in use by another program; choose another port (see docs/fabric.md)"
  fi
}

start_orderer() {
  if is_running orderer; then
    log "orderer already running (pid $(running_pid orderer))"
    return
  fi
  check_port_free "$ORDERER_PORT" ORDERER_PORT
  check_port_free "$ORDERER_ADMIN_PORT" ORDERER_ADMIN_PORT
  check_port_free "$ORDERER_OPS_PORT" ORDERER_OPS_PORT
  mkdir -p "$GEN_DIR/orderer"
  start_process orderer env FABRIC_CFG_PATH="$CONFIG_DIR/orderer" FABRIC_LOGGING_SPEC=info \
    "$(fabric_bin orderer)"
  wait_until 30 "orderer health (127.0.0.1:$ORDERER_OPS_PORT/healthz)" \
    curl -fsS "http://127.0.0.1:$ORDERER_OPS_PORT/healthz" ||
    die "orderer did not start; see $LOG_DIR/orderer.log"
  # /healthz answers before the admin listener accepts connections.
  wait_until 30 "the orderer's admin API (127.0.0.1:$ORDERER_ADMIN_PORT)" osnadmin_cmd channel list ||
    die "the orderer's admin API does not answer; see $LOG_DIR/orderer.log"
  log "orderer started (pid $(running_pid orderer)) on 127.0.0.1:$ORDERER_PORT, admin :$ORDERER_ADMIN_PORT"
}

osnadmin_cmd() {
  local admin="$ORDERER_ORG_DIR/users/Admin@$ORDERER_DOMAIN/tls"
  "$(fabric_bin osnadmin)" "$@" -o "127.0.0.1:$ORDERER_ADMIN_PORT" --ca-file "$ORDERER_TLS_CA" \
    --client-cert "$admin/client.crt" --client-key "$admin/client.key"
}

# Body of `osnadmin channel list --channelID <channel>` (JSON), or fails when the channel is absent.
orderer_channel_info() {
  local out
  out="$(osnadmin_cmd channel list --channelID "$CHANNEL_NAME" 2>/dev/null)" || return 1
  [[ "$(head -n1 <<<"$out")" == "Status: 200" ]] || return 1
  tail -n +2 <<<"$out"
}

raft_is_leader() {
  local metrics
  metrics="$(curl -fsS "http://127.0.0.1:$ORDERER_OPS_PORT/metrics")" || return 1
  grep -Eq "^consensus_etcdraft_is_leader\{channel=\"$CHANNEL_NAME\"\} 1$" <<<"$metrics"
}

join_orderer() {
  local start
  if orderer_channel_info >/dev/null; then
    log "orderer already a member of '$CHANNEL_NAME'"
  else
    log "joining the orderer to '$CHANNEL_NAME' with osnadmin (channel participation API)"
    osnadmin_cmd channel join --channelID "$CHANNEL_NAME" \
      --config-block "$GEN_DIR/channel/$CHANNEL_NAME.block" >>"$LOG_DIR/osnadmin.log" 2>&1 ||
      die "osnadmin channel join failed; see $LOG_DIR/osnadmin.log"
  fi
  start="$(now_ms)"
  wait_until 60 "a raft leader on '$CHANNEL_NAME'" raft_is_leader ||
    die "no raft leader; see $LOG_DIR/orderer.log"
  log "raft leader elected on '$CHANNEL_NAME' after $(($(now_ms) - start)) ms:" \
    "$(grep -o 'Raft leader changed: [0-9]* -> [0-9]*' "$LOG_DIR/orderer.log" | tail -n1)" \
    "(node 1 = $ORDERER_HOST:$ORDERER_PORT)"
}

start_peer() {
  local org="$1" host name
  host="$(org_peer_host "$org")"
  name="peer-$org"
  if is_running "$name"; then
    log "$host already running (pid $(running_pid "$name"))"
    return
  fi
  check_port_free "$(org_get "$org" port)" "peer port of $org"
  check_port_free "$(org_get "$org" ccport)" "chaincode listen port of $org"
  check_port_free "$(org_get "$org" opsport)" "operations port of $org"
  mkdir -p "$GEN_DIR/peers/$host"
  # The peer runs with its own MSP folder from core.yaml; no CORE_PEER_MSPCONFIGPATH override here.
  start_process "$name" env FABRIC_CFG_PATH="$CONFIG_DIR/$host" FABRIC_LOGGING_SPEC=info \
    "$(fabric_bin peer)" node start
}

wait_peer() {
  local org="$1"
  wait_until 60 "$(org_peer_host "$org") health" \
    curl -fsS "http://127.0.0.1:$(org_get "$org" opsport)/healthz" ||
    die "$(org_peer_host "$org") did not start; see $LOG_DIR/peer-$org.log"
  log "$(org_peer_host "$org") started (pid $(running_pid "peer-$org")) on 127.0.0.1:$(org_get "$org" port)"
}

peer_height() {
  local out
  out="$(use_org_admin "$1" && "$(fabric_bin peer)" channel getinfo -c "$CHANNEL_NAME" 2>/dev/null)" || return 1
  sed -n 's/^Blockchain info: //p' <<<"$out" | json_get height
}

# Service discovery (used by the gateway to find the second endorser) needs gossip membership across
# organisations, which forms a few seconds after a join or restart.
gossip_sees_peer() {
  local metrics
  metrics="$(curl -fsS "http://127.0.0.1:$(org_get "$1" opsport)/metrics")" || return 1
  grep -Eq "^gossip_membership_total_peers_known\{channel=\"$CHANNEL_NAME\"\} [1-9]" <<<"$metrics"
}

join_peer() {
  local org="$1"
  local channels
  channels="$(use_org_admin "$org" && "$(fabric_bin peer)" channel list 2>/dev/null)" || true
  if grep -qx "$CHANNEL_NAME" <<<"$channels"; then
    log "$(org_peer_host "$org") already joined '$CHANNEL_NAME'"
    return
  fi
  (use_org_admin "$org" && "$(fabric_bin peer)" channel join -b "$GEN_DIR/channel/$CHANNEL_NAME.block") \
    >>"$LOG_DIR/peer-cli.log" 2>&1 || die "peer channel join failed for $org; see $LOG_DIR/peer-cli.log"
  log "$(org_peer_host "$org") joined '$CHANNEL_NAME'"
}

cmd_up() {
  local t0=$SECONDS org v start
  load_settings
  for v in peer orderer configtxgen cryptogen osnadmin; do fabric_bin "$v" >/dev/null; done
  command -v curl >/dev/null || die "curl is required"
  command -v node >/dev/null || die "node is required"
  log "Fabric binaries: $(dirname "$(fabric_bin peer)") ($("$(fabric_bin peer)" version | sed -n 's/^ Version: //p'))"
  mkdir -p "$GEN_DIR" "$LOG_DIR" "$RUN_DIR"
  save_settings
  generate_crypto
  render_configs
  create_genesis_block
  write_wallet
  start_orderer
  join_orderer
  for org in "${ORGS[@]}"; do start_peer "$org"; done
  for org in "${ORGS[@]}"; do wait_peer "$org"; done
  for org in "${ORGS[@]}"; do join_peer "$org"; done
  for org in "${ORGS[@]}"; do
    wait_until 30 "$(org_peer_host "$org") to receive the genesis block" peer_height "$org" ||
      die "peer $org has no ledger for '$CHANNEL_NAME'"
  done
  start="$(now_ms)"
  for org in "${ORGS[@]}"; do
    wait_until 60 "$(org_peer_host "$org") to see the other organisation's peer (gossip)" gossip_sees_peer "$org" ||
      die "the peers do not see each other; service discovery would fail (see $LOG_DIR/peer-$org.log)"
  done
  log "each peer sees the other organisation's peer over gossip (waited $(($(now_ms) - start)) ms)"
  write_gateway_env
  log "network up in $((SECONDS - t0)) s; channel '$CHANNEL_NAME' height: enterprise $(peer_height enterprise)," \
    "regulator $(peer_height regulator)"
  log "gateway settings: $GATEWAY_ENV"
  log "next: scripts/deploy-chaincode.sh"
}

# Chaincode servers deployed beside the project's (CC_NAME other than suyuan), by their pid files.
other_chaincode_servers() {
  local file
  for file in "$RUN_DIR"/chaincode-*.pid; do
    [[ -f "$file" ]] && basename "$file" .pid
  done
  return 0
}

cmd_down() {
  local name stopped=0
  load_settings
  # The chaincode servers (the project's, and any other deployed beside it) and the peers stop
  # together, then the orderer.
  for name in chaincode $(other_chaincode_servers) peer-regulator peer-enterprise; do
    if is_running "$name"; then stopped=$((stopped + 1)); fi
    stop_process "$name" &
  done
  wait
  if is_running orderer; then stopped=$((stopped + 1)); fi
  stop_process orderer
  log "network down ($stopped process(es) stopped; ledgers kept in $GEN_DIR)"
}

cmd_reset() {
  cmd_down
  rm -rf "$GEN_DIR"
  log "removed $GEN_DIR"
}

cmd_status() {
  local name org info height leader
  load_settings
  if [[ ! -d "$GEN_DIR" ]]; then
    echo "no network (run scripts/network.sh up)"
    return 0
  fi
  for name in orderer peer-enterprise peer-regulator chaincode $(other_chaincode_servers); do
    if is_running "$name"; then
      printf '%-16s running  pid %s\n' "$name" "$(running_pid "$name")"
    else
      printf '%-16s stopped\n' "$name"
    fi
  done
  if is_running orderer && info="$(orderer_channel_info)"; then
    height="$(json_get height <<<"$info")"
    leader="no"
    if raft_is_leader; then leader="yes"; fi
    printf 'orderer          channel %s: %s, %s, height %s, raft leader: %s\n' "$CHANNEL_NAME" \
      "$(json_get status <<<"$info")" "$(json_get consensusRelation <<<"$info")" "$height" "$leader"
  fi
  for org in "${ORGS[@]}"; do
    if is_running "peer-$org" && height="$(peer_height "$org")"; then
      printf '%-16s channel %s height %s\n' "peer-$org" "$CHANNEL_NAME" "$height"
    fi
  done
  if is_running peer-enterprise; then
    if info="$(use_org_admin enterprise && "$(fabric_bin peer)" lifecycle chaincode querycommitted \
      -C "$CHANNEL_NAME" -n "$CC_NAME" -O json 2>/dev/null)"; then
      printf 'chaincode        %s committed: version %s, sequence %s\n' "$CC_NAME" \
        "$(json_get version <<<"$info")" "$(json_get sequence <<<"$info")"
    else
      printf 'chaincode        %s not committed on %s\n' "$CC_NAME" "$CHANNEL_NAME"
    fi
  fi
  if [[ -f "$GATEWAY_ENV" ]]; then echo "gateway.env      $GATEWAY_ENV"; fi
}

main() {
  case "${1:-}" in
    up) cmd_up ;;
    down) cmd_down ;;
    reset) cmd_reset ;;
    status) cmd_status ;;
    compose)
      # shellcheck source=scripts/lib/compose.sh
      source "$(dirname "${BASH_SOURCE[0]}")/lib/compose.sh"
      cmd_compose
      ;;
    -h | --help | help) usage 0 ;;
    *) usage 1 ;;
  esac
}

main "$@"
