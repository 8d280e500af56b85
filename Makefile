# Frontline — every set-up step lives here so a fresh machine needs only `make run` / `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared

.PHONY: setup tools run test unit integration lint typecheck schemas score bench clean-state help audit lock validate-deploy

help:
	@echo "make run    - local Kafka + worker + sample feed, live output (Ctrl-C stops all)"
	@echo "make test   - set up everything and run lint, unit, integration and rule tests"
	@echo "make unit   - the unit tests of pure code only (seconds)"
	@echo "make bench  - throughput/latency benchmark against the local broker"

$(BIN)/.installed: pyproject.toml services/frontline_dev/pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python >= 3.11 required (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -e '.[dev,fast]' -e services/frontline_dev
	@touch $@

setup: $(BIN)/.installed

tools:
	@bash scripts/ensure-tools.sh

run: setup tools
	$(BIN)/frontline kafka fetch >/dev/null
	$(BIN)/python -m frontline.geo.index >/dev/null
	$(BIN)/frontline run

lint: setup
	$(BIN)/ruff check services tests deploy scripts
	$(BIN)/ruff format --check services tests deploy scripts
	$(BIN)/frontline schemas --check

# mypy with the pydantic plugin (config: pyproject.toml [tool.mypy]); part of `make test`.
typecheck: setup
	$(BIN)/mypy

# Pure code only, in seconds (fixture gazetteer): no broker, no real GeoNames data, no external
# program. `make test` runs everything.
unit: setup
	$(BIN)/pytest -q -m "not integration and not gazetteer and not external and not prometheus" tests

integration: setup tools
	$(BIN)/pytest -q -m integration tests

score: setup
	@bash scripts/score-dev.sh $(SHARED)

test: setup tools lint typecheck
	$(BIN)/frontline kafka fetch >/dev/null
	$(BIN)/python -m frontline.geo.index >/dev/null
	$(BIN)/pytest -q -p no:cacheprovider --durations=15 tests
	@bash scripts/score-dev.sh $(SHARED)

validate-deploy: setup tools
	$(BIN)/python deploy/validate/validate.py

bench: setup tools
	$(BIN)/frontline bench

# pip-audit of requirements.lock; exits 2 (and says why) when no vulnerability data was reachable.
audit: setup
	$(BIN)/python scripts/audit.py

# Regenerate requirements.lock (exact pins of the runtime + dev + fast extras) from pyproject.toml.
lock: setup
	$(BIN)/pip-compile --quiet --extra dev --extra fast --strip-extras --no-emit-find-links --allow-unsafe \
	  -o requirements.lock pyproject.toml

clean-state:
	-$(BIN)/frontline kafka stop
	rm -rf .state
