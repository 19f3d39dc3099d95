# cnil-sanctions — the two set-up commands are `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install report test lint eval build readme lab bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## main job: build the dataset if needed, execute the notebooks, write reports/
report: install
	$(BIN)/cnil-sanctions report

## lint + the whole test suite (parsers, extractor vs gold set, faults, notebooks)
test: install lint
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check cnil_sanctions tests bench notebooks/_build.py
	$(BIN)/ruff format --check cnil_sanctions tests bench notebooks/_build.py

## extractor accuracy against the hand-checked gold set
eval: install
	$(BIN)/cnil-sanctions eval

## rebuild data/cnil_sanctions.csv from data/raw/
build: install
	$(BIN)/cnil-sanctions build

## refresh the README's headline figures and figure from the dataset
readme: install
	$(BIN)/cnil-sanctions readme

## open the notebooks in JupyterLab
lab: install
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	$(BIN)/jupyter lab notebooks/

## scale benchmark (not part of the tests)
bench: install
	$(BIN)/python -m bench.run

clean:
	rm -rf reports .pytest_cache .ruff_cache
