# One entry point for people and CI. `make run` sets everything up; `make check` is what CI runs.
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
RUN := $(UV) run --frozen
EXAMPLE_PACKS := --pack tests/fixtures/packs/pgdump_bookstore --pack tests/fixtures/packs/csv_bookstore --pack tests/fixtures/packs/pgdump_club

.PHONY: setup frontend datasets run check lint test bank-check bench bench-server bench-overhead bench-fairness fidelity plans isolation postgres browser

setup:  ## install uv (if missing) and the locked dependencies into .venv
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || \
		python3 -m pip install --quiet "uv==$(UV_VERSION)"
	$(UV) sync --frozen

frontend:  ## install the pinned npm packages and bundle the page scripts into app/web/static/dist
	@bash tools/node-up.sh
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build

datasets: setup  ## build the DuckDB files of the built-in datasets (idempotent)
	$(RUN) drill datasets build

run: datasets frontend  ## set up, build datasets and page scripts, serve on http://127.0.0.1:8000
	$(RUN) drill serve

lint: setup
	$(RUN) ruff check app tests datasets tools bench
	$(RUN) mypy

bank-check: datasets
	$(RUN) drill bank check $(EXAMPLE_PACKS)

postgres:  ## a local PostgreSQL for the tests that compare with it (installs and starts it)
	bash tools/postgres-up.sh

browser:  ## Debian's Chromium for the browser tests (installs it when missing)
	bash tools/chromium-up.sh

test: datasets frontend postgres browser  ## the whole test suite; pytest's "no tests collected" (exit 5) is a failure
	@$(RUN) pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: the suite must never be empty" >&2; fi; \
	exit $$status

check: lint bank-check test  ## everything CI runs

bench: datasets  ## engine benchmarks; figures go to bench/RESULTS.md
	$(RUN) python bench/bench_engine.py

bench-server: datasets  ## server load benchmark against Datasette; figures go to bench/RESULTS.md
	$(RUN) python bench/bench_server.py

bench-overhead: datasets  ## server CPU per uncached answer beyond the query's own engine time, beside Datasette's
	$(RUN) python bench/bench_overhead.py

bench-fairness: datasets  ## normal clients beside abusive ones running queries to the limit; figures go to bench/RESULTS.md
	$(RUN) python bench/bench_fairness.py

fidelity: postgres  ## re-capture the fidelity corpus from the local PostgreSQL 15
	$(RUN) python tools/capture_fidelity.py

plans: postgres  ## re-capture the query plans of question_bank/captures/plans.toml (ONLY=name for one)
	$(RUN) python -m tools.capture_plans $(if $(ONLY),--only $(ONLY))

isolation: postgres  ## re-capture the isolation drills' interleavings from the local PostgreSQL 15
	$(RUN) python -m tools.capture_isolation
