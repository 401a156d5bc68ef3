#!/usr/bin/env bash
# `make contract`: Schemathesis (pinned, in a project-local virtualenv from PyPI; scripts/setup-schemathesis.sh)
# fuzzes the OpenAPI document of a running `make start` with every check, once per role (anonymous, portal,
# staff, viewer, admin, operator, gateway), and prints each role's summary. Exit code non-zero when any role
# found a failure or an error. test/contract/schemathesis.test.ts runs the short form in `make test`.
#   API_URL       where the API runs (default http://127.0.0.1:${API_PORT:-3000})
#   DATA_DIR      where `make start` wrote dev-credentials.json (default .data)
#   MAX_EXAMPLES  examples per operation (default 20)
#   ROLES         which roles, space-separated (default: all seven)
#   PHASES        Schemathesis phases (default: all)
#   PARALLEL      set: run the roles at once (the short form in make test)
#   SEED          Hypothesis seed (default 1: the same requests every run)
#   CONTRACT_OUT  where each role's report goes (default test-artifacts/contract/<role>.txt)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
VENV="$(bash scripts/setup-schemathesis.sh --print-venv)"
API_URL="${API_URL:-http://127.0.0.1:${API_PORT:-3000}}"
CREDS="${DATA_DIR:-$ROOT/.data}/dev-credentials.json"
OUT="${CONTRACT_OUT:-$ROOT/test-artifacts/contract}"
ROLES="${ROLES:-anonymous portal staff viewer admin operator gateway}"

bash scripts/setup-schemathesis.sh
curl -fsS "$API_URL/openapi.json" -o /dev/null || { echo "contract: no API at $API_URL (run make start first)" >&2; exit 2; }
[[ -f "$CREDS" ]] || { echo "contract: no $CREDS (make start writes it)" >&2; exit 2; }
mkdir -p "$OUT"
rm -f "$OUT"/*.txt

token() {
  node -e 'const c=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).credentials;const x=c.find(x=>x.role===process.argv[2]);process.stdout.write(x?x.token:"")' "$CREDS" "$1"
}

phases=()
if [[ -n "${PHASES:-}" ]]; then phases=(--phases "$PHASES"); fi

# The coverage phase sends every boundary and negative value of every parameter, and is most of a run's
# time. A role gets it only for the operations whose declared roles admit it (the document's x-public and
# x-roles, from api/access.ts): elsewhere each of those requests is the same 401 or 403 from the role check,
# which the other three phases still meet for every operation, and test/api/authorization-matrix.test.ts
# checks for every operation and role. With PHASES set, one run with those phases on every operation.
admitted_operations() {
  node -e '
    const [url, role] = process.argv.slice(1);
    fetch(url).then((r) => r.json()).then((doc) => {
      for (const [path, item] of Object.entries(doc.paths ?? {}))
        for (const method of ["get", "put", "post", "delete", "patch"]) {
          const op = item[method];
          if (!op) continue;
          const roles = op["x-roles"];
          if (op["x-public"] || !Array.isArray(roles) || (role !== "anonymous" && roles.includes(role)))
            console.log(`${method.toUpperCase()} ${path}`);
        }
    });' "$API_URL/openapi.json" "$1"
}

st_run() {
  local out="$1"; shift
  "$VENV/bin/st" run "$API_URL/openapi.json" --url "$API_URL" "$@" --checks all \
    --max-examples "${MAX_EXAMPLES:-20}" --seed "${SEED:-1}" --no-color >"$out" 2>&1
}

run_role() {
  local role="$1" auth=() names=() rc=0
  if [[ "$role" != anonymous ]]; then auth=(-H "Authorization: Bearer $(token "$role")"); fi
  if [[ -n "${PHASES:-}" ]]; then
    st_run "$OUT/$role.txt" "${auth[@]}" "${phases[@]}"
    return
  fi
  st_run "$OUT/$role.txt" "${auth[@]}" --phases examples,fuzzing,stateful || rc=$?
  while IFS= read -r name; do names+=(--include-name "$name"); done < <(admitted_operations "$role")
  if ((${#names[@]} > 0)); then st_run "$OUT/$role-coverage.txt" "${auth[@]}" --phases coverage "${names[@]}" || rc=$?; fi
  return $rc
}
summary() { grep -E '^=+ .* in [0-9.]+s =+$' "$OUT/$1.txt" | tr -d '=' | xargs; }
report() {
  echo "contract: $1: $(summary "$1") (details: $OUT/$1.txt)"
  if [[ -f "$OUT/$1-coverage.txt" ]]; then echo "contract: $1-coverage: $(summary "$1-coverage") (details: $OUT/$1-coverage.txt)"; fi
}

status=0
if [[ -n "${PARALLEL:-}" ]]; then
  # The short form (make test): every role at once; the API answers them concurrently.
  declare -A pids=()
  for role in $ROLES; do run_role "$role" & pids[$role]=$!; done
  for role in $ROLES; do
    rc=0; wait "${pids[$role]}" || rc=$?
    report "$role"
    ((rc == 0)) || status=1
  done
else
  for role in $ROLES; do
    rc=0; run_role "$role" || rc=$?
    report "$role"
    ((rc == 0)) || status=1
  done
fi
exit $status
