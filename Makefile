# The two commands: `make start` and `make test`. Both install what is missing first (`make setup`,
# idempotent, well under a second when everything is there).
SHELL := /bin/bash
.DEFAULT_GOAL := help
NODE_TS := node --import tsx

# `make walkthrough`: the README's SME walk-through against a running `make start`.
walkthrough:
	@$(NODE_TS) scripts/walkthrough.ts

# `make contract`: with make start running, Schemathesis fuzzes the OpenAPI document with every check per role.
contract:
	@bash scripts/contract.sh

# `make fault-suite`: cases of every service in flight while workers, APIs and the Temporal server are killed -9
# and the outside systems go down and hang; prints cases, faults, lost, duplicated, p50/p99 per fault class
# (scripts/fault-suite.ts). FULL=1: 240 cases, 10-minute outage and stall. STACK=cluster: the cluster profile.
fault-suite: setup
	@if [ "$(STACK)" = cluster ]; then bash scripts/setup-cluster.sh; fi
	@FAULT_STACK=$(or $(STACK),embedded) $(if $(FULL),FAULT_FULL=1) $(NODE_TS) scripts/fault-suite.ts

# `make mutation-check`: each pinned number (terms, windows, fees, MRP) changed one at a time must fail a test.
mutation-check:
	@$(NODE_TS) scripts/mutation-check.ts

# Database: apply committed migrations to DATABASE_URL (the API and worker also do at start), or make a
# new migration for both SQLite and PostgreSQL after editing prisma/models.prisma (docs/persistence.md).
db-migrate: setup
	@$(NODE_TS) scripts/db-migrate.ts

db-migration: setup
	@test -n "$(NAME)" || { echo "usage: make db-migration NAME=short_name"; exit 2; }
	@$(NODE_TS) scripts/db-migration.ts $(NAME)

.PHONY: setup-cluster start-cluster test-cluster bench
.PHONY: contract fault-suite format mutation-check walkthrough db-migrate db-migration help setup start test typecheck lint jest dev-server register-search-attributes

help:
	@echo "make start   - setup, then the Temporal dev server, simulators, worker and API (Ctrl-C stops all)"
	@echo "make test    - setup, then typecheck, lint and every test (unit, workflow, integration, API, SQLite, PostgreSQL)"
	@echo "make walkthrough - with make start running: submit, pay, sign, get the signed registration notification"
	@echo "make start-cluster - the cluster profile: Temporal server on PostgreSQL, 2 workers, 2 APIs (Ctrl-C stops all)"
	@echo "make test-cluster  - the walk-throughs on the cluster profile (several minutes)"
	@echo "make bench  - benchmarks, short sizes (FULL=1: large); prints figures, not a test"
	@echo "make fault-suite - every service's cases under kill -9 of worker/API/Temporal, outside outage and stall (FULL=1, STACK=cluster)"
	@echo "make setup   - install what is missing (node modules, Temporal CLI, test server, Debian packages)"

setup:
	@bash scripts/setup.sh

start: setup
	@$(NODE_TS) scripts/start.ts

# The cluster profile (README: Cluster profile; docs/operations.md): the Temporal server 1.29.1 on
# PostgreSQL, two workers, two APIs behind a round-robin. setup-cluster builds the server once (~2 min).
setup-cluster:
	@bash scripts/setup-cluster.sh

start-cluster: setup setup-cluster
	@$(NODE_TS) scripts/start-cluster.ts

# The walk-throughs on the cluster profile (several minutes: not part of make test).
test-cluster: setup setup-cluster
	@CLUSTER_TEST=1 npx jest --ci --maxWorkers=1 test/cluster

# Benchmarks (README: Benchmarks): a short run by default, FULL=1 the large sizes. Not timed tests.
bench: setup
	@$(NODE_TS) bench/run.ts $(if $(FULL),--full,)

dev-server: setup
	@$(NODE_TS) scripts/dev-server.ts

register-search-attributes: setup
	@$(NODE_TS) scripts/register-search-attributes.ts

typecheck:
	npx tsc --noEmit -p tsconfig.json

lint:
	npx eslint --max-warnings 0 .

# Prettier over the tree (.prettierrc.json; Markdown and YAML are left as written, see .prettierignore).
format:
	npx prettier --write .

jest:
	npx jest --ci

# Every step runs even when an earlier one failed, so one run shows all problems; the exit code is
# non-zero if any failed. Jest's summary (and our one-line "Tests: N passed, N failed") closes the output.
test: setup setup-cluster
	@status=0; \
	echo "== typecheck"; npx tsc --noEmit -p tsconfig.json || { status=1; echo "typecheck FAILED"; }; \
	echo "== format"; npx prettier --check . --log-level warn || { status=1; echo "format FAILED (make format fixes it)"; }; \
	echo "== lint"; npx eslint --max-warnings 0 . || { status=1; echo "lint FAILED"; }; \
	echo "== jest"; CLUSTER_TEST=1 npx jest --ci || status=1; \
	exit $$status
