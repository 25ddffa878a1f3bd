# ReelPress: `make run` serves the demo site, `make test` runs the whole suite.
VENV ?= .venv
PYTHON ?= python3
PORT ?= 8000
BIN = $(VENV)/bin

.PHONY: run test install install-dev lint format bench clean

run: install
	$(BIN)/reelpress migrate --noinput -v0
	$(BIN)/reelpress collectstatic --noinput -v0
	$(BIN)/reelpress demo --if-empty --no-pictures
	$(BIN)/reelpress reindex --if-needed
	$(BIN)/reelpress setup_roles
	$(BIN)/reelpress ensure_admin
	@# The demo's pictures are drawn beside the starting server (their renditions take a while).
	$(BIN)/reelpress demo --pictures-only -v0 &
	PORT=$(PORT) $(BIN)/reelpress serve

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q -n auto --dist loadfile

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "ReelPress needs Python 3.11 or newer as $(PYTHON)"; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 -m venv failed: installing Debian's python3-venv"; \
	  apt-get install -y python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); } || { \
	  echo "Cannot create a virtual environment: run 'sudo apt-get install python3-venv' and retry"; exit 1; }
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	@# Browser tests drive Debian's Chromium; without it they skip, saying why.
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)) \
	  || echo "Chromium not installed: browser tests will skip (apt-get install chromium)"; }
	@touch $@

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev
	$(BIN)/python bench/search.py --reviews 100000
	$(BIN)/python bench/import.py --pages 10000
	$(BIN)/python bench/images.py -n 1000 --json bench/results/images.json
	$(BIN)/python bench/weight.py --json bench/results/weight.json

clean:
	rm -rf $(VENV) build *.egg-info
