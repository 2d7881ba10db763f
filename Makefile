# Two commands for a fresh clone: `make serve` (preview the example site) and `make test`.
# Each creates .venv and installs the pinned dependencies (constraints.txt) when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint validate report schemas bench fuzz clean

$(STAMP): pyproject.toml constraints.txt
	@echo "==> Creating $(VENV) and installing the pinned dependencies (first run only, a minute or two)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar on -c constraints.txt -e ".[test]"
	touch $(STAMP)
	@echo "==> Ready"

serve: $(STAMP)  ## preview the example site at http://127.0.0.1:8000
	$(BIN)/mkdocs serve

build: $(STAMP)  ## build the example site into site/
	$(BIN)/mkdocs build --strict

validate: $(STAMP)  ## check every record without building
	$(BIN)/advocacy validate

report: $(STAMP)  ## the internal program report (private data: never publish it)
	$(BIN)/advocacy report --format html -o program-report.html

schemas: $(STAMP)  ## regenerate the editor JSON Schemas
	$(BIN)/advocacy schema -o schemas

test: $(STAMP)  ## the whole test suite, browser tests included
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)  ## performance figures (not part of make test)
	$(BIN)/python benchmarks/run.py

fuzz: $(STAMP)  ## 10,000 mutated records through validate and the build (about 10 minutes; --quick: 20 s)
	$(BIN)/python benchmarks/fuzz.py

clean:
	rm -rf site $(VENV) tests/artifacts
