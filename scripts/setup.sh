#!/usr/bin/env bash
# `make setup`: installs whatever is missing for `make start` and `make test`, and nothing else.
# Idempotent and fast when everything is there (a few hash and version checks). Steps:
#   1. Debian packages the project needs on the machine: PostgreSQL server (tests run the persistence
#      layer against a real one), xmlsec1 (cross-checks our XMLDSig signatures), Java + Maven (the
#      time-skipping test server), Chromium (the dashboard's browser test). Only when missing; needs
#      root (or sudo) and apt.
#   2. node_modules: `npm ci` on a fresh clone, `npm install` when package.json/package-lock.json changed
#      since the last setup; then a check that the native modules (better-sqlite3, @swc/core, esbuild,
#      the Temporal core bridge) really load, rebuilding them from source if not.
#   3. Temporal CLI v1.5.1 (dev server) built with `go install` into .tools/bin, unless TEMPORAL_CLI_PATH
#      names one. (Later tags of the CLI cannot be built with `go install`.)
#   4. The Java time-skipping test server (scripts/setup-test-server.sh).
#   5. `npm run db:generate` (Prisma client) when package.json defines it.
#   6. Schemathesis, pinned, into a project-local virtualenv .tools/schemathesis-<version> from PyPI
#      (scripts/setup-schemathesis.sh): the API contract test in make test and make contract run it offline.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export DEBIAN_FRONTEND=noninteractive

TEMPORAL_CLI_VERSION="v1.5.1"
TOOLS_BIN="$ROOT/.tools/bin"
STAMP="$ROOT/node_modules/.kz-setup-stamp"

log() { echo "setup: $*"; }
die() { echo "setup: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
T0="$(now_ms)"
step() { STEP_NAME="$1"; STEP_T0="$(now_ms)"; }
step_done() { log "$STEP_NAME: $1 ($(( $(now_ms) - STEP_T0 )) ms)"; }

# npm commands share one lock with anyone else installing into this tree at the same time.
npm_locked() {
  if command -v flock >/dev/null 2>&1; then flock "${NPM_LOCK_FILE:-/tmp/npm.lock}" npm "$@"; else npm "$@"; fi
}

# ---------------------------------------------------------------- 1. Debian packages
step "system packages"
missing=()
command -v xmlsec1 >/dev/null 2>&1 || missing+=(xmlsec1)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v make >/dev/null 2>&1 || missing+=(make)
# The NCA's CA keys through PKCS#11 are tested against SoftHSM2 (test/pki/pkcs11.test.ts).
[[ -e /usr/lib/softhsm/libsofthsm2.so ]] || missing+=(softhsm2)
# Schemathesis (step 6) lives in a virtualenv: python3 with venv and ensurepip.
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
# The web dashboard's end-to-end test drives Debian's Chromium by path (test/e2e, CHROMIUM_PATH).
[[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]] || missing+=(chromium)
if ((${#missing[@]} > 0)); then
  SUDO=""
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "need root to install ${missing[*]} (apt-get install ${missing[*]})"
    SUDO="sudo -n"
  fi
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get: install them with your package manager"
  log "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  step_done "installed ${missing[*]}"
else
  step_done "present"
fi

# ---------------------------------------------------------------- 2. node_modules
step "node modules"
command -v node >/dev/null 2>&1 || die "Node.js >= 20.19 is required"
# better-sqlite3 has no prebuilt binary reachable here: node-gyp compiles it and needs Node's headers.
# Debian/NodeSource node ships them under /usr/include/node; point node-gyp there instead of a download.
if [[ -z "${npm_config_nodedir:-}" && -f /usr/include/node/node.h ]]; then export npm_config_nodedir=/usr; fi
deps_hash() { cat package.json package-lock.json | sha256sum | cut -d' ' -f1; }
lock_hash="$(deps_hash)"
if [[ ! -d node_modules ]]; then
  log "npm ci (fresh node_modules)"
  # npm 11 may write a lock without other platforms' optional packages (@swc/core-darwin-*, …) and then
  # refuse it in `npm ci` (npm/cli#4828). `npm install` installs the same locked versions.
  if ! npm_locked ci --no-audit --no-fund --loglevel=error 2>"/tmp/kz-npm-ci.$$"; then
    grep -m 6 -E 'error (code|`npm ci`|Missing)' "/tmp/kz-npm-ci.$$" | sed 's/^/  /' || true
    log "npm ci refused the lock file; falling back to npm install (same locked versions)"
    npm_locked install --no-audit --no-fund --loglevel=error
  fi
  rm -f "/tmp/kz-npm-ci.$$"
  action="installed"
elif [[ ! -f "$STAMP" || "$(cat "$STAMP")" != "$lock_hash" ]]; then
  log "package.json or package-lock.json changed since last setup: npm install"
  npm_locked install --no-audit --no-fund --loglevel=error
  action="updated"
else
  action="up to date"
fi
# Native modules must load, not merely be present (install scripts can be skipped or fail quietly).
check_native() {
  node -e '
    const path = require("node:path");
    const failures = [];
    const tryLoad = (name, fn) => { try { fn(); } catch (e) { failures.push(name + ": " + String(e && e.message).split("\n")[0]); } };
    tryLoad("better-sqlite3", () => { const D = require("better-sqlite3"); new D(":memory:").prepare("select 1").get(); });
    tryLoad("@prisma/adapter-better-sqlite3 -> better-sqlite3", () => {
      const base = path.dirname(require.resolve("@prisma/adapter-better-sqlite3"));
      const D = require(require.resolve("better-sqlite3", { paths: [base] })); new D(":memory:").prepare("select 1").get();
    });
    tryLoad("@swc/core", () => require("@swc/core").transformSync("const a: number = 1", { jsc: { parser: { syntax: "typescript" } } }));
    tryLoad("esbuild", () => require("esbuild").transformSync("const a: number = 1", { loader: "ts" }));
    tryLoad("@temporalio/core-bridge", () => require("@temporalio/core-bridge"));
    tryLoad("pkcs11js", () => new (require("pkcs11js").PKCS11)());
    if (failures.length) { console.error(failures.join("\n")); process.exit(1); }
  '
}
if ! check_native 2>/tmp/kz-setup-native.$$; then
  log "native modules do not load:"; sed 's/^/  /' /tmp/kz-setup-native.$$
  log "rebuilding them from source"
  npm_locked rebuild better-sqlite3 @swc/core esbuild pkcs11js
  check_native || die "native modules still do not load after npm rebuild"
  action="$action, native modules rebuilt"
fi
rm -f /tmp/kz-setup-native.$$
lock_hash="$(deps_hash)" # npm install may have rewritten the lock file
echo "$lock_hash" > "$STAMP"
step_done "$action"

# ---------------------------------------------------------------- 3. Temporal CLI (dev server)
step "temporal CLI"
if [[ -n "${TEMPORAL_CLI_PATH:-}" ]]; then
  [[ -x "$TEMPORAL_CLI_PATH" ]] || die "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable"
  step_done "using TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH"
else
  cli="$TOOLS_BIN/temporal"
  have=""
  if [[ -x "$cli" ]]; then
    # `go install` builds report 0.0.0-DEV as their version; the module version is in the build info.
    have="$(go version -m "$cli" 2>/dev/null | awk '$1 == "mod" && $2 == "github.com/temporalio/cli" { print $3 }' || true)"
    [[ -n "$have" ]] || have="$TEMPORAL_CLI_VERSION" # no go to ask: trust the binary that is there
  fi
  if [[ "$have" != "$TEMPORAL_CLI_VERSION" ]]; then
    command -v go >/dev/null 2>&1 || die "Go is required to build the Temporal CLI (or set TEMPORAL_CLI_PATH to an existing temporal binary)"
    log "building github.com/temporalio/cli $TEMPORAL_CLI_VERSION with go install (first time: a few minutes)"
    mkdir -p "$TOOLS_BIN"
    GOBIN="$TOOLS_BIN" GOFLAGS="${GOFLAGS:-} -buildvcs=false" go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION"
    step_done "built $cli"
  else
    step_done "present ($have)"
  fi
fi

# ---------------------------------------------------------------- 4. time-skipping test server
step "time-skipping test server"
bash "$ROOT/scripts/setup-test-server.sh"
step_done "ready"

# ---------------------------------------------------------------- 5. Prisma client
step "prisma client"
if node -e 'process.exit(require("./package.json").scripts?.["db:generate"] ? 0 : 1)'; then
  prisma_hash="$( { echo "$lock_hash"; find prisma -name '*.prisma' -type f -print0 2>/dev/null | sort -z | xargs -0 -r cat; } | sha256sum | cut -d' ' -f1)"
  prisma_stamp="$ROOT/node_modules/.kz-prisma-stamp"
  if [[ -d prisma/generated && -f "$prisma_stamp" && "$(cat "$prisma_stamp")" == "$prisma_hash" ]]; then
    step_done "up to date"
  else
    npm run --silent db:generate
    echo "$prisma_hash" > "$prisma_stamp"
    step_done "generated"
  fi
else
  step_done "skipped (no db:generate script)"
fi

# ---------------------------------------------------------------- 6. Schemathesis (API contract)
step "schemathesis"
bash "$ROOT/scripts/setup-schemathesis.sh"
step_done "ready"

mkdir -p "$ROOT/.data"
log "done in $(( $(now_ms) - T0 )) ms"
