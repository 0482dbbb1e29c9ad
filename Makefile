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

.PHONY: install run run-llm test lint eval bench clean

$(BIN)/kabar: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0   # the CPU build first, so nothing pulls CUDA
	$(BIN)/pip install -q -e .
	touch $(BIN)/kabar

LLAMA := llama-cpp-python[server]==0.3.36

# The tests need the llm extra too. llama-cpp-python compiles for minutes on 2 cores, so it is built as a wheel
# in the background while the other test dependencies and the browser install, then installed from it.
$(VENV)/.test-deps: $(BIN)/kabar
	mkdir -p $(VENV)/wheels
	$(BIN)/pip wheel -q --no-deps -w $(VENV)/wheels "$(LLAMA)" > $(VENV)/llama-build.log 2>&1 & build=$$!; \
	$(BIN)/pip install -q -e ".[test,eval]" && bash tests/setup_browser.sh; status=$$?; \
	wait $$build || { tail -50 $(VENV)/llama-build.log; exit 1; }; exit $$status
	$(BIN)/pip install -q --find-links $(VENV)/wheels "$(LLAMA)"
	touch $@

$(VENV)/.llm-deps: $(BIN)/kabar
	$(BIN)/pip install -q -e ".[llm]"
	touch $@

install: $(BIN)/kabar

run: install
	$(BIN)/kabar serve --index $(INDEX) --articles data/articles --port $(PORT)

run-llm: $(VENV)/.llm-deps
	$(BIN)/kabar serve --index $(INDEX) --articles data/articles --port $(PORT) --llm local

test: $(VENV)/.test-deps
	bash tests/setup_browser.sh
	$(BIN)/ruff check .
	KABAR_REQUIRE_LLM=1 $(BIN)/python -m pytest -q

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
