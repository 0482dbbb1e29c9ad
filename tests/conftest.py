from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "articles"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def encoder():
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
