"""The large-corpus path: vectors left in Chroma, sentence vectors pooled and packed per chunk, BM25 on bm25s."""

import math
import shutil
import subprocess
import sys
from collections import Counter

import numpy as np

from assistant import Assistant, ingest
from assistant.index import BM25, load_snapshot
from assistant.store import make_store, pack_units, unpack_units
from assistant.text import split_units

from conftest import CORPUS, QUIET, make_settings

QUESTIONS = {
    "what are the cons of outsourcing paralegals?": "Potential cultural disconnects",
    "how can a firm protect client data when outsourcing?": None,
}


def _robertson(docs: list[list[str]], query: list[str], k1: float = 1.2, b: float = 0.75) -> list[float]:
    """Okapi BM25 written out from its definition, to check the library against."""
    n = len(docs)
    avg = sum(map(len, docs)) / n
    df = Counter(t for d in docs for t in set(d))
    out = []
    for d in docs:
        tf = Counter(d)
        score = 0.0
        for t in set(query):
            if tf[t]:
                idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
                score += idf * tf[t] * (k1 + 1) / (tf[t] + k1 * (1 - b + b * len(d) / avg))
        out.append(score)
    return out


def test_bm25s_scores_match_okapi_bm25():
    docs = [["contract", "clause", "clause"], ["privacy", "data"], ["data", "contract", "fee", "fee", "fee"], []]
    for query in (["clause"], ["data", "fee", "unknown"], ["contract", "contract"], []):
        assert np.allclose(BM25(docs).scores(query), _robertson(docs, query), atol=1e-5)


def test_pooled_sentence_vectors_point_at_their_own_sentence(embeddings):
    text = (
        "Fees\n\nThe vendor invoices monthly in arrears. Client files are encrypted at rest and in transit. "
        "Staff work from the vendor's office in Manila."
    )
    sentences = ["The vendor invoices monthly in arrears.", "Client files are encrypted at rest and in transit.",
                 "Staff work from the vendor's office in Manila."]  # fmt: skip
    spans = [(text.index(s), text.index(s) + len(s)) for s in sentences]
    chunk_vectors, pooled = embeddings.embed_with_spans([text], [spans])
    alone = np.asarray(embeddings.embed_documents(sentences))
    assert np.isclose(np.linalg.norm(chunk_vectors[0]), 1.0, atol=1e-5)
    assert np.allclose(chunk_vectors[0], embeddings.embed_documents([text])[0], atol=1e-5)
    # Each pooled vector is nearest to the same sentence embedded on its own, not to its neighbours.
    sims = pooled[0] @ alone.T
    assert list(sims.argmax(axis=1)) == [0, 1, 2]


def test_words_of_an_asked_question_are_read_in_context_from_its_own_embedding(embeddings):
    question = "Does the writer think offshore help is worth the trouble?"
    spans = [(question.index("writer"), question.index("writer") + 6), (question.index("help"), question.index("?"))]
    # Never asked: a model pass of its own; asked: the token states its embedding kept. The same vectors either way.
    fresh = embeddings.span_vectors(question, spans)
    assert np.array_equal(fresh, embeddings.embed_with_spans([question], [spans])[1][0])
    embeddings.embed_query(question)
    assert np.array_equal(embeddings.span_vectors(question, spans), fresh)
    assert np.allclose(np.linalg.norm(fresh, axis=1), 1.0, atol=1e-5)


def test_large_build_leaves_vectors_in_chroma_and_still_answers(tmp_path, embeddings):
    settings = make_settings(tmp_path, memory_chunks=5, audit_log=False)
    report = ingest(settings, embeddings=embeddings, **QUIET)
    # One pass over the chunks only: sentences are pooled from it, not embedded again.
    assert report.embedded == report.added
    snapshot = load_snapshot(make_store(settings))
    assert snapshot.info.mode == "chroma" and snapshot.info.unit_centroid
    assert snapshot.chunk_matrix.size == 0 and snapshot.unit_matrix.size == 0  # no vector held per process
    bot = Assistant(settings, embeddings=embeddings)
    reply = bot.ask("what are the cons of outsourcing paralegals?")
    assert not reply.abstained and "Potential cultural disconnects" in reply.answer
    text = (settings.corpus_dir / reply.citations[0].source).read_text()
    assert all(text[c.start : c.end] == c.text for c in reply.citations)
    assert all(-1.0 < d.metadata["dense"] <= 1.0 for d in reply.documents)  # exact similarities filled in
    assert bot.ask("what is the capital of Mongolia?").abstained


def test_large_build_ranks_like_the_memory_build(tmp_path, embeddings):
    """On the bundled corpus both paths must find the same best chunks (HNSW is exact at this size)."""
    small = make_settings(tmp_path / "memory", audit_log=False)
    large = make_settings(tmp_path / "chroma", memory_chunks=5, audit_log=False)
    for settings in (small, large):
        ingest(settings, embeddings=embeddings, **QUIET)
    bots = [Assistant(s, embeddings=embeddings) for s in (small, large)]
    for question in ("what are the pros?", "how much can a firm save?", "what are the data security risks?"):
        first = [[d.id for d in bot.ask(question).documents][:2] for bot in bots]
        assert first[0][0] == first[1][0], question


def test_repeated_documents_are_embedded_once(tmp_path, embeddings):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    article = next(corpus.glob("*.md"))
    shutil.copyfile(article, corpus / "copy-of-article.md")
    settings = make_settings(tmp_path, corpus=corpus)
    report = ingest(settings, embeddings=embeddings, **QUIET)
    assert report.added % 2 == 0
    # Every text of the copy (chunks and sentences) is one the original already sent through the model.
    single = ingest(make_settings(tmp_path / "one", corpus=CORPUS), embeddings=embeddings, **QUIET)
    assert report.embedded == single.embedded


def test_pack_units_round_trips_spans_and_half_precision_vectors():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(3, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    spans = [(0, 12, "sentence", 0, True), (14, 30, "item", 0, False), (31, 40, "item", 1, False)]
    got_spans, got = unpack_units(pack_units(spans, vectors))
    assert got_spans == spans and got.dtype == np.float32 and got.shape == (3, 384)
    # Half precision moves a cosine far less than the gaps ranking decides on.
    assert np.abs((got * vectors).sum(axis=1) - 1.0).max() < 1e-3
    assert unpack_units(pack_units([], np.zeros((0, 384), np.float32)))[0] == []


def test_large_build_keeps_one_packed_record_per_chunk_and_converts_without_the_model(tmp_path, embeddings):
    # A memory build first; the same corpus past memory_chunks is rewritten from the stored vectors.
    first = make_settings(tmp_path, audit_log=False)
    ingest(first, embeddings=embeddings, **QUIET)
    settings = first.model_copy(update={"memory_chunks": 5})
    report = ingest(settings, embeddings=embeddings, **QUIET)
    assert report.changed and report.embedded == 0
    store = make_store(settings)
    info = store.current()
    assert (info.mode, info.units_layout) == ("chroma", "packed")
    chunks_col, packs_col = store.collections(info.build)
    assert packs_col.count() == chunks_col.count() == info.chunks
    snapshot = load_snapshot(store)
    for chunk in snapshot.chunks:
        units = snapshot.units[chunk.id]
        assert [(u.text, u.start, u.end) for u in units] == [
            (u.text, u.start, u.end) for u in split_units(chunk.text, chunk.start)
        ]
        assert snapshot.unit_vectors[chunk.id].shape == (len(units), 384)
    # Asking again with the same setting changes nothing.
    assert not ingest(settings, embeddings=embeddings, **QUIET).changed
    reply = Assistant(settings, embeddings=embeddings).ask("what are the cons of outsourcing paralegals?")
    assert "Potential cultural disconnects" in reply.answer


def test_loading_the_language_model_does_not_import_torch():
    code = (
        "import sys\n"
        "from assistant.language import warm, nlp\n"
        "warm(); nlp('Is a firm in Ohio bound by this?')\n"
        "assert 'torch' not in sys.modules, 'spaCy pulled in torch'\n"
        "import torch\n"  # and torch can still be imported afterwards by whoever needs it
        "print(torch.tensor([1.0]).sum().item())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "1.0"
