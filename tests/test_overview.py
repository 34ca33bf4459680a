"""The Overview map: built from the real index and model, for the bundled article and for a different document."""

import html
import re
import shutil
import time

import pytest

from assistant import Assistant, ingest
from assistant.corpus import read_document
from assistant.overview import NO_MITIGATION, overview_html, question_about

from conftest import CORPUS, QUIET, ROOT, make_settings

FIXTURE = ROOT / "tests" / "fixtures" / "ediscovery-vendor.md"


def _risk(overview, text):
    return next(r for r in overview.risks if r.passage.text == text)


def _assert_exact(overview, corpus_dir):
    for p in overview.passages():
        assert read_document(corpus_dir / p.source, corpus_dir).text[p.start : p.end] == p.text


def test_article_map_is_exact_and_pairs_by_topic(bot, built):
    ov = bot.overview()
    assert bot.overview() is ov, "the map is built once per index build"
    _assert_exact(ov, built.corpus_dir)
    pros = [p.text for p in ov.pros]
    assert "Lower costs compared to hiring locally" in pros and "Focus in-house efforts on core legal work" in pros
    assert not any("Communication barriers" in p for p in pros)

    privacy = _risk(ov, "Concerns over data privacy and confidentiality")
    privacy_steps = {m.passage.text for m in privacy.mitigations}
    assert any(t.startswith("Formally contract providers to keep information confidential") for t in privacy_steps)
    # Every step paired with the privacy concern comes from a section about protecting data.
    assert {m.passage.section.rpartition(" > ")[2] for m in privacy.mitigations} <= {
        "Mitigating Data Privacy and Security Challenges",
        "Protecting Sensitive Client Information",
    }
    cultural = _risk(ov, "Potential cultural disconnects")
    cultural_steps = {m.passage.text for m in cultural.mitigations}
    assert "Most importantly, choose culturally compatible providers." in cultural_steps
    assert not cultural_steps & privacy_steps, "a data step is not a remedy for cultural disconnects, nor vice versa"
    timezone = _risk(ov, "Communication barriers and time zone differences")
    assert timezone.mitigations[0].passage.text.startswith("Also, selecting providers in similar time zones")
    # The article gives no remedy for loss of oversight; its nearest passage must not be shown as one.
    assert _risk(ov, "Less oversight and control over outsourced staff").mitigations == ()

    topics = {t.section: [p.text for p in t.items] for t in ov.topics}
    conclusion = topics["Key Takeaways > Conclusion"]
    assert "For smaller firms, outsourcing can significantly enhance efficiency." in conclusion
    assert "Scheduling appointments and meetings" in topics["Legal Assistants vs. Paralegals"]

    page = overview_html(ov)
    assert page.count(NO_MITIGATION) == 1
    # Marker n sits on the n-th passage of the map, in reading order (the UI opens passages()[n - 1]).
    shown = re.findall(r'<li class="ov-item">([^<]*) <a class="ov-marker" href="#ovcite-(\d+)">', page)
    assert [int(n) for _, n in shown] == list(range(1, len(ov.passages()) + 1))
    assert all(html.unescape(t) == " ".join(p.text.split()) for (t, _), p in zip(shown, ov.passages()))
    assert page.count('class="ov-marker"') == page.count('class="ov-ask"') == len(ov.passages())
    assert "<script" not in page


def test_questions_read_naturally(bot):
    ov = bot.overview()
    cultural = _risk(ov, "Potential cultural disconnects")
    assert question_about("risk", cultural.passage) == "How can a firm deal with potential cultural disconnects?"
    encryption = next(p for p in ov.passages() if p.text.startswith("Encryption - "))
    assert question_about("mitigation", encryption) == "What do the sources say about encryption?"
    asked = dict(zip(ov.passages(), ov.questions()))
    smaller = next(p for p in ov.passages() if p.text.startswith("For smaller firms"))
    assert asked[smaller] == "What do the sources say about smaller firms?"
    reply = bot.ask(question_about("risk", cultural.passage))
    assert not reply.abstained and reply.citations


@pytest.fixture(scope="module")
def vendor(tmp_path_factory, embeddings):
    corpus = tmp_path_factory.mktemp("vendor-corpus")
    shutil.copy(FIXTURE, corpus / FIXTURE.name)
    settings = make_settings(tmp_path_factory.mktemp("vendor"), corpus=corpus)
    ingest(settings, embeddings=embeddings, **QUIET)
    return settings, Assistant(settings, embeddings=embeddings)


def test_second_document_pairs_each_risk_with_its_own_control(vendor):
    settings, bot = vendor
    ov = bot.overview()
    _assert_exact(ov, settings.corpus_dir)
    assert [p.text.split(" ")[0] for p in ov.pros] == ["Reviewers", "Predictive", "The"]
    pairs = {r.passage.section.rpartition(" > ")[2]: [m.passage.text for m in r.mitigations] for r in ov.risks}
    assert set(pairs) == {"Privilege slips", "Data stored abroad", "Runaway invoices", "Vendor lock-in"}
    for risk, step in [
        ("Privilege slips", "Agree a clawback order"),
        ("Data stored abroad", "Write into the contract"),
        ("Runaway invoices", "Cap hosting fees"),
    ]:
        assert len(pairs[risk]) == 1 and pairs[risk][0].startswith(step), (risk, pairs[risk])
    assert pairs["Vendor lock-in"] == [], "no control addresses lock-in; the nearest one must not be paired"
    assert overview_html(ov).count(NO_MITIGATION) == 1


def test_map_follows_a_new_build_and_never_pairs_across_unrelated_documents(vendor):
    settings, bot = vendor
    first = bot.overview()
    shutil.copy(CORPUS / "legal-assistant-outsourcing.md", settings.corpus_dir)
    ingest(settings, embeddings=bot.embeddings, **QUIET)
    time.sleep(0.6)  # the index handle looks for a new build every half second
    both = bot.overview()
    assert both.build != first.build and len(both.risks) == len(first.risks) + 6
    _assert_exact(both, settings.corpus_dir)
    # The two documents share no subject beyond "data": no risk of one is answered by a step of the other.
    for r in both.risks:
        assert all(m.passage.source == r.passage.source for m in r.mitigations), (r.passage.text, r.mitigations)
    lock_in = next(r for r in both.risks if r.passage.section.endswith("Vendor lock-in"))
    assert lock_in.mitigations == ()
