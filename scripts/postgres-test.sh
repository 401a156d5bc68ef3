#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and for making migrations: initdb into a temp data dir,
# listen on 127.0.0.1 on a free port (plus a unix socket inside the same temp dir), trust auth for the
# local user `app`, database `app`. Nothing outside the temp dir is touched; `stop` deletes it.
#
#   scripts/postgres-test.sh start [--owner-pid PID]
#        → prints shell assignments: PG_TEST_DIR=… DATABASE_URL=…
#          with --owner-pid, a watchdog stops and deletes the server when process PID ends (a killed
#          test run leaves no server behind)
#   scripts/postgres-test.sh stop DIR       → stops the server and removes DIR
#
# Installs Debian's `postgresql` package when no server binaries are found (needs root and apt).
# PostgreSQL refuses to run as root: as root the server runs as the `postgres` system user (created
# by the package; created here if missing).
set -euo pipefail

log() { echo "postgres-test: $*" >&2; }
die() { log "$*"; exit 1; }

find_bindir() {
  if [[ -n "${PG_BIN:-}" && -x "${PG_BIN}/initdb" ]]; then echo "$PG_BIN"; return 0; fi
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir 2>/dev/null || true)"
    if [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]]; then echo "$d"; return 0; fi
  fi
  # Debian installs versioned server binaries outside PATH; take the newest.
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then echo "$d"; return 0; fi
  done
  return 1
}

ensure_installed() {
  if find_bindir >/dev/null; then return 0; fi
  command -v apt-get >/dev/null 2>&1 || die "no PostgreSQL server binaries found and no apt-get to install them (set PG_BIN)"
  local sudo=""
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "PostgreSQL is not installed and installing it needs root"
    sudo="sudo"
  fi
  log "installing postgresql with apt-get"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2 \
    || { $sudo apt-get update >&2 && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2; } \
    || die "apt-get install postgresql failed"
  find_bindir >/dev/null || die "postgresql installed but initdb/pg_ctl not found"
}

# Run a server binary as the account that will own the cluster.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u "$PG_OWNER" -- "$@"
  else
    "$@"
  fi
}

free_port() {
  # Ask the kernel for an unused port (a tiny race remains; start retries on a clash).
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

cmd_start() {
  ensure_installed
  local bindir; bindir="$(find_bindir)"
  PG_OWNER="$(id -un)"
  if [[ "$(id -u)" == 0 ]]; then
    PG_OWNER=postgres
    if ! id -u postgres >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin postgres || die "cannot create the postgres user"
    fi
  fi
  local dir; dir="$(mktemp -d "${TMPDIR:-/tmp}/kz-pg.XXXXXX")"
  [[ "$(id -u)" == 0 ]] && chown "$PG_OWNER" "$dir"
  as_owner "$bindir/initdb" -D "$dir/data" -U app --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || as_owner "$bindir/initdb" -D "$dir/data" -U app --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; die "initdb failed"; }
  local port attempt
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    # fsync off: a test cluster that is deleted afterwards needs no durability.
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null 2>&1; then
      echo "$port" >"$dir/port"
      echo "$bindir" >"$dir/bindir"
      echo "$PG_OWNER" >"$dir/owner"
      "$bindir/createdb" -h 127.0.0.1 -p "$port" -U app app >&2 || { cmd_stop "$dir"; die "createdb failed"; }
      if [[ -n "${OWNER_PID:-}" ]]; then
        # Detached from our stdout so the caller's read of it ends; checks every second.
        setsid bash -c 'while kill -0 "$1" 2>/dev/null && [[ -d "$2" ]]; do sleep 1; done; [[ -d "$2" ]] && exec "$3" stop "$2"' \
          watchdog "$OWNER_PID" "$dir" "$(readlink -f "$0")" </dev/null >/dev/null 2>&1 &
      fi
      echo "PG_TEST_DIR=$dir"
      echo "DATABASE_URL=postgresql://app@127.0.0.1:$port/app"
      return 0
    fi
    log "start on port $port failed (attempt $attempt)"
  done
  tail -n 30 "$dir/server.log" >&2 || true
  rm -rf "$dir"
  die "PostgreSQL did not start"
}

cmd_stop() {
  local dir="${1:-}"
  [[ -n "$dir" && -d "$dir" ]] || die "usage: $0 stop DIR (DIR printed by start as PG_TEST_DIR)"
  [[ -f "$dir/data/PG_VERSION" || -f "$dir/bindir" ]] || die "$dir does not look like a test cluster; refusing to delete it"
  if [[ -f "$dir/bindir" && -f "$dir/data/postmaster.pid" ]]; then
    PG_OWNER="$(cat "$dir/owner")"
    as_owner "$(cat "$dir/bindir")/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || log "pg_ctl stop failed"
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start)
    if [[ "${2:-}" == "--owner-pid" ]]; then
      [[ "${3:-}" =~ ^[0-9]+$ ]] || die "--owner-pid needs a process id"
      OWNER_PID="$3"
    fi
    cmd_start ;;
  stop) shift; cmd_stop "${1:-}" ;;
  *) echo "usage: $0 start [--owner-pid PID] | stop DIR" >&2; exit 2 ;;
esac
