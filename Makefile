# The front door: `make run` builds the graph and serves it, `make test` runs the suite.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= var/store
SOURCES ?= data/sources
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The query page's editor (YASGUI): npm installs the locked version, its built files are served from here.
VENDOR := api/static/vendor
YASGUI_BUILD := node_modules/@zazuko/yasgui/build

.PHONY: install run load test lint bench bench-scale clean check-install

install: $(VENV)/.installed $(VENDOR)/.installed

# Reinstall only when the declared or locked dependencies change.
$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

# Reinstall only when the locked editor version changes. No install scripts run (the only ones print licences).
$(VENDOR)/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/yasgui
	cp $(YASGUI_BUILD)/yasgui.min.js $(YASGUI_BUILD)/yasgui.min.css $(VENDOR)/yasgui/
	touch $@

load: install
	$(BIN)/cislunar-kg load $(SOURCES) --store $(STORE)

run: load
	$(BIN)/cislunar-kg serve --store $(STORE) --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest

# The package installed without the test extras into a fresh venv under /tmp; runs --help, load, serve's start.
check-install:
	PYTHON=$(PYTHON) .ci/install-check

lint: install
	$(BIN)/ruff check cislunar_kg graph api ontology shapes tests bench
	$(BIN)/mypy cislunar_kg graph api

# The endpoint benchmark's reference server (Oxigraph's own HTTP server, the same engine) and the profiler of the
# per-request breakdown; installed into the venv for `make bench` only, never project dependencies.
BENCH_TOOLS := oxigraph==0.5.13 py-spy==0.4.3

bench: install
	$(BIN)/python bench/load_steps.py
	$(BIN)/python -m bench.long_lines
	$(BIN)/python -m pip install --quiet -c constraints.txt $(BENCH_TOOLS)
	$(BIN)/python -m bench.endpoint
	$(BIN)/python -m bench.request_costs

# The ontology checklist (FOOPS!/OOPS!-style) on the published files, data, shapes and queries; exit 1 on a failure.
.PHONY: check-ontology
check-ontology: install
	$(BIN)/python -m cislunar_kg.quality.ontology_check

# Synthetic releases through the real loader: load time, memory, disk and query latency at 1k and 10k.
bench-scale: install
	$(BIN)/python bench/scale.py --sizes $${SIZES:-1000,10000}

# How well the loader reads: every release scored fact by fact against its gold file, Japanese then English.
.PHONY: eval
eval: install
	$(BIN)/cislunar-kg evaluate data/sources data/dev/ja --gold data/gold
	$(BIN)/cislunar-kg evaluate data/dev/en --gold data/gold/en

clean:
	rm -rf $(VENV) var .pytest_cache node_modules $(VENDOR)
