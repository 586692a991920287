# Tousu: `make run` (embedded, SQLite, one process) and `make test` (the whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run demo install deps test test-compose test-unit test-component lint fmt typecheck contracts check migrate bench bench-followup bench-screen-pop bench-archive bench-inbound bench-routing bench-judgement bench-insights up down clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

run: $(STAMP)  ## all services in one process on SQLite, at 127.0.0.1:8000 ($$TOUSU_PORT)
	$(BIN)/tousu run

demo: $(STAMP)  ## post 91 days of dated demo history and a dozen complaints to the running instance
	$(BIN)/tousu demo --history 91

deps: $(STAMP)  ## PostgreSQL and headless Chromium (Debian packages), Kafka jars (Maven Central)
	bash scripts/ensure-postgres.sh
	bash scripts/ensure-kafka.sh
	bash scripts/ensure-chromium.sh

test: deps  ## everything: unit, component (on SQLite and PostgreSQL), integration, end-to-end on real Kafka, coverage; then test-compose
	TOUSU_TEST_DATABASES=sqlite,postgresql $(BIN)/pytest --cov --cov-report=term
	$(MAKE) test-compose

test-compose: $(STAMP)  ## docker-compose.yml for real: engine, stand-in images, the real Dockerfile, faults
	bash scripts/ensure-compose.sh
	TOUSU_COMPOSE_TESTS=1 $(BIN)/pytest tests/compose

test-unit: $(STAMP)  ## pure tests, no database: seconds
	$(BIN)/pytest tests/unit

test-component: $(STAMP)  ## the services wired on SQLite and the in-process bus
	$(BIN)/pytest tests/unit tests/component

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)  ## the architecture's import contracts (pyproject.toml [tool.importlinter])
	$(BIN)/lint-imports --no-cache  # a cached graph can miss a module that was moved away

check: lint typecheck contracts

migrate: $(STAMP)  ## upgrade the schemas at $$TOUSU_DATABASE_URL
	$(BIN)/tousu migrate

bench: deps  ## intake throughput/latency vs a bare INSERT (wrk), drain rate, end-to-end latency, on PostgreSQL + Kafka
	@command -v wrk >/dev/null || { echo "installing wrk from Debian's packages" >&2; \
	  $$( [ "$$(id -u)" -eq 0 ] || echo sudo ) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m bench.pipeline

bench-followup: deps  ## the follow-up dispatcher's SMS rate vs bare posts to the same gateway, on PostgreSQL
	$(BIN)/python -m bench.followup

bench-screen-pop: deps  ## the call-centre screen-pop's latency vs one complaint read, on PostgreSQL
	$(BIN)/python -m bench.screen_pop

bench-archive: deps  ## the same reads and writes with no archive, 20,000 and 1,000,000 archived complaints, on PostgreSQL
	$(BIN)/python -m bench.archive

bench-inbound: deps  ## a gateway's signed message and a threaded reply vs a JSON post, on PostgreSQL
	$(BIN)/python -m bench.inbound

bench-insights: $(STAMP)  ## surges and emerging topics injected into real archives: detection, delay, false alarms
	$(BIN)/python -m bench.insights
	$(BIN)/python -m bench.topics

bench-judgement: $(STAMP)  ## the judgement on ../shared/data/judgement: departments, risks, priority, motive, replies, surveys
	$(BIN)/python -m bench.judgement

bench-routing: $(STAMP)  ## department classifier: accuracy, macro-F1, prediction time, on ../shared/data
	$(BIN)/python -m bench.routing

up:
	docker compose up -d --build

down:
	docker compose down

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
