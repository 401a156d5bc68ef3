#!/usr/bin/env bash
# `make setup-cluster` (run by `make start-cluster`, `make test-cluster`): the pieces the cluster profile
# needs beyond `make setup`, built once into .tools/temporal-server-<version>/ and skipped when present:
#   bin/temporal-server     go install go.temporal.io/server/cmd/server@<version>          (~2 min here)
#   bin/temporal-sql-tool   go install go.temporal.io/server/cmd/tools/sql@<version>       (same module)
#   schema/postgresql/v12   the versioned schemas of the same module, copied from Go's module cache
# The version matches the dev server that `make start` runs (CLI 1.5.1 embeds server 1.29.1) and the
# Compose file's images. PostgreSQL itself comes from `make setup` (Debian's postgresql package).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="${TEMPORAL_SERVER_VERSION:-v1.29.1}"
# TEMPORAL_SERVER_DIR: build (or find) it elsewhere, e.g. outside a shared .tools.
DIR="${TEMPORAL_SERVER_DIR:-$ROOT/.tools/temporal-server-$VERSION}"
log() { echo "setup-cluster: $*"; }
die() { echo "setup-cluster: $*" >&2; exit 1; }

if [[ -x "$DIR/bin/temporal-server" && -x "$DIR/bin/temporal-sql-tool" && -f "$DIR/schema/postgresql/v12/temporal/schema.sql" ]]; then
  log "temporal server $VERSION present ($DIR)"
  exit 0
fi
command -v go >/dev/null 2>&1 || die "Go is required to build the Temporal server $VERSION"
T0=$(date +%s)
mkdir -p "$DIR/bin"
build() { # $1 package, $2 binary name go gives it, $3 our name
  [[ -x "$DIR/bin/$3" ]] && return 0
  log "building $1@$VERSION with go install (first time: about 2 minutes)"
  local tmp; tmp="$(mktemp -d)"
  GOBIN="$tmp" GOFLAGS="${GOFLAGS:-} -buildvcs=false" go install "$1@$VERSION"
  mv "$tmp/$2" "$DIR/bin/$3"
  rm -rf "$tmp"
}
build go.temporal.io/server/cmd/server server temporal-server
build go.temporal.io/server/cmd/tools/sql sql temporal-sql-tool
MOD="$(go env GOMODCACHE)/go.temporal.io/server@$VERSION"
[[ -d "$MOD/schema/postgresql/v12" ]] || GOFLAGS="-mod=mod" go mod download "go.temporal.io/server@$VERSION"
[[ -d "$MOD/schema/postgresql/v12" ]] || die "schema not found in $MOD"
mkdir -p "$DIR/schema/postgresql"
rm -rf "$DIR/schema/postgresql/v12"
cp -R "$MOD/schema/postgresql/v12" "$DIR/schema/postgresql/v12"
chmod -R u+w "$DIR/schema"
log "temporal server $VERSION ready in $(( $(date +%s) - T0 )) s ($DIR)"
