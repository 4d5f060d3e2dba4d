# shellcheck shell=bash
# shellcheck disable=SC2034  # the constants below are used by the scripts that source this file
# Shared helpers for scripts/network.sh and scripts/deploy-chaincode.sh (sourced, not executed).
# Everything generated lives under network/.generated/ (git-ignored).

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NETWORK_DIR="$REPO_ROOT/network"
GEN_DIR="$NETWORK_DIR/.generated"
CRYPTO_DIR="$GEN_DIR/crypto"
CONFIG_DIR="$GEN_DIR/config"
LOG_DIR="$GEN_DIR/logs"
RUN_DIR="$GEN_DIR/run"
WALLET_DIR="$GEN_DIR/wallet"
SETTINGS_FILE="$GEN_DIR/network.env"
GATEWAY_ENV="$GEN_DIR/gateway.env"

ORDERER_DOMAIN="suyuan.test"
ORDERER_HOST="orderer.$ORDERER_DOMAIN"
ORDERER_ORG_DIR="$CRYPTO_DIR/ordererOrganizations/$ORDERER_DOMAIN"
ORDERER_TLS_CA="$ORDERER_ORG_DIR/orderers/$ORDERER_HOST/tls/ca.crt"
ORGS=(enterprise regulator)

# Settings fixed when the network is first created (ports end up in the channel configuration).
SETTING_NAMES=(CHANNEL_NAME CC_NAME ORDERER_PORT ORDERER_ADMIN_PORT ORDERER_OPS_PORT
  PEER1_PORT PEER1_CC_PORT PEER1_OPS_PORT PEER2_PORT PEER2_CC_PORT PEER2_OPS_PORT)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Loads network/.generated/network.env when the network exists, else the environment or defaults.
load_settings() {
  local name value
  if [[ -f "$SETTINGS_FILE" ]]; then
    for name in "${SETTING_NAMES[@]}"; do
      value="$(sed -n "s/^${name}=//p" "$SETTINGS_FILE")"
      if [[ -n "${!name:-}" && "${!name}" != "$value" ]]; then
        log "warning: $name=${!name} ignored; this network was created with $name=$value (reset to change)"
      fi
      printf -v "$name" '%s' "$value"
    done
  fi
  CHANNEL_NAME="${CHANNEL_NAME:-trace}"
  CC_NAME="${CC_NAME:-suyuan}"
  ORDERER_PORT="${ORDERER_PORT:-7050}"
  ORDERER_ADMIN_PORT="${ORDERER_ADMIN_PORT:-7053}"
  ORDERER_OPS_PORT="${ORDERER_OPS_PORT:-9443}"
  PEER1_PORT="${PEER1_PORT:-7051}"
  PEER1_CC_PORT="${PEER1_CC_PORT:-7052}"
  PEER1_OPS_PORT="${PEER1_OPS_PORT:-9444}"
  PEER2_PORT="${PEER2_PORT:-9051}"
  PEER2_CC_PORT="${PEER2_CC_PORT:-9052}"
  PEER2_OPS_PORT="${PEER2_OPS_PORT:-9445}"
}

save_settings() {
  local name
  mkdir -p "$GEN_DIR"
  for name in "${SETTING_NAMES[@]}"; do
    printf '%s=%s\n' "$name" "${!name}"
  done > "$SETTINGS_FILE"
}

# Per-organisation facts. Usage: org_get <enterprise|regulator> <mspid|domain|port|ccport|opsport>
org_get() {
  case "$1:$2" in
    enterprise:mspid) echo EnterpriseMSP ;;
    regulator:mspid) echo RegulatorMSP ;;
    enterprise:domain) echo enterprise.suyuan.test ;;
    regulator:domain) echo regulator.suyuan.test ;;
    enterprise:port) echo "$PEER1_PORT" ;;
    regulator:port) echo "$PEER2_PORT" ;;
    enterprise:ccport) echo "$PEER1_CC_PORT" ;;
    regulator:ccport) echo "$PEER2_CC_PORT" ;;
    enterprise:opsport) echo "$PEER1_OPS_PORT" ;;
    regulator:opsport) echo "$PEER2_OPS_PORT" ;;
    *) die "org_get: unknown $1:$2" ;;
  esac
}
org_org_dir() { echo "$CRYPTO_DIR/peerOrganizations/$(org_get "$1" domain)"; }
org_peer_host() { echo "peer0.$(org_get "$1" domain)"; }
org_peer_dir() { echo "$(org_org_dir "$1")/peers/$(org_peer_host "$1")"; }
org_peer_tls_ca() { echo "$(org_peer_dir "$1")/tls/ca.crt"; }

# Resolves an official Fabric binary from FABRIC_BIN_DIR, then PATH.
fabric_bin() {
  local name="$1"
  if [[ -n "${FABRIC_BIN_DIR:-}" && -x "$FABRIC_BIN_DIR/$name" ]]; then
    echo "$FABRIC_BIN_DIR/$name"
  elif command -v "$name" >/dev/null 2>&1; then
    command -v "$name"
  else
    die "Fabric binary '$name' not found in FABRIC_BIN_DIR (${FABRIC_BIN_DIR:-unset}) or PATH.
  Get the v2.5 binaries with Hyperledger's install script (see docs/fabric.md):
    curl -sSLO https://raw.githubusercontent.com/hyperledger/fabric/main/scripts/install-fabric.sh
    bash install-fabric.sh --fabric-version 2.5.5 binary
  then export FABRIC_BIN_DIR=\$PWD/bin"
  fi
}

# Exports the peer CLI environment for an organisation's admin (never used for the peer process).
use_org_admin() {
  local org="$1"
  export FABRIC_CFG_PATH CORE_PEER_ADDRESS
  FABRIC_CFG_PATH="$CONFIG_DIR/$(org_peer_host "$org")"
  CORE_PEER_ADDRESS="127.0.0.1:$(org_get "$org" port)"
  export CORE_PEER_LOCALMSPID
  CORE_PEER_LOCALMSPID="$(org_get "$org" mspid)"
  export CORE_PEER_MSPCONFIGPATH
  CORE_PEER_MSPCONFIGPATH="$(org_org_dir "$org")/users/Admin@$(org_get "$org" domain)/msp"
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_TLS_ROOTCERT_FILE
  CORE_PEER_TLS_ROOTCERT_FILE="$(org_peer_tls_ca "$org")"
}

# Replaces ${NAME} placeholders with the values of the named shell variables; fails on leftovers.
render_template() {
  local src="$1" dst="$2" text name
  shift 2
  text="$(<"$src")"
  for name in "$@"; do
    text="${text//"\${$name}"/${!name}}"
  done
  # shellcheck disable=SC2016  # a literal dollar-brace is what we look for
  if [[ "$text" == *'${'* ]]; then
    die "render_template: unresolved placeholder in $src: $(grep -o '\${[A-Z_0-9]*}' <<<"$text" | sort -u | tr '\n' ' ')"
  fi
  mkdir -p "$(dirname "$dst")"
  printf '%s\n' "$text" > "$dst"
}

# True when something accepts TCP connections on 127.0.0.1:<port>.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Polls a command until it succeeds. Usage: wait_until <seconds> <description> <command...>
wait_until() {
  local timeout="$1" what="$2" deadline
  shift 2
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "timed out after ${timeout}s waiting for $what"
      return 1
    fi
    sleep 0.2
  done
}

now_ms() { date +%s%3N; }

# --- processes: each runs in its own session (pid = process group id), with a pid file and a log ---

pid_file() { echo "$RUN_DIR/$1.pid"; }

is_running() {
  local file pid
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(<"$file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

running_pid() { cat "$(pid_file "$1")"; }

# Usage: start_process <name> <command...>; output is appended to logs/<name>.log
start_process() {
  local name="$1"
  shift
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  printf '\n===== %s start: %s\n' "$(date -Is)" "$*" >> "$LOG_DIR/$name.log"
  setsid "$@" >> "$LOG_DIR/$name.log" 2>&1 < /dev/null &
  echo "$!" > "$(pid_file "$name")"
}

# Stops a process started by start_process (its whole process group), TERM then KILL after 15 s.
stop_process() {
  local name="$1" pid deadline
  if ! is_running "$name"; then
    rm -f "$(pid_file "$name")"
    return 0
  fi
  pid="$(running_pid "$name")"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 15))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "$name (pid $pid) ignored SIGTERM; sending SIGKILL"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$(pid_file "$name")"
  log "stopped $name (pid $pid)"
}

# Prints .field.path of the JSON document on stdin (Node is a project requirement; jq is not).
json_get() {
  node -e '
    let s = "";
    process.stdin.on("data", (d) => (s += d)).on("end", () => {
      let v = JSON.parse(s);
      for (const k of process.argv[1].split(".").filter(Boolean)) v = v == null ? undefined : v[k];
      if (v === undefined) process.exit(1);
      process.stdout.write(typeof v === "object" ? JSON.stringify(v) : String(v));
    });' "$1"
}
