# Two commands do all the set-up on a fresh machine:  `make run`  and  `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
INDEX  ?= .kabar/index
PORT   ?= 7860

.PHONY: install run test lint eval bench clean

$(BIN)/kabar: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0   # the CPU build first, so nothing pulls CUDA
	$(BIN)/pip install -q -e ".[test,eval]"
	touch $(BIN)/kabar

install: $(BIN)/kabar

run: install
	$(BIN)/kabar serve --index $(INDEX) --articles data/articles --port $(PORT)

test: install
	bash tests/setup_browser.sh
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/kabar eval --beir ../shared/benchmarks/facqa --split valid
	$(BIN)/kabar eval --beir ../shared/benchmarks/idk_mrc --split valid
	$(BIN)/kabar eval --questions eval/sample_questions.jsonl --articles data/articles

bench: install
	$(BIN)/kabar bench index
	$(BIN)/kabar bench query
	$(BIN)/kabar bench memory

clean:
	rm -rf $(VENV) .kabar .pytest_cache
