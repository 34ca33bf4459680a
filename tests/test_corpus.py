"""The corpus keeps the seed verbatim; chunks are exact spans; the ONNX backend matches sentence-transformers."""

import os
import re
from pathlib import Path

import pytest

from assistant.corpus import chunk_document, load_corpus, read_document
from assistant.embeddings import make_token_counter
from assistant.text import clean_question, split_units

from conftest import CORPUS, ROOT

SEED = ROOT.parent / "shared" / "seed"
BOILERPLATE = {"sbb-itb-585a0bc", "Related posts", "Read more", "published on 13 December 2023"}


def test_corpus_keeps_every_sentence_of_the_seed_verbatim():
    seeds = sorted(SEED.glob("*.txt"))
    if not seeds:
        # On a developer's machine without the steering folder this is a skip; in CI, where shared/ is laid beside
        # the clone, a missing seed means the check silently stopped checking, so it fails.
        if os.environ.get("CI"):
            pytest.fail(f"the seed article is missing from {SEED}: the verbatim-corpus check cannot run")
        pytest.skip("shared/seed is not beside this checkout")
    corpus = (CORPUS / "legal-assistant-outsourcing.md").read_text()
    missing = []
    for line in seeds[0].read_text().splitlines():
        text = line.strip().lstrip("•").strip()
        text = text[:-2] if text.endswith(".**") else text
        if text and text not in BOILERPLATE and text not in corpus:
            missing.append(text)
    assert missing == []
    for junk in ("sbb-itb", "Related posts", "Read more"):
        assert junk not in corpus


def test_every_section_has_a_path_and_front_matter_is_complete():
    doc = read_document(CORPUS / "legal-assistant-outsourcing.md", CORPUS)
    for key in ("title", "publisher", "published", "source"):
        assert doc.meta.get(key)
    chunks = chunk_document(doc, make_token_counter(), 220)
    assert chunks and all(c.section for c in chunks)


def test_each_heading_is_opened_by_one_chunk_with_its_name_verbatim_in_the_source():
    doc = read_document(CORPUS / "legal-assistant-outsourcing.md", CORPUS)
    chunks = chunk_document(doc, make_token_counter(), 220)
    opened = [(c.sections[depth], doc.text[start:end]) for c in chunks for depth, start, end in c.opens]
    # Every heading path is opened once, by the first chunk under it, even a heading with no text of its own
    # before its first subheading; and what is cited for it is its name as the source writes it.
    assert [path for path, _ in opened] == list(dict.fromkeys(p for c in chunks for p in c.sections))
    assert all(path.rpartition(" > ")[2] == name for path, name in opened)
    # The metadata Chroma stores carries them back.
    assert all(type(c).opens_from_metadata(c.metadata()) == c.opens for c in chunks)


def test_chunks_are_exact_spans_within_the_model_window():
    count = make_token_counter()
    docs, problems = load_corpus(CORPUS)
    assert problems == []
    for doc in docs:
        for chunk in chunk_document(doc, count, 220):
            assert doc.text[chunk.start : chunk.end] == chunk.text
            assert count(chunk.embedding_text()) <= 220 < 256
            for unit in split_units(chunk.text, chunk.start):
                assert doc.text[unit.start : unit.end] == unit.text


def test_oversized_paragraph_is_split_not_truncated(tmp_path: Path):
    long_para = " ".join(f"Sentence number {i} talks about outsourcing legal work in detail." for i in range(80))
    (tmp_path / "big.md").write_text(f"# Big\n\n## Part\n\n{long_para}\n")
    doc = read_document(tmp_path / "big.md", tmp_path)
    count = make_token_counter()
    chunks = chunk_document(doc, count, 120)
    assert len(chunks) > 3
    assert all(count(c.embedding_text()) <= 120 for c in chunks)
    joined = re.sub(r"\s+", " ", " ".join(c.text for c in chunks))
    assert joined == long_para


def test_clean_question_strips_controls_and_invisible_characters():
    raw = "what\x00 are\u202e the\u200b cons\U000e0041?\x07"
    assert clean_question(raw) == "what are the cons?"


def test_onnx_backend_matches_sentence_transformers(embeddings):
    import numpy as np

    from assistant.embeddings import MiniLMEmbeddings

    texts = [
        "how do we protect client data with an outside provider?",
        "Lower costs compared to hiring locally",
        "A longer passage " * 40,
    ]
    reference = np.array(MiniLMEmbeddings().embed_documents(texts))
    fast = np.array(embeddings.embed_documents(texts))
    assert fast.shape == reference.shape == (3, 384)
    assert np.abs(fast - reference).max() < 1e-4
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)
    assert np.allclose(embeddings.embed_query(texts[0]), reference[0], atol=1e-4)
