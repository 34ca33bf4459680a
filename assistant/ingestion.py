"""Building the index: read the corpus, chunk, embed only what changed, write a new build, then switch."""

from __future__ import annotations

import hashlib
import itertools
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings
from tqdm.auto import tqdm

from .configuration import Settings
from .corpus import Chunk, CorpusProblem, chunk_document, load_corpus
from .embeddings import MAX_TOKENS, ensure_onnx, make_embeddings, make_token_counter
from .errors import IngestError
from .readers import prune_cache
from .store import (
    PACK_EMBEDDING,
    BuildInfo,
    IndexStore,
    UnitSpan,
    make_store,
    pack_units,
    read_all,
    unpack_units,
)
from .text import split_units

WRITE_BATCH = 256
SUPPORTED_TYPES = "Markdown, text, PDF, Word (.docx) or HTML"


@dataclass
class IngestReport:
    """What an ingest did, in numbers a person can check."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0
    embedded: int = 0  # distinct texts sent through the model (chunks, and their sentences in a "memory" build)
    embedded_tokens: int = 0  # model tokens in those texts (within the model window)
    embed_seconds: float = 0.0  # time spent in the model
    documents: int = 0
    problems: list[CorpusProblem] = field(default_factory=list)
    build: str | None = None
    changed: bool = False
    seconds: float = 0.0

    def summary(self) -> str:
        """One line for the terminal."""
        state = f"new build {self.build}" if self.changed else "index already up to date"
        return (
            f"{self.documents} document(s): {self.added} chunk(s) added, {self.updated} updated, "
            f"{self.removed} removed, {self.kept} kept; {self.embedded} text(s) embedded; {state} "
            f"({self.seconds:.1f} s)"
        )


def corpus_version(digests: list[str]) -> str:
    """A hash of the ingested documents, so an answer can name the corpus version it came from."""
    return hashlib.sha256("\n".join(sorted(digests)).encode()).hexdigest()[:16]


def _read_build(
    store: IndexStore, info: BuildInfo
) -> tuple[dict[str, dict], dict[str, tuple[list[UnitSpan], np.ndarray]]]:
    """Chunk metadata and stored vectors of a build, keyed by chunk id, for reuse without re-embedding: each chunk's
    vector, and its sentences' spans (relative to the chunk) with their vectors, whichever layout stored them."""
    chunks_col, units_col = store.collections(info.build)
    got = read_all(chunks_col, ["embeddings", "metadatas"])
    # float32 arrays, not lists of Python floats (which take eight times the memory on a large corpus).
    chunks = {
        i: {"meta": m, "vec": np.asarray(v, dtype=np.float32)}
        for i, m, v in zip(got["ids"], got["metadatas"], got["embeddings"])
    }
    units: dict[str, tuple[list[UnitSpan], np.ndarray]] = {}
    if info.units_layout == "packed":
        got_u = read_all(units_col, ["metadatas"])
        units = {i: unpack_units(m) for i, m in zip(got_u["ids"], got_u["metadatas"])}
        return chunks, units
    got_u = read_all(units_col, ["embeddings", "metadatas"])
    grouped: dict[str, list] = {}
    for m, v in zip(got_u["metadatas"], got_u["embeddings"]):
        grouped.setdefault(m["chunk_id"], []).append((int(m["n"]), m, v))
    for cid, rows in grouped.items():
        if cid not in chunks:
            continue
        base = int(chunks[cid]["meta"]["start"])
        rows.sort(key=lambda r: r[0])
        spans = [
            (int(m["start"]) - base, int(m["end"]) - base, m["kind"], int(m["block"]), bool(m["intro"]))
            for _, m, _ in rows
        ]
        units[cid] = (spans, np.asarray([v for _, _, v in rows], dtype=np.float32))
    return chunks, units


def _unit_records(chunk: Chunk) -> list[tuple[UnitSpan, str]]:
    """(span relative to the chunk, text to embed) for every sentence and list item of a chunk."""
    records = []
    units = split_units(chunk.text, chunk.start)
    heading = chunk.heading
    intros = {u.block: u.text for u in units if u.intro}
    for u in units:
        # A list item alone ("Lower costs compared to hiring locally") does not say it is a pro; embedded with
        # its heading and introduction it does. The stored text stays verbatim.
        context = " ".join(
            x for x in (heading + ":" if heading else "", intros.get(u.block, "") if u.kind == "item" else "") if x
        )
        span = (u.start - chunk.start, u.end - chunk.start, u.kind, u.block, u.intro)
        records.append((span, f"{context} {u.text}".strip()))
    return records


def _chunk_all(docs: list, max_tokens: int) -> list[Chunk]:
    """Chunk every document; copies of one text (the same licence shipped by several packages) are counted once.

    Chunking counts the tokens of many overlapping spans; a copy asks for exactly the same counts, so they are
    remembered per distinct text (by length and hash, not by the text itself, to keep memory small).
    """
    count = make_token_counter()
    groups: dict[str, list] = {}
    for d in docs:
        groups.setdefault(d.digest, []).append(d)
    out: dict[int, list[Chunk]] = {}
    for group in groups.values():
        memo: dict[tuple[int, int], int] = {}

        def counted(text: str, memo: dict[tuple[int, int], int] = memo) -> int:
            key = (len(text), hash(text))
            if key not in memo:
                memo[key] = count(text)
            return memo[key]

        for d in group:
            out[id(d)] = chunk_document(d, counted if len(group) > 1 else count, max_tokens)
    return [c for d in docs for c in out[id(d)]]


def _span_in(chunk: Chunk, span: UnitSpan) -> tuple[int, int]:
    """A unit's span in the chunk's embedded text (heading path, blank line, then the chunk text)."""
    lead = len(chunk.section) + 2 if chunk.section else 0
    return lead + span[0], lead + span[1]


def ingest(
    settings: Settings,
    *,
    embeddings: Embeddings | None = None,
    echo: Callable[[str], None] = print,
    progress: bool = True,
    store: IndexStore | None = None,
) -> IngestReport:
    """Bring the index in line with the corpus folder; raises IngestError when nothing could be ingested."""
    started = time.perf_counter()
    store = store or make_store(settings)
    report = IngestReport()
    corpus_dir = settings.corpus_dir
    if not corpus_dir.is_dir():
        raise IngestError(f"The corpus folder {corpus_dir} does not exist. Create it and add {SUPPORTED_TYPES} files.")
    with store.writer_lock():
        docs, problems = load_corpus(corpus_dir, cache_dir=settings.extraction_cache_dir, progress=progress)
        report.problems = problems
        for problem in problems:
            echo(f"skipped {problem}")
        if not docs:
            raise IngestError(
                f"Nothing could be ingested from {corpus_dir}: "
                + (
                    f"no {SUPPORTED_TYPES} files found."
                    if not problems
                    else f"all {len(problems)} file(s) were skipped."
                )
            )
        prune_cache(settings.extraction_cache_dir, {d.file_digest for d in docs if d.file_digest})
        report.documents = len(docs)
        chunks = _chunk_all(docs, settings.chunk_max_tokens)
        version = corpus_version([d.digest for d in docs])

        previous = None
        old_chunks: dict[str, dict] = {}
        old_units: dict[str, tuple[list[UnitSpan], np.ndarray]] = {}
        try:
            previous = store.current()
            if previous:
                old_chunks, old_units = _read_build(store, previous)
        except Exception as exc:  # a damaged old index is rebuilt, not fatal
            echo(f"warning: the previous index could not be read ({exc}); rebuilding from scratch")
            previous, old_chunks, old_units = None, {}, {}

        new_ids = {c.id for c in chunks}
        old_positions = {(m["meta"]["source"], m["meta"]["section"], m["meta"]["ordinal"]) for m in old_chunks.values()}
        for c in chunks:
            if c.id in old_chunks:
                report.kept += 1
            elif (c.source, c.section, c.ordinal) in old_positions:
                report.updated += 1
            else:
                report.added += 1
        stale_positions = {(c.source, c.section, c.ordinal) for c in chunks if c.id not in old_chunks}
        report.removed = sum(
            1
            for i, m in old_chunks.items()
            if i not in new_ids
            and (m["meta"]["source"], m["meta"]["section"], m["meta"]["ordinal"]) not in stale_positions
        )
        # A build written before chunks kept the headings they open (see Chunk.opens) is rewritten with them.
        unchanged_meta = all(
            old_chunks[c.id]["meta"].get("start") == c.start
            and old_chunks[c.id]["meta"].get("end") == c.end
            and old_chunks[c.id]["meta"].get("opens", "") == c.metadata().get("opens", "")
            for c in chunks
            if c.id in old_chunks
        )
        if settings.embedding_backend == "onnx" and embeddings is None:
            ensure_onnx(settings)  # so the app that follows starts without exporting
        # Past memory_chunks the build is served from Chroma ("chroma" mode, see index.Snapshot); its sentence
        # vectors are pooled from the chunk pass instead of a second pass over every sentence, and stored packed.
        mode = "chroma" if len(chunks) > settings.memory_chunks else "memory"
        layout = "packed" if mode == "chroma" else "records"
        # A build in another mode or layout (a changed setting, or written by an earlier version) is rewritten from
        # its stored vectors, without the model.
        unchanged = previous is not None and previous.corpus_version == version and new_ids == set(old_chunks)
        if unchanged and unchanged_meta and (previous.mode, previous.units_layout) == (mode, layout):
            report.seconds = time.perf_counter() - started
            report.build = previous.build
            echo(report.summary())
            return report

        # Only new or edited chunks go through the model; everything else reuses its stored vectors.
        fresh = [c for c in chunks if c.id not in old_chunks]
        records = {c.id: _unit_records(c) for c in fresh}
        vectors: dict[str, np.ndarray] = {}  # chunk id -> its vector, for the fresh chunks
        unit_vectors: dict[str, np.ndarray] = {}  # chunk id -> its sentences' vectors in order, for the fresh chunks
        if fresh:
            # Ingest may use every core; serving keeps embedding_threads per request (one by default).
            model = embeddings or make_embeddings(
                settings.model_copy(update={"embedding_threads": os.cpu_count() or 1})
            )
            pooled = mode == "chroma" and hasattr(model, "embed_with_spans")
            texts = [c.embedding_text() for c in fresh]
            if not pooled:
                texts += [t for c in fresh for _, t in records[c.id]]
            # The same text gives the same vector: a licence or notice repeated across documents is embedded once.
            unique = list(dict.fromkeys(texts))
            show = progress and len(unique) > 32
            if show:
                echo(f"embedding {len(unique)} distinct text(s) from {len(fresh)} new or changed chunk(s)…")
            embed_started = time.perf_counter()
            if pooled:
                first = {}
                for k, t in enumerate(texts):
                    first.setdefault(t, k)
                spans = [[_span_in(fresh[k], span) for span, _ in records[fresh[k].id]] for k in first.values()]
                chunk_out, unit_out = model.embed_with_spans(unique, spans, show_progress=show)
                at = {t: n for n, t in enumerate(unique)}
                for c, text in zip(fresh, texts):
                    # Copies of one text share its arrays: each vector is held once, however often it is written.
                    vectors[c.id] = chunk_out[at[text]]
                    unit_vectors[c.id] = unit_out[at[text]]
            else:
                out = dict(zip(unique, model.embed_documents(unique, show_progress=show)))
                for c, text in zip(fresh, texts):
                    vectors[c.id] = np.asarray(out[text], dtype=np.float32)
                    unit_vectors[c.id] = np.asarray([out[t] for _, t in records[c.id]], dtype=np.float32)
            report.embed_seconds = time.perf_counter() - embed_started
            report.embedded = len(unique)
            report.embedded_tokens = sum(min(make_token_counter()(t), MAX_TOKENS) for t in unique)

        build = store.new_build_id()
        try:
            chunks_col, units_col = store.collections(build, create=True)
            chunk_rows = [
                (c.id, c.embedding_text(), c.metadata(), vectors[c.id] if c.id in vectors else old_chunks[c.id]["vec"])
                for c in chunks
            ]
            unit_sets = list(_unit_sets(chunks, records, unit_vectors, old_units))
            packed = mode == "chroma"
            unit_count = len(chunks) if packed else sum(len(spans) for spans, _ in unit_sets)
            total = len(chunk_rows) + unit_count
            with tqdm(total=total, desc="writing index", unit="rec", disable=not progress or total < 500) as bar:
                for col, rows in ((chunks_col, iter(chunk_rows)), (units_col, _unit_rows(chunks, unit_sets, packed))):
                    # Written in batches as they are made: a large build's packed records are never all in memory.
                    while batch := list(itertools.islice(rows, WRITE_BATCH)):
                        col.add(
                            ids=[r[0] for r in batch],
                            documents=[r[1] for r in batch] if batch[0][1] is not None else None,
                            metadatas=[r[2] for r in batch],
                            embeddings=np.stack([r[3] for r in batch]),
                        )
                        bar.update(len(batch))
            _validate(chunks_col, units_col, chunk_rows, unit_count)
        except Exception as exc:
            store.drop(build)
            raise IngestError(f"Writing the new index failed ({exc}); the previous index is unchanged.") from exc

        extra = {}
        if mode == "chroma":
            # No serving process sees every vector of such a build, so the means it centres on are stored with it
            # (the sentence mean from the float32 vectors, before packing rounds them).
            total_units = sum(len(v) for _, v in unit_sets)
            unit_sum = sum(v.sum(axis=0, dtype=np.float64) for _, v in unit_sets if len(v))
            extra = {
                "chunk_centroid": np.mean([r[3] for r in chunk_rows], axis=0).tolist(),
                "unit_centroid": (unit_sum / max(total_units, 1)).tolist(),
            }
        store.set_current(
            BuildInfo(
                build=build,
                corpus_version=version,
                created=time.time(),
                chunks=len(chunks),
                documents=sorted(d.source for d in docs),
                mode=mode,
                units_layout=layout,
                **extra,
            )
        )
        # Keep the predecessor: a running app may still be answering from it until it notices the switch.
        store.prune({build} | ({previous.build} if previous else set()))
        store.release(build)
        report.build, report.changed = build, True
        report.seconds = time.perf_counter() - started
        echo(report.summary())
        return report


def _unit_sets(
    chunks: list[Chunk],
    records: dict[str, list[tuple[UnitSpan, str]]],
    unit_vectors: dict[str, np.ndarray],
    old_units: dict[str, tuple[list[UnitSpan], np.ndarray]],
) -> Iterator[tuple[list[UnitSpan], np.ndarray]]:
    """Per chunk, in order: its sentences' spans (relative to the chunk) and vectors, fresh or kept from before."""
    dim = next((v.shape[-1] for v in unit_vectors.values() if len(v)), 0)
    for c in chunks:
        if c.id not in records:
            # A kept chunk. Spans are relative to the chunk, so one that moved (an earlier paragraph was edited)
            # keeps them as they are.
            yield old_units.get(c.id, ([], np.zeros((0, dim), dtype=np.float32)))
            continue
        yield [span for span, _ in records[c.id]], unit_vectors[c.id]


def _unit_rows(
    chunks: list[Chunk], unit_sets: list[tuple[list[UnitSpan], np.ndarray]], packed: bool
) -> Iterator[tuple[str, str | None, dict, Any]]:
    """The records of the units collection: one per sentence, or (packed) one per chunk holding all of its."""
    for c, (spans, vecs) in zip(chunks, unit_sets):
        if packed:
            yield c.id, None, pack_units(spans, vecs), PACK_EMBEDDING
            continue
        for n, ((s, e, kind, block, intro), vec) in enumerate(zip(spans, vecs)):
            meta = {
                "chunk_id": c.id,
                "source": c.source,
                "section": c.section,
                "start": c.start + s,
                "end": c.start + e,
                "kind": kind,
                "block": block,
                "intro": intro,
                "n": n,
            }
            yield f"{c.id}:{n}", c.text[s:e], meta, vec


def _validate(chunks_col, units_col, chunk_rows, unit_count: int) -> None:
    """Read the new build back before anyone is pointed at it."""
    if chunks_col.count() != len(chunk_rows) or units_col.count() != unit_count:
        raise IngestError("the new build does not hold every record that was written")
    probe = chunk_rows[0]
    hit = chunks_col.query(query_embeddings=[probe[3]], n_results=1, include=["distances"])
    if not hit["ids"] or not hit["ids"][0]:
        raise IngestError("the new build does not answer a query")
