# Every target sets up .venv itself: `python3 -m venv`, then `pip install -e .[dev]`,
# redone whenever pyproject.toml changes (the stamp file is older than it).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export MPLBACKEND := Agg

.PHONY: report diff test lint bench demo-data reproduce catalogs update-baselines clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Build the national report from the embedded demo data: output/national/<year>/{zh,en}/report.{pdf,docx}.
report: $(STAMP)
	$(BIN)/srdi-report reproduce
	$(BIN)/srdi-report build national --lang zh,en --format pdf,docx

## Build the 2025 and 2026 national editions (cached) and compare them: output/diff/<old>-vs-<new>/.
diff: $(STAMP)
	$(BIN)/srdi-report diff --spec national --years 2025,2026

## Rebuild the translation catalogs from the sources and the pending translation lists.
catalogs: $(STAMP)
	$(BIN)/python tools/catalogs.py extract
	$(BIN)/python tools/catalogs.py update
	$(BIN)/python tools/catalogs.py merge src/srdi_report/locales/_pending/*.csv
	$(BIN)/python tools/catalogs.py check

## Redraw the figure baselines after an intended change; look at them before committing.
update-baselines: $(STAMP)
	$(BIN)/python -m pytest tests/figures --update-baselines -n 2

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
