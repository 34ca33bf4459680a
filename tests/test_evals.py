"""The evaluation can fail: the judge, the key points, the swap control and the gate, each on a planted defect."""

import json

import pytest
from langchain_core.documents import Document

from assistant import Citation, Reply, Settings
from evals import runner
from evals.judge import supports

from conftest import CORPUS, make_settings


def test_the_judge_rejects_a_statement_that_drops_or_adds_a_negation():
    assert not supports("Outsourcing is not cheaper.", "Outsourcing is cheaper.")
    assert not supports("Outsourcing is cheaper.", "Outsourcing is not cheaper.")
    assert supports("Outsourcing is not cheaper.", "Outsourcing is not cheaper.")
    assert supports("Rates are often 50-80% cheaper than onshore roles.", "Rates are often 50-80% cheaper")


class Quoting:
    """A planted assistant that answers each item by quoting, verbatim and cited, the gold evidence of the item
    `shift` places further on: shift 0 is a perfect answerer, any other shift gives every item a wrong answer."""

    def __init__(self, items, corpus, shift: int = 0) -> None:
        answerable = [it for it in items if it["answerable"]]
        self.by_question = {
            it["question"]: answerable[(i + shift) % len(answerable)] for i, it in enumerate(answerable)
        }
        self.corpus = corpus

    def ask(self, question, history=None):
        item = self.by_question.get(question)
        if item is None:
            return Reply(answer="The sources don't cover that.", citations=[], abstained=True)
        citations, docs, lines = [], [], []
        for n, (source, start, end) in enumerate(runner.evidence_spans(item, self.corpus), 1):
            text = self.corpus[source][start:end]
            citations.append(Citation(source, "", "", text, start, end, n=n))
            docs.append(Document(page_content=text, metadata={"source": source, "start": start, "end": end}))
            lines.append(" ".join(text.split()) + f" [{n}]")
        return Reply(answer="\n\n".join(lines), citations=citations, abstained=False, documents=docs)


@pytest.fixture(scope="module")
def test_split():
    settings = make_settings_for_corpus()
    corpus = runner.read_corpus(settings)
    return runner.load_items(runner.SPLITS["test"]), corpus


def make_settings_for_corpus():

    return Settings(corpus_dir=CORPUS)


def test_gold_answers_pass_every_test_item_and_the_key_points_tell_answers_apart(test_split):
    items, corpus = test_split
    split = runner.run_split(Quoting(items, corpus), items, corpus)
    answerable = [r for r in split["items"] if r["answerable"] and r["category"] != "hostile"]
    assert all(r["passed"] for r in answerable), [r["id"] for r in answerable if not r["passed"]]
    # Another item's correct answer must almost never clear an item's key points.
    assert split["swap"]["rate"] <= runner.TARGETS["swap_pass_rate"][1], split["swap"]


def test_swapped_answers_fail_the_gate(test_split):
    items, corpus = test_split
    split = runner.run_split(Quoting(items, corpus, shift=7), items, corpus)
    misses = runner.check_targets(split)
    assert any(m.startswith("focused_rate") for m in misses), misses
    assert split["overall"]["focused"] < 0.1 * split["overall"]["answerable"]


def test_a_failing_run_never_becomes_the_baseline(tmp_path, test_split):
    items, corpus = test_split
    settings = make_settings(tmp_path)
    baseline = tmp_path / "baseline.json"
    status = runner.run(
        settings,
        splits=("test",),
        out=tmp_path / "results",
        baseline=baseline,
        update_baseline=True,
        bot=Quoting(items, corpus, shift=7),
    )
    assert status == 1 and not baseline.exists()
    report = json.loads((tmp_path / "results" / "latest.json").read_text())
    assert report["splits"]["test"]["misses"]


def test_the_baseline_gate_fails_a_run_that_falls_below_the_recorded_counts(tmp_path, test_split):
    items, corpus = test_split
    settings = make_settings(tmp_path)
    baseline = tmp_path / "baseline.json"

    def run(bot, **kw):
        return runner.run(
            settings, splits=("test",), out=tmp_path / "r", baseline=baseline, bot=bot, gate="baseline", **kw
        )

    assert run(Quoting(items, corpus), update_baseline=True) == 0 and baseline.exists()
    recorded = json.loads(baseline.read_text())["test"]
    assert recorded["focused"] >= 140
    # The follow-ups asked again with the bot's own answers as history are recorded and gated too.
    follow_ups = sum(1 for it in items if it["answerable"] and it.get("history"))
    assert recorded[runner.REAL_HISTORY_KEY] == follow_ups >= 25
    assert run(Quoting(items, corpus, shift=7)) == 1  # every answer wrong: far below the recorded counts
    report = json.loads((tmp_path / "r" / "latest.json").read_text())
    regressions = report["splits"]["test"]["regressions"]
    assert any(r.startswith("focused") for r in regressions)
    assert any(r.startswith(runner.REAL_HISTORY_KEY) for r in regressions)


def test_every_ablation_switch_runs_against_the_current_code(bot, built):
    """A switch patches the product from outside, so a renamed function or a changed signature breaks it only when
    `make ablation` runs; here each one answers a sample of dev items (every fifth: lists, follow-ups, figures and
    declines among them) with the switch on, and the sample's figures come out."""
    from evals import ablation

    items = runner.load_items(runner.SPLITS["dev"])[::5]
    corpus = runner.read_corpus(built)
    switches = ablation.components(bot)
    assert len(switches) >= 30
    for name, off in switches.items():
        bot.answerer._analysers.clear()  # as evals.ablation does: a switched component must see fresh analyses
        try:
            with off():
                split = runner.run_split(bot, items, corpus)
        finally:
            bot.answerer._analysers.clear()
        assert split["overall"]["answerable"] > 0, name
