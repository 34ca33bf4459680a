"""Incremental ingest: unchanged runs, edits, bad files, a second writer and a killed ingest."""

import os
import shutil
import subprocess
import sys
import time

import pytest

from assistant import Assistant, IngestError, IngestLockedError, ingest
from assistant.store import make_store

from conftest import QUIET, ROOT, make_settings


def test_second_run_embeds_nothing_and_keeps_the_build(tmp_path, embeddings):
    settings = make_settings(tmp_path)
    first = ingest(settings, embeddings=embeddings, **QUIET)
    assert first.changed and first.added > 10 and first.embedded > first.added
    second = ingest(settings, embeddings=embeddings, **QUIET)
    assert (second.embedded, second.added, second.updated, second.removed) == (0, 0, 0, 0)
    assert second.kept == first.added and second.build == first.build and not second.changed


def test_edited_paragraph_reembeds_only_its_chunk_and_deleted_file_disappears(tmp_path, embeddings):
    settings = make_settings(tmp_path)
    (settings.corpus_dir / "extra.md").write_text("# Extra\n\n## Notes\n\nOffshore teams need onboarding plans.\n")
    first = ingest(settings, embeddings=embeddings, **QUIET)
    path = settings.corpus_dir / "legal-assistant-outsourcing.md"
    text = path.read_text()
    old = "Familiarity with law office procedures and court rules is also useful."
    path.write_text(text.replace(old, "Familiarity with law office procedures and court rules is essential."))
    second = ingest(settings, embeddings=embeddings, **QUIET)
    assert second.updated == 1 and second.added == 0 and second.removed == 0
    assert second.kept == first.added - 1
    # One chunk plus its sentences and list items, not the corpus.
    assert 0 < second.embedded < 15
    bot = Assistant(settings, embeddings=embeddings)
    reply = bot.ask("what is essential about law office procedures?")
    assert any("is essential." in c.text for c in reply.citations)

    (settings.corpus_dir / "extra.md").unlink()
    third = ingest(settings, embeddings=embeddings, **QUIET)
    assert third.removed == 1 and third.embedded == 0
    sources = {c.source for c in Assistant(settings, embeddings=embeddings).index.current().chunks}
    assert sources == {"legal-assistant-outsourcing.md"}


def test_citations_stay_exact_after_an_earlier_edit_shifts_offsets(tmp_path, embeddings):
    settings = make_settings(tmp_path)
    ingest(settings, embeddings=embeddings, **QUIET)
    path = settings.corpus_dir / "legal-assistant-outsourcing.md"
    path.write_text(path.read_text().replace("With mounting caseloads", "With mounting caseloads (and more)"))
    ingest(settings, embeddings=embeddings, **QUIET)
    reply = Assistant(settings, embeddings=embeddings).ask("what are the cons of outsourcing?")
    source = path.read_text()
    assert reply.citations
    for c in reply.citations:
        assert source[c.start : c.end] == c.text


def test_bad_files_are_named_and_skipped(tmp_path, embeddings):
    settings = make_settings(tmp_path)
    (settings.corpus_dir / "binary.md").write_bytes(b"\x00\x01\x02binary")
    (settings.corpus_dir / "latin1.txt").write_bytes("caf\xe9 notes".encode("latin-1"))
    (settings.corpus_dir / "empty.md").write_text("   \n")
    (settings.corpus_dir / "slides.pdf").write_bytes(b"%PDF-1.4")
    messages: list[str] = []
    report = ingest(settings, embeddings=embeddings, echo=messages.append, progress=False)
    text = "\n".join(messages)
    assert "binary.md" in text and "binary" in text
    assert "latin1.txt" in text and "UTF-8" in text
    assert "empty.md" in text and "slides.pdf" in text
    assert report.documents == 1 and report.added > 0


def test_empty_corpus_fails_with_a_message(tmp_path):
    empty = tmp_path / "corpus"
    empty.mkdir()
    with pytest.raises(IngestError, match="no Markdown, text, PDF, Word"):
        ingest(make_settings(tmp_path, corpus=empty), **QUIET)


def test_cli_exit_status_is_nonzero_when_nothing_can_be_ingested(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bad.txt").write_bytes(b"\xff\xfe\x00\x00")
    env = dict(os.environ, ASSISTANT_CORPUS_DIR=str(corpus), ASSISTANT_INDEX_DIR=str(tmp_path / "index"))
    out = subprocess.run([sys.executable, str(ROOT / "ingest.py")], env=env, capture_output=True, text=True)
    assert out.returncode != 0
    assert "bad.txt" in out.stdout + out.stderr
    assert "Traceback" not in out.stderr


def test_a_second_writer_is_refused_and_the_index_is_unchanged(tmp_path, embeddings):
    settings = make_settings(tmp_path)
    ingest(settings, embeddings=embeddings, **QUIET)
    store = make_store(settings)
    before = store.current()
    with store.writer_lock(), pytest.raises(IngestLockedError, match="Another ingest"):
        ingest(settings, embeddings=embeddings, **QUIET)
    assert store.current() == before


def test_killed_ingest_leaves_the_previous_index_usable(tmp_path, embeddings):
    settings = make_settings(tmp_path)
    ingest(settings, embeddings=embeddings, **QUIET)
    before = make_store(settings).current()
    # A bigger corpus so the killed run is still embedding when the signal arrives.
    for i in range(40):
        shutil.copy(settings.corpus_dir / "legal-assistant-outsourcing.md", settings.corpus_dir / f"copy{i}.md")
        p = settings.corpus_dir / f"copy{i}.md"
        p.write_text(p.read_text().replace("With mounting", f"Copy {i}. With mounting"))
    env = dict(os.environ, ASSISTANT_CORPUS_DIR=str(settings.corpus_dir), ASSISTANT_INDEX_DIR=str(settings.index_dir))
    proc = subprocess.Popen([sys.executable, str(ROOT / "ingest.py"), "--quiet"], env=env)
    deadline = time.time() + 60
    while time.time() < deadline and len(list((settings.index_dir / "builds").iterdir())) < 2:
        time.sleep(0.05)
    time.sleep(0.5)
    proc.kill()
    proc.wait()
    assert make_store(settings).current() == before
    reply = Assistant(settings, embeddings=embeddings).ask("what are the cons of outsourcing?")
    assert not reply.abstained and reply.citations
    # The lock died with the process, so the next ingest runs and completes.
    report = ingest(settings, embeddings=embeddings, **QUIET)
    assert report.changed and make_store(settings).current().build != before.build


def test_a_document_repeating_a_paragraph_ingests_every_occurrence(tmp_path, embeddings):
    # Licence texts repeat notices word for word; identical chunks must not collide on their ids.
    settings = make_settings(tmp_path, corpus=tmp_path / "corpus")
    settings.corpus_dir.mkdir()
    notice = " ".join(
        f"Clause {n}: permission is hereby granted, free of charge, to any person obtaining a copy of this software."
        for n in range(8)
    )  # about 150 model tokens: each occurrence fills a chunk of its own
    (settings.corpus_dir / "licence.txt").write_text("\n\n".join([notice, notice, notice]) + "\n")
    report = ingest(settings, embeddings=embeddings, **QUIET)
    assert report.changed and report.added == 3
    chunks = Assistant(settings, embeddings=embeddings).index.current().chunks
    assert len(chunks) == 3 and len({c.id for c in chunks}) == 3 and len({c.text for c in chunks}) == 1
