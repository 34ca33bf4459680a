"""PDF, Word and HTML documents: ingest, exact citations with section paths and PDF pages, bad files skipped."""

import html
import shutil
import time
from pathlib import Path

import documents as docs
import pytest

from assistant import Assistant, Citation, ingest
from assistant.corpus import read_document
from assistant.transcript import export_markdown
from assistant.ui import make_ui

from conftest import CORPUS, QUIET, chromium, free_port, make_settings, served

BAD = {
    "locked.pdf": "encrypted",
    "scan.pdf": "no text layer",
    "cut.pdf": "truncated",
    "noise.pdf": "damaged PDF",
    "contract.docx": "not a Word document",
    "contact.htm": "no main text",
}


def _good_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(CORPUS / "legal-assistant-outsourcing.md", folder)
    docs.print_pdf(docs.POLICY_HTML, folder / "vendor-policy.pdf")
    docs.write_docx(folder / "engagement-letter.docx")
    docs.write_web_page(folder / "bar-guidance.html")
    return folder


def _add_bad(folder: Path, pdf: Path) -> None:
    docs.encrypt_pdf(pdf, folder / "locked.pdf")
    docs.scanned_pdf(folder / "scan.pdf")
    docs.truncated_pdf(pdf, folder / "cut.pdf")
    docs.corrupt_pdf(pdf, folder / "noise.pdf")
    docs.fake_docx(folder / "contract.docx")
    docs.write_web_page(folder / "contact.htm", docs.NAV_ONLY_HTML)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, embeddings):
    """A corpus of the bundled article, one PDF, one DOCX, one saved web page and six bad files, ingested."""
    tmp = tmp_path_factory.mktemp("mixed")
    folder = _good_folder(tmp / "corpus")
    _add_bad(folder, folder / "vendor-policy.pdf")
    settings = make_settings(tmp, corpus=folder)
    messages: list[str] = []
    report = ingest(settings, embeddings=embeddings, echo=messages.append, progress=False)
    return settings, report, messages


@pytest.fixture(scope="module")
def mixed_bot(mixed, embeddings):
    return Assistant(mixed[0], embeddings=embeddings)


def _extracted(settings, source: str) -> str:
    return read_document(settings.corpus_dir / source, settings.corpus_dir).text


def _cited(reply, source: str):
    hits = [c for c in reply.citations if c.source == source]
    assert hits, f"no citation from {source}: {reply.answer}"
    return hits


def test_bad_files_are_named_with_reasons_and_the_rest_is_ingested(mixed):
    settings, report, messages = mixed
    text = "\n".join(messages)
    for name, reason in BAD.items():
        assert any(name in m and reason in m for m in messages), (name, text)
    assert sorted(p.source for p in report.problems) == sorted(BAD)
    assert report.documents == 4 and report.changed


def test_pdf_answer_has_exact_offsets_section_path_and_page(mixed, mixed_bot):
    from pypdf import PdfReader

    settings = mixed[0]
    reply = mixed_bot.ask("how quickly must a vendor report a suspected breach?")
    assert not reply.abstained
    c = _cited(reply, "vendor-policy.pdf")[0]
    assert c.text == _extracted(settings, c.source)[c.start : c.end]
    assert "twenty-four hours" in c.text
    assert c.section == "Data Handling > Breach Notice"
    assert c.title == "Outsourcing Vendor Policy"
    # Chromium put "Data Handling" on a new page; pypdf's own page text (independent of our reader) agrees.
    assert (c.page, c.page_end) == (2, 2)
    page2 = " ".join(PdfReader(settings.corpus_dir / c.source).pages[1].extract_text().split())
    assert " ".join(c.text.split()) in page2

    first = mixed_bot.ask("who must sign the confidentiality agreement before receiving client files?")
    c1 = _cited(first, "vendor-policy.pdf")[0]
    assert (c1.page, c1.section) == (1, "Scope") and "confidentiality agreement" in c1.text


def test_docx_answer_has_exact_offsets_and_heading_style_path(mixed, mixed_bot):
    reply = mixed_bot.ask("what interest do unpaid invoices accrue under the engagement letter?")
    c = _cited(reply, "engagement-letter.docx")[0]
    assert c.text == _extracted(mixed[0], c.source)[c.start : c.end]
    assert "one percent per month" in c.text
    assert c.section == "Fees > Late Payment" and c.page is None
    assert c.title == "Engagement Letter for Outsourced Paralegal Services"

    turnaround = mixed_bot.ask("how fast are deposition summaries delivered?")
    t = _cited(turnaround, "engagement-letter.docx")[0]
    assert t.section == "Services > Turnaround" and "three business days" in t.text


def test_html_answer_has_exact_offsets_and_heading_path(mixed, mixed_bot):
    reply = mixed_bot.ask("can outsourced work billed to a client carry a surcharge?")
    c = _cited(reply, "bar-guidance.html")[0]
    assert c.text == _extracted(mixed[0], c.source)[c.start : c.end]
    assert "surcharge" in c.text and c.section == "Billing > Cost Pass-Through"
    assert c.title == "Bar Guidance on Outsourcing"


def test_web_page_boilerplate_never_reaches_the_index(mixed_bot):
    snapshot = mixed_bot.index.current()
    page_chunks = [c for c in snapshot.chunks if c.source == "bar-guidance.html"]
    assert page_chunks and any("informed consent" in c.text for c in page_chunks)
    every_text = [c.embedding_text() for c in snapshot.chunks] + [
        u.text for units in snapshot.units.values() for u in units
    ]
    for phrase in docs.WEB_PAGE_BOILERPLATE:
        assert not any(phrase.lower() in t.lower() for t in every_text), phrase


def test_source_view_shows_the_cited_pdf_page_labelled_and_export_gives_the_page(mixed, mixed_bot, tmp_path):
    settings = mixed[0]
    ui = make_ui(settings.model_copy(update={"data_dir": tmp_path, "port": free_port()}), assistant=mixed_bot)
    _chat, turns, sources, *_, export, _copies = ui.respond(
        "how quickly must a vendor report a suspected breach?", [], []
    )
    c = next(c for c in turns[0]["citations"] if c["source"] == "vendor-policy.pdf")
    view, panel, _picker = ui.open_source(f"0-{c['n']}", turns)
    assert "p. 2" in panel
    assert "p. 2" in view and '<mark id="cited-passage">' in view
    # The view is page 2 as extracted: its heading is there, page 1's text is not.
    assert "Data Handling" in view and "This policy covers every vendor" not in view
    text, start, end = mixed_bot.context(Citation(**c))
    assert html.escape(text[start:end]) in view and c["text"] == text[start:end]
    assert "p. 2" in sources
    footnotes = Path(export).read_text()
    assert "vendor-policy.pdf, p. 2, characters" in footnotes
    assert "p. 2" in export_markdown(turns)


@pytest.mark.server
def test_gradio_api_returns_pages_for_pdf_citations(mixed, mixed_bot, tmp_path):
    from gradio_client import Client

    ui = make_ui(mixed[0].model_copy(update={"data_dir": tmp_path, "port": free_port()}), assistant=mixed_bot)
    with served(ui) as base:
        data = Client(base + "/", verbose=False).predict(
            "how quickly must a vendor report a suspected breach?", [], api_name="/ask"
        )
    c = next(c for c in data["citations"] if c["source"] == "vendor-policy.pdf")
    assert (c["page"], c["page_end"], c["section"]) == (2, 2, "Data Handling > Breach Notice")


def test_unchanged_binary_documents_cost_nothing_and_an_edit_reembeds_only_that_file(tmp_path, embeddings):
    folder = _good_folder(tmp_path / "corpus")
    settings = make_settings(tmp_path, corpus=folder)
    first = ingest(settings, embeddings=embeddings, **QUIET)
    cached = sorted(settings.extraction_cache_dir.iterdir())
    assert len(cached) == 3  # one extraction per PDF, DOCX and HTML file
    second = ingest(settings, embeddings=embeddings, **QUIET)
    assert (second.embedded, second.added, second.updated, second.removed, second.changed) == (0, 0, 0, 0, False)
    assert second.kept == first.added

    page = (folder / "bar-guidance.html").read_text()
    (folder / "bar-guidance.html").write_text(page.replace("reasonable overhead", "a documented overhead"))
    third = ingest(settings, embeddings=embeddings, **QUIET)
    assert third.updated == 1 and third.added == 0 and third.removed == 0 and 0 < third.embedded < 10
    # The old page's cached extraction is dropped with it.
    assert len(list(settings.extraction_cache_dir.iterdir())) == 3
    reply = Assistant(settings, embeddings=embeddings).ask("can outsourced work billed to a client carry a surcharge?")
    assert any("a documented overhead" in c.text for c in reply.citations if c.source == "bar-guidance.html")


def test_bad_files_dropped_in_later_lose_nothing_already_indexed(tmp_path, embeddings):
    folder = _good_folder(tmp_path / "corpus")
    settings = make_settings(tmp_path, corpus=folder)
    first = ingest(settings, embeddings=embeddings, **QUIET)
    before = {c.id for c in Assistant(settings, embeddings=embeddings).index.current().chunks}
    _add_bad(folder, folder / "vendor-policy.pdf")
    messages: list[str] = []
    second = ingest(settings, embeddings=embeddings, echo=messages.append, progress=False)
    assert sorted(p.source for p in second.problems) == sorted(BAD)
    assert (second.kept, second.removed, second.embedded) == (first.added, 0, 0)
    after = {c.id for c in Assistant(settings, embeddings=embeddings).index.current().chunks}
    assert after == before


def test_a_200_page_pdf_ingests_with_a_progress_bar(tmp_path, embeddings, capfd):
    folder = tmp_path / "corpus"
    folder.mkdir()
    docs.print_pdf(docs.long_report_html(200), folder / "audit-report.pdf")
    settings = make_settings(tmp_path, corpus=folder)
    started = time.perf_counter()
    report = ingest(settings, embeddings=embeddings, echo=print, progress=True)
    seconds = time.perf_counter() - started
    err = capfd.readouterr().err
    assert "reading audit-report.pdf" in err and "200/200" in err
    assert report.documents == 1 and report.added >= 200
    print(f"200-page PDF: {report.added} chunks, {report.embedded} texts embedded in {seconds:.1f} s")
    assert seconds < 300

    bot = Assistant(settings, embeddings=embeddings)
    pages = {c.page for c in bot.index.current().chunks}
    assert pages == set(range(1, 201))
    reply = bot.ask("what did audit finding 137 concern?")
    c = next(c for c in reply.citations if "finding 137" in c.text)
    assert c.page == 137 and c.section == "Audit Finding 137"
    assert c.text == _extracted(settings, c.source)[c.start : c.end]


def test_pdf_restricted_only_by_an_owner_password_is_read_and_a_user_password_is_refused(tmp_path):
    from pypdf import PdfReader, PdfWriter

    pdf = docs.print_pdf(docs.POLICY_HTML, tmp_path / "policy.pdf")
    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.encrypt(user_password="", owner_password="owner-only", algorithm="AES-256")
    with (tmp_path / "restricted.pdf").open("wb") as fh:
        writer.write(fh)
    docs.encrypt_pdf(pdf, tmp_path / "locked.pdf")
    plain = read_document(pdf, tmp_path)
    restricted = read_document(tmp_path / "restricted.pdf", tmp_path)
    assert restricted.text == plain.text and restricted.pages == plain.pages
    with pytest.raises(ValueError, match="encrypted"):
        read_document(tmp_path / "locked.pdf", tmp_path)


def test_docx_tables_and_lists_are_kept_as_rows_and_items(tmp_path):
    doc = read_document(docs.write_docx(tmp_path / "letter.docx"), tmp_path)
    assert "Deposition summaries | 2,400 dollars" in doc.text
    assert "- The provider may suspend new assignments.\n- The provider must still finish work in progress." in doc.text


@pytest.mark.server
@pytest.mark.browser
def test_browser_click_on_a_pdf_citation_shows_its_page_labelled(mixed, mixed_bot, tmp_path):
    question = "how quickly must a vendor report a suspected breach?"
    n = _cited(mixed_bot.ask(question), "vendor-policy.pdf")[0].n
    ui = make_ui(mixed[0].model_copy(update={"data_dir": tmp_path, "port": free_port()}), assistant=mixed_bot)
    with served(ui) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + "/")
        page.wait_for_selector("#question textarea")
        page.fill("#question textarea", question)
        page.click("#ask-btn")
        page.wait_for_selector(f"#chat a[href='#cite-0-{n}']", timeout=30000)
        page.click(f"#chat a[href='#cite-0-{n}']")
        mark = page.wait_for_selector("mark#cited-passage", timeout=15000)
        assert "twenty-four hours" in mark.inner_text()
        head = page.inner_text("#source-view .source-head")
        assert "Data Handling > Breach Notice › p. 2" in head and "Outsourcing Vendor Policy" in head
        body = page.inner_text("#source-view .source-body")
        assert "Vendors encrypt client documents" in body and "This policy covers every vendor" not in body


def test_a_sentence_running_over_a_pdf_page_break_is_cited_with_both_pages(tmp_path, embeddings):
    folder = tmp_path / "corpus"
    folder.mkdir()
    docs.print_pdf(docs.page_spanning_html(), folder / "msa.pdf")
    settings = make_settings(tmp_path, corpus=folder)
    ingest(settings, embeddings=embeddings, **QUIET)
    doc = read_document(folder / "msa.pdf", folder)
    assert len(doc.pages) == 2
    bot = Assistant(settings, embeddings=embeddings)
    # The sentence that Chromium broke over the page boundary, whichever clause that was.
    spanning = [c for c in bot.index.current().chunks if c.page_breaks]
    assert spanning and spanning[0].page == 1 and spanning[0].page_breaks == (doc.pages[1],)
    at = doc.pages[1]
    clause = doc.text[doc.text.rfind("Clause", 0, at) :].split(" ", 2)[1]
    reply = bot.ask(f"what does clause {clause} of the outsourcing agreement oblige the vendor to do?")
    c = next(c for c in reply.citations if f"Clause {clause} " in c.text)
    assert c.start < at < c.end and (c.page, c.page_end) == (1, 2)
    assert c.text == doc.text[c.start : c.end]
    text, start, end = bot.context(c)
    assert text[start:end] == c.text and text == doc.text.strip()  # both pages shown
    assert "pp. 1–2" in export_markdown([{"question": "q", "answer": reply.answer, "citations": [c.as_dict()]}])
