# Everyday commands. `make` alone runs the tests and the linter.
VENV ?= .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.DEFAULT_GOAL := check
.PHONY: check setup system-deps run ingest test lint eval ablation bench scale chroma load load-smoke clean

check: test lint

## setup: create .venv and install the project (torch's CPU build first, so nothing pulls a CUDA build)
setup: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

## system-deps: Debian's Chromium and its driver, for the browser tests
system-deps:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else echo "Install Chromium for the browser tests: sudo apt-get install chromium chromium-driver" >&2; exit 1; fi

## run: set up, ingest the bundled corpus if there is no index yet, and serve the chat UI
run: setup
	$(PY) -m assistant serve --ingest-if-missing

ingest: setup
	$(PY) ingest.py

## test: set up everything (browser included) and run the whole test suite, then the linter
test: setup system-deps
	$(PY) -m pytest
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## eval: run the dev and test splits against the current index; fail below the test split's recorded baseline
eval: setup
	$(PY) ingest.py --quiet
	ASSISTANT_AUDIT_LOG=false $(PY) -m evals --gate baseline

## ablation: each answering component switched off in turn, on the dev split
ablation: setup
	$(PY) ingest.py --quiet
	ASSISTANT_AUDIT_LOG=false $(PY) -m evals.ablation

bench: setup
	$(PY) -m evals.bench

## scale: ingest and serving figures over 1, 50 and 300 Debian licence texts plus the bundled corpus, with the
## plain LangChain pipeline beside ours (writes evals/results/scale.md and scale.json)
scale: setup
	$(PY) -m evals.scale

## chroma: a Chroma server from the installed package, on loopback unless CHROMA_HOST says otherwise. It has no
## authentication of its own: expose it beyond this machine only behind a proxy that checks the token (README).
CHROMA_HOST ?= 127.0.0.1
CHROMA_PORT ?= 8000
CHROMA_PATH ?= .chroma
chroma: setup
	$(VENV)/bin/chroma run --path $(CHROMA_PATH) --host $(CHROMA_HOST) --port $(CHROMA_PORT)

## load: 20 simulated users for 2 minutes, then 3x that, against the real app (figures for the closing note)
load: setup
	$(PY) ingest.py --quiet
	$(PY) -m evals.load --users 20 --seconds 120 --overload-seconds 30

## load-smoke: the shortened load run CI makes (still fails on any failed request)
load-smoke: setup
	$(PY) ingest.py --quiet
	$(PY) -m evals.load --users 20 --seconds 20 --overload-seconds 10

clean:
	rm -rf .index .data .chroma evals/results/scale evals/results/*.json evals/results/*.md evals/results/*.png
