# Two commands for a fresh clone: `make serve` (preview the example site) and `make test`.
# Each creates .venv and installs the pinned dependencies (constraints.txt) when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint validate report schemas messages bench profile fuzz clean

$(STAMP): pyproject.toml constraints.txt
	@echo "==> Creating $(VENV) and installing the pinned dependencies (first run only, a minute or two)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar on -c constraints.txt -e ".[test,bench]"
	touch $(STAMP)
	@echo "==> Ready"

serve: $(STAMP)  ## preview the example site at http://127.0.0.1:8000 (a record edit rebuilds only what it changes)
	$(BIN)/advocacy serve

build: $(STAMP)  ## build the example site into site/
	$(BIN)/mkdocs build --strict

validate: $(STAMP)  ## check every record without building
	$(BIN)/advocacy validate

report: $(STAMP)  ## the internal program report (private data: never publish it)
	$(BIN)/advocacy report --format html -o program-report.html

schemas: $(STAMP)  ## regenerate the editor JSON Schemas
	$(BIN)/advocacy schema -o schemas

LOCALE := plugins/mkdocs_advocacy/locale
messages: $(STAMP)  ## re-extract the pages' strings (babel.cfg) and update every catalog in $(LOCALE)/
	$(BIN)/pybabel extract -F babel.cfg -c TRANSLATORS: --add-location=file --sort-by-file --no-wrap \
		--project=mkdocs-advocacy -o $(LOCALE)/advocacy.pot .
	$(BIN)/pybabel update -i $(LOCALE)/advocacy.pot -d $(LOCALE) -D advocacy --no-wrap --ignore-obsolete

test: $(STAMP)  ## the whole test suite, browser tests included
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/mypy

# Benchmarks build in memory (tmpfs) when there is room for them: on a shared machine's disk the time
# to write 13,000 small files moved tenfold from one run to the next, drowning what the code does
# (benchmarks/RESULTS.md). BENCH_TMP=/some/dir chooses another place.
BENCH_TMP ?= $(shell [ -d /dev/shm ] && [ "$$(df -Pk /dev/shm | awk 'NR==2 {print $$4}')" -gt 8000000 ] 2>/dev/null && echo /dev/shm)
BENCH = $(if $(BENCH_TMP),TMPDIR=$(BENCH_TMP) )$(BIN)/python

bench: $(STAMP)  ## performance figures at 1,000 and 10,000 advocates: full builds, edit to reload, 20,000 in two parts (about 20 minutes; not part of make test)
	$(BENCH) benchmarks/run.py --sizes 1000,10000 --runs 1
	$(BENCH) benchmarks/run.py --sizes 10000 --runs 1 --photos 0.5 --no-zensical
	$(BENCH) benchmarks/live.py --advocates 1000
	$(BENCH) benchmarks/live.py --advocates 10000
	$(BENCH) benchmarks/split.py --advocates 20000

profile: $(STAMP)  ## where one build's time goes (pyinstrument; ADVOCATES=1000)
	$(BIN)/python benchmarks/profile.py --advocates $(or $(ADVOCATES),1000)

fuzz: $(STAMP)  ## 10,000 mutated records through validate and the build (about 10 minutes; --quick: 20 s)
	$(BIN)/python benchmarks/fuzz.py

clean:
	rm -rf site $(VENV) tests/artifacts
