"""Lists read by their introduction and by their items: of two near lists the one nearer on both answers, whole."""

from __future__ import annotations

from pathlib import Path

import pytest

import assistant.composing as composing
from assistant import Assistant, Settings, ingest
from assistant.lists import reading

from conftest import QUIET

GARDEN = Path(__file__).resolve().parent / "fixtures" / "community-garden.md"
CHORES = ("Watering seedlings", "Pulling weeds", "Turning the compost heap", "Harvesting ripe vegetables")
DUTIES = ("Collecting yearly plot fees", "Keeping the register", "Renewing the insurance", "Answering letters")


@pytest.fixture(scope="module")
def garden(tmp_path_factory, embeddings) -> Assistant:
    """An Assistant over a fresh index of the garden note alone (real model, real Chroma in a temp dir)."""
    tmp = tmp_path_factory.mktemp("garden")
    corpus = tmp / "corpus"
    corpus.mkdir()
    (corpus / GARDEN.name).write_text(GARDEN.read_text(encoding="utf-8"), encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp / "index", data_dir=tmp / "data", audit_log=False)
    ingest(settings, embeddings=embeddings, **QUIET)
    return Assistant(settings, embeddings=embeddings)


def test_a_list_is_read_by_its_introduction_and_by_its_items_once_per_build(garden):
    snapshot = garden.index.current()
    chunk = next(c for c in snapshot.chunks if "Typical coordinator duties include:" in c.text)
    units = snapshot.units[chunk.id]
    block = next(u.block for u in units if u.text.startswith("Collecting yearly plot fees"))
    assert reading(units, block, "introduction") == "Typical coordinator duties include:"
    items = reading(units, block, "items")
    assert items.startswith("Collecting yearly plot fees") and items.endswith(
        "Answering letters and emails from the landlord"
    )
    assert "Watering seedlings" not in items  # the other list of the section is not this one
    vectors = garden.answerer.lists.vectors(snapshot, [chunk], "items")
    assert len(vectors) == 2  # both lists of the section, one vector each
    assert all(abs(float(v @ v) - 1.0) < 1e-5 for v in vectors.values())
    # Kept for the build: asking again embeds nothing.
    calls = []
    model = garden.answerer.lists.embeddings
    garden.answerer.lists.embeddings = type("Counting", (), {"embed_documents": lambda self, t: calls.append(t)})()
    try:
        again = garden.answerer.lists.vectors(snapshot, [chunk], "items")
    finally:
        garden.answerer.lists.embeddings = model
    assert not calls and again.keys() == vectors.keys()


def test_the_list_that_answers_is_still_quoted_whole(garden):
    reply = garden.ask("What chores do members do each week?")
    assert not reply.abstained
    assert all(item in reply.answer for item in CHORES)
    assert not any(item in reply.answer for item in DUTIES)  # the near list of the same section is not quoted
    # A list whose introduction says "steps" answers a question about what it lists.
    reply = garden.ask("How do we keep slugs off the lettuce?")
    assert reply.answer.startswith("However, a few simple steps can keep them in check:")
    assert "Welcome ladybirds, which eat aphids" in reply.answer


def test_declines_stay_declines(garden):
    assert garden.ask("How much does a plot cost per year?").abstained
    assert garden.ask("Who won the football match last night?").abstained


ADMIN = ("Scheduling appointments and meetings", "Assisting with billing, payments, and bookkeeping")
TYPICAL = "Legal assistants handle a wide variety of responsibilities, including but not limited to:"


def test_of_two_near_lists_the_one_nearer_by_introduction_and_items_answers(bot, monkeypatch):
    # The article has two lists of a legal assistant's work: one under "Typical Responsibilities" (research,
    # drafting, client intake…) and one introduced as "Common legal assistant responsibilities include:" after "more
    # administrative support" (scheduling, bookkeeping…). "typically" fits the first one's heading; what is asked
    # for, office work, is the second one, by its introduction and by its items alike.
    for question in (
        "What office chores does a legal assistant typically do?",
        "What everyday office work does a legal assistant typically take on?",
    ):
        reply = bot.ask(question)
        assert not reply.abstained
        assert reply.answer.startswith("Common legal assistant responsibilities include:")
        assert all(item in reply.answer for item in ADMIN)
        assert TYPICAL not in reply.answer
    # The list the question's heading word leads to is what answers with the exchange switched off.
    monkeypatch.setattr(composing, "_nearer_list", lambda *a, **k: None)
    assert bot.ask("What office chores does a legal assistant typically do?").answer.startswith(TYPICAL)


def test_a_list_asked_for_by_its_heading_keeps_its_place(bot):
    # Near-miss guards: the question names the list's heading (or asks for the one list it describes).
    reply = bot.ask("Spell out the typical responsibilities legal assistants have.")
    assert reply.answer.startswith(TYPICAL)
    reply = bot.ask("What core duties does a legal research assistant have?")
    assert reply.answer.startswith("Some of the core duties of a legal research assistant include:")
