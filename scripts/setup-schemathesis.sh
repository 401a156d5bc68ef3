#!/usr/bin/env bash
# Schemathesis, pinned, in a project-local virtualenv (.tools/schemathesis-<version>) from PyPI; part of
# `make setup`. Idempotent: nothing is fetched when the pinned version is there, so `make contract` and
# `make test` then run offline. Needs python3 with venv (Debian: python3-venv; setup.sh installs it).
#   --print-venv  print the virtualenv's path and exit
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SCHEMATHESIS_VERSION="4.32.5"
VENV="$ROOT/.tools/schemathesis-$SCHEMATHESIS_VERSION"
if [[ "${1:-}" == "--print-venv" ]]; then echo "$VENV"; exit 0; fi
if [[ -x "$VENV/bin/st" ]] && "$VENV/bin/python" -c 'import schemathesis, sys; sys.exit(0 if schemathesis.__version__ == sys.argv[1] else 1)' "$SCHEMATHESIS_VERSION" 2>/dev/null; then
  exit 0
fi
command -v python3 >/dev/null 2>&1 || { echo "setup: python3 is required for Schemathesis (apt-get install python3 python3-venv)" >&2; exit 1; }
echo "setup: installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
rm -rf "$VENV"
python3 -m venv "$VENV"
# A half-made virtualenv is removed, so the next run installs again instead of trusting it.
"$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" || { rm -rf "$VENV"; exit 1; }
