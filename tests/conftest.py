"""Shared fixtures: the real embedding model and a real Chroma index built in a temp dir from the real corpus."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
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


# Ingest without messages or progress bars: what every test that only needs a built index passes.
QUIET = {"echo": lambda _m: None, "progress": False}


def make_settings(tmp: Path, corpus: Path | None = None, **extra) -> Settings:
    """Settings pointing every folder into tmp."""
    corpus_dir = corpus or tmp / "corpus"
    if corpus is None:
        shutil.copytree(CORPUS, corpus_dir)
    return Settings(corpus_dir=corpus_dir, index_dir=tmp / "index", data_dir=tmp / "data", **extra)


def child_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment of a child process (the CLI, a server) that must use the folders of these settings."""
    return {
        **os.environ,
        "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
        "ASSISTANT_INDEX_DIR": str(settings.index_dir),
        "ASSISTANT_DATA_DIR": str(settings.data_dir),
        **extra,
    }


@pytest.fixture(scope="session")
def built(tmp_path_factory, embeddings) -> Settings:
    """Settings of an index built once from the bundled corpus."""
    settings = make_settings(tmp_path_factory.mktemp("built"))
    ingest(settings, embeddings=embeddings, **QUIET)
    return settings


@pytest.fixture(scope="session")
def bot(built, embeddings) -> Assistant:
    """An Assistant over the session index."""
    return Assistant(built, embeddings=embeddings)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def free_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(ui):
    """Launch a ChatUI on its configured port for the length of a block, then close it."""
    app = ui.build()
    ui.launch(app, prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{ui.settings.port}"
    finally:
        app.close()


@pytest.fixture(scope="module")
def ui_settings(built, tmp_path_factory) -> Settings:
    """The session index with this module's own data folder (feedback, audit, exports) and a free port."""
    return built.model_copy(update={"data_dir": tmp_path_factory.mktemp("uidata"), "port": free_port()})


@pytest.fixture(scope="module")
def ui(bot, ui_settings):
    """A ChatUI over the session assistant, built per test module."""
    from assistant.ui import make_ui

    return make_ui(ui_settings, assistant=bot)


@pytest.fixture(scope="module")
def server(ui):
    """That UI served on its port for the length of the module; yields its base URL."""
    with served(ui) as base:
        yield base + "/"


@contextlib.contextmanager
def chromium():
    """Debian's Chromium driven by Playwright, with the flags this closed network needs."""
    pw = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is required for the browser tests: apt-get install chromium chromium-driver")
    with pw.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


BOT_ROWS = "#chat .message-row.bot-row"  # one per answer shown
USER_ROWS = "#chat .message-row.user-row"  # one per question sent


def ask_in_browser(page, question: str, turn: int) -> None:
    """Type and send the turn-th question (from 0), then wait until its answer is shown.

    The box empties as a question is sent; waiting for that first means the previous send has gone through.
    """
    page.wait_for_function("document.querySelector('#question textarea').value === ''", timeout=30000)
    page.fill("#question textarea", question)
    page.click("#ask-btn")
    # One bot row per answer: Gradio 6 draws each message as two nested `.message` elements, so counting those
    # went on before the answer came, and the next send was ignored while this one was still pending.
    page.wait_for_function(f"document.querySelectorAll('{BOT_ROWS}').length >= {turn + 1}", timeout=30000)
