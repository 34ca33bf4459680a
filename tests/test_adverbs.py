"""A word typed only as an adverb ("typically") matches where it is spelled, never a heading word sharing its stem."""

from __future__ import annotations

from pathlib import Path

import pytest

import assistant.analysis as analysis
from assistant import Assistant, Settings, ingest
from assistant.language import nlp, unspelled

BEES = Path(__file__).resolve().parent / "fixtures" / "beekeeping.md"
EQUIPMENT = "Typical equipment includes:"
HELP = "Join a local association first"
ASKS_FOR_HELP = ("Where do beginners typically get help?", "Who do beginners typically ask for help?")


@pytest.fixture(scope="module")
def bees(tmp_path_factory, embeddings) -> Assistant:
    """An Assistant over a fresh index of the beekeeping note alone (real model, real Chroma in a temp dir)."""
    tmp = tmp_path_factory.mktemp("bees")
    corpus = tmp / "corpus"
    corpus.mkdir()
    (corpus / BEES.name).write_text(BEES.read_text(encoding="utf-8"), encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp / "index", data_dir=tmp / "data", audit_log=False)
    ingest(settings, embeddings=embeddings, echo=lambda _m: None, progress=False)
    return Assistant(settings, embeddings=embeddings)


def test_adverbs_are_read_by_part_of_speech():
    assert analysis._adverbs(nlp("What do they typically do?", entities=False)) == ("typically",)
    # Typed as an adjective too, the stem names the heading as before.
    assert analysis._adverbs(nlp("What typical duties do they typically have?", entities=False)) == ()
    assert unspelled(("typically",), "Typical Equipment") == {"typic"}
    assert unspelled(("typically",), "Honey is typically harvested in August.") == frozenset()
    # An adverb spelled as its adjective is the same word: "go offshore" still matches "offshore staff".
    assert unspelled(("offshore",), "Offshore Staff") == frozenset()


def test_an_adverb_does_not_name_a_heading_sharing_its_stem(bees, monkeypatch):
    for question in ASKS_FOR_HELP:
        reply = bees.ask(question)
        assert not reply.abstained
        assert reply.answer.startswith(HELP), question
        assert EQUIPMENT not in reply.answer  # "Typical Equipment" is not what was asked about
    # With adverbs read as any other word, "typically" names "Typical Equipment" and its list leads the answer.
    monkeypatch.setattr(analysis, "_adverbs", lambda doc: ())
    bees.answerer._analysers.clear()
    assert bees.ask(ASKS_FOR_HELP[0]).answer.startswith(EQUIPMENT)


def test_a_heading_named_by_its_adjective_still_answers(bees):
    # Near-miss guard: "typical" typed as an adjective names the section, as before.
    reply = bees.ask("What typical equipment does a new beekeeper need?")
    assert not reply.abstained
    assert "Typical Equipment" in reply.citations[0].section
    assert EQUIPMENT in reply.answer and "A smoker to calm the colony" in reply.answer


def test_declines_stay_declines(bees):
    assert bees.ask("How much honey does a hive typically produce in kilograms?").abstained
    assert bees.ask("Who typically wins the village flower show?").abstained
