"""Ingest and ask against a real `chroma run` server on loopback."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant import Assistant, Settings, ingest

from conftest import free_port, make_settings

pytestmark = pytest.mark.server


@pytest.fixture
def chroma_server(tmp_path):
    exe = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    assert exe, "the chroma CLI comes with chromadb"
    port = free_port()
    proc = subprocess.Popen(
        [exe, "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma server did not start")
    yield port
    proc.terminate()
    proc.wait(timeout=10)


def test_ingest_and_ask_against_a_real_chroma_server(tmp_path, chroma_server, embeddings):
    base = make_settings(tmp_path)
    settings = Settings(**{**base.model_dump(), "chroma_host": "127.0.0.1", "chroma_port": chroma_server})
    first = ingest(settings, embeddings=embeddings, echo=lambda _m: None, progress=False)
    assert first.changed and first.added > 10
    assert not (settings.index_dir / "builds").exists()  # vectors live on the server, not on local disk
    again = ingest(settings, embeddings=embeddings, echo=lambda _m: None, progress=False)
    assert again.embedded == 0
    reply = Assistant(settings, embeddings=embeddings).ask("what are the cons of outsourcing?")
    assert not reply.abstained and "Potential cultural disconnects" in reply.answer
    text = (settings.corpus_dir / reply.citations[0].source).read_text()
    assert all(text[c.start : c.end] == c.text for c in reply.citations)
