"""Shared fixtures: the real embedding model and a real Chroma index built in a temp dir from the real corpus."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from assistant import Assistant, Settings, ingest  # noqa: E402
from assistant.embeddings import make_embeddings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def embeddings(tmp_path_factory):
    """One model for the whole session (exported to ONNX once, in a temp dir like everything else)."""
    return make_embeddings(Settings(index_dir=tmp_path_factory.mktemp("models")))


def make_settings(tmp: Path, corpus: Path | None = None, **extra) -> Settings:
    """Settings pointing every folder into tmp."""
    corpus_dir = corpus or tmp / "corpus"
    if corpus is None:
        shutil.copytree(CORPUS, corpus_dir)
    return Settings(corpus_dir=corpus_dir, index_dir=tmp / "index", data_dir=tmp / "data", **extra)


@pytest.fixture(scope="session")
def built(tmp_path_factory, embeddings) -> Settings:
    """Settings of an index built once from the bundled corpus."""
    settings = make_settings(tmp_path_factory.mktemp("built"))
    ingest(settings, embeddings=embeddings, echo=lambda _m: None, progress=False)
    return settings


@pytest.fixture(scope="session")
def bot(built, embeddings) -> Assistant:
    """An Assistant over the session index."""
    return Assistant(built, embeddings=embeddings)
