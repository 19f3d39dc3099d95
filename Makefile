# cnil-sanctions — the two set-up commands are `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install report test lint sync eval build readme lab bench clean

$(STAMP): pyproject.toml
	@echo "installing into $(VENV) ..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

## main job: build the dataset if needed, execute the notebooks, write reports/ (ends with the
## path of reports/index.html)
report: install
	@$(BIN)/cnil-sanctions report

## lint + the whole test suite (parsers, extractor vs gold set, faults, notebooks)
test: install lint
	$(BIN)/python -m pytest -q

## ruff on the code and the notebook sources (notebooks/*.py); fails when a notebook pair drifted
lint: install
	$(BIN)/ruff check cnil_sanctions tests bench notebooks
	$(BIN)/ruff format --check cnil_sanctions tests bench notebooks
	$(BIN)/python -m cnil_sanctions.notebook_pairs notebooks

## rejoin the notebook pairs after editing one side outside JupyterLab (the newer side wins),
## then format the .py sources and carry the formatting over to the .ipynb
sync: install
	$(BIN)/jupytext --sync notebooks/[0-9]*.py
	$(BIN)/ruff format notebooks
	$(BIN)/jupytext --sync notebooks/[0-9]*.py

## extractor accuracy against the hand-checked gold set
eval: install
	$(BIN)/cnil-sanctions eval

## rebuild data/cnil_sanctions.csv from data/raw/
build: install
	$(BIN)/cnil-sanctions build

## refresh the README's headline figures and figure from the dataset
readme: install
	$(BIN)/cnil-sanctions readme

## open the notebooks in JupyterLab (jupytext pairs NN_name.py with NN_name.ipynb)
lab: install
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	$(BIN)/jupyter lab notebooks/

## scale benchmark (not part of the tests)
bench: install
	$(BIN)/python -m bench.run

clean:
	rm -rf reports .pytest_cache .ruff_cache
