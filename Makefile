# Two commands do all the set-up on a fresh machine:  `make run`  and  `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
INDEX  ?= .kabar/index
PORT   ?= 7860
# llama-cpp-python (the llm extra) compiles; its default native build crashes on CPUs with AMX, and the
# multimodal library is not needed.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON \
	-DGGML_AVX512=OFF -DLLAVA_BUILD=OFF

LOCK   := requirements.lock
# The pip that `python3 -m venv` gives (23.x on Python 3.11) is used as it is, so the install users get is the
# one tested; every version comes from the lock.
PIP    := $(BIN)/pip install -q -c $(LOCK)

.PHONY: install run run-llm test test-fast lint eval bench clean lock

# The virtualenv is made once; the targets below only need it to exist (order-only), not to be newer.
$(BIN)/pip:
	$(PYTHON) -m venv $(VENV)

# torch's CPU build first, so nothing pulls CUDA; one definition for the two recipes that install Kabar
INSTALL_KABAR := $(PIP) torch==2.13.0 && $(PIP) -e . && touch $(BIN)/kabar

$(BIN)/kabar: pyproject.toml $(LOCK) | $(BIN)/pip
	$(INSTALL_KABAR)

LLAMA := llama-cpp-python[server]==0.3.36

# The tests need the llm extra too. llama-cpp-python compiles for minutes on 2 cores, so it is built as a wheel
# in the background from the moment the virtualenv exists, while torch, Kabar, the other test dependencies and
# the browser install, then installed from it. (On two cores both halves are CPU-bound: a fresh install took 8 min
# 45 s this way against about 8.9 min with the build started after Kabar's install, 2026-12-06; more cores gain.)
# No recursive make here, so `make -n test` only prints what it would do.
$(VENV)/.test-deps: pyproject.toml $(LOCK) | $(BIN)/pip
	mkdir -p $(VENV)/wheels
	$(BIN)/pip wheel -q --no-deps -w $(VENV)/wheels "$(LLAMA)" > $(VENV)/llama-build.log 2>&1 & build=$$!; \
	$(INSTALL_KABAR) && $(PIP) -e ".[test]" && bash tests/setup_browser.sh; status=$$?; \
	wait $$build || { tail -50 $(VENV)/llama-build.log; exit 1; }; exit $$status
	$(PIP) --find-links $(VENV)/wheels "$(LLAMA)"
	touch $@

$(VENV)/.fast-deps: $(BIN)/kabar
	$(PIP) -e ".[test]"
	touch $@

$(VENV)/.llm-deps: $(BIN)/kabar
	$(PIP) -e ".[llm]"
	touch $@

install: $(BIN)/kabar

run: install
	$(BIN)/kabar serve --index $(INDEX) --articles data/articles --port $(PORT)

run-llm: $(VENV)/.llm-deps
	$(BIN)/kabar serve --index $(INDEX) --articles data/articles --port $(PORT) --llm local

# Two layers: the fast one (pure functions, no model: under a minute) runs first, then everything on the real
# model, the browser and the LLM. `make test-fast` alone is the loop for a one-line change.
test-fast: $(VENV)/.fast-deps
	$(BIN)/ruff check .
	KABAR_TEST_LAYER=fast $(BIN)/python -m pytest -q -m "not slow"

test: $(VENV)/.test-deps
	bash tests/setup_browser.sh
	$(BIN)/ruff check .
	KABAR_TEST_LAYER=fast $(BIN)/python -m pytest -q -m "not slow"
	KABAR_REQUIRE_LLM=1 $(BIN)/python -m pytest -q -m slow

# Refresh the lock: a fresh venv with the pip Python ships, every extra, then pip freeze. Run `make test` after.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install -q torch==2.13.0
	.venv-lock/bin/pip install -q -e ".[test]"
	CMAKE_ARGS="$(CMAKE_ARGS)" .venv-lock/bin/pip install -q "$(LLAMA)"
	{ echo "# The exact versions that passed \`make test\` (Python 3.11, Linux x86_64). \`make run\` and \`make test\` install"; \
	  echo "# with \`pip install -c requirements.lock\`; refresh with \`make lock\` (a fresh venv, the extras, pip freeze)."; \
	  .venv-lock/bin/pip freeze --exclude-editable; } > $(LOCK)
	rm -rf .venv-lock

eval: $(VENV)/.test-deps
	$(BIN)/kabar eval --beir ../shared/benchmarks/facqa --split valid
	$(BIN)/kabar eval --beir ../shared/benchmarks/idk_mrc --split valid
	$(BIN)/kabar eval --questions eval/sample_questions.jsonl --articles data/articles

bench: $(VENV)/.test-deps
	$(BIN)/kabar bench index
	$(BIN)/kabar bench query
	$(BIN)/kabar bench memory

clean:
	rm -rf $(VENV) .kabar .pytest_cache
