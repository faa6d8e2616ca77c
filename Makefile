# Every target sets up .venv itself: `python3 -m venv`, then `pip install -e .[dev]`,
# redone whenever pyproject.toml changes (the stamp file is older than it).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export MPLBACKEND := Agg

.PHONY: report test lint bench demo-data reproduce clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Build the national report from the embedded demo data (for now: demo data + reproduce table).
report: $(STAMP)
	$(BIN)/srdi-report demo-data
	$(BIN)/srdi-report reproduce

## Run the test suite.
test: $(STAMP)
	$(BIN)/python -m pytest -n 2

## ruff, ruff format, mypy --strict, import-linter.
lint: $(STAMP)
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/ruff format --check src tests tools benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

## Benchmarks; writes BENCHMARKS.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

demo-data: $(STAMP)
	$(BIN)/srdi-report demo-data

reproduce: $(STAMP)
	$(BIN)/srdi-report reproduce

clean:
	rm -rf $(VENV) .cache figures output
