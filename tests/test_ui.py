"""The Gradio UI: built without serving, driven through gradio_client, and in a real headless browser."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from assistant.transcript import display_answer, export_markdown, md_escape
from assistant.ui import load_auth, make_ui, private_file_cache

from conftest import ROOT, ask_in_browser, child_env, chromium, free_port, served

ARTIFACTS = ROOT / "test-artifacts"


# --- built, not served -----------------------------------------------------------------------------------
def test_app_builds_without_serving(ui):
    app = ui.build()
    config = app.get_config_file()
    ids = {c.get("props", {}).get("elem_id") for c in config["components"]}
    assert {"chat", "question", "ask-btn", "sources", "source-view", "export-btn", "clear-btn"} <= ids


def test_respond_shows_markers_and_sources(ui):
    chat, turns, sources, _pick, *_, export, _copies = ui.respond("what are the cons of outsourcing?", [], [])
    assert len(chat) == 2 and turns[0]["citations"]
    assert "(#cite-0-1)" in chat[1]["content"]
    assert "Potential cultural disconnects" in Path(export).read_text()
    assert "Potential cultural disconnects" in sources
    view, panel, _pick = ui.open_source("0-1", turns)
    assert '<mark id="cited-passage">' in view and "Potential cultural disconnects" in view
    assert panel == sources  # the panel shows the sources of the answer whose marker was opened


def test_abstention_looks_different_and_offers_questions(ui):
    chat, turns, *_ = ui.respond("how do I bake sourdough bread?", [], [])
    assert "Not in the sources" in chat[1]["content"]
    assert turns[0]["abstained"] and "What do the sources say about" in turns[0]["answer"]


def test_user_and_corpus_text_is_escaped():
    payload = "<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) ![i](http://evil/x.png)"
    escaped = md_escape(payload)
    assert "<" not in escaped.replace("\\<", "") and "](" not in escaped.replace("\\](", "")
    shown = display_answer("Text with <b>html</b> [1]", 3)
    assert "\\<b\\>" in shown and "(#cite-3-1)" in shown


def test_export_writes_footnotes_with_quotes(ui):
    _chat, turns, *_ = ui.respond("how much can a firm save?", [], [])
    text = Path(ui.export(turns)).read_text()
    assert "[^1]" in text and "**Question:** how much can a firm save?" in text
    for c in turns[0]["citations"]:
        assert " ".join(c["text"].split()) in text
    assert export_markdown([]).startswith("# Conversation")


def test_exports_are_private_unique_and_pruned(ui):
    _chat, turns, *_ = ui.respond("what are the pros of outsourcing?", [], [])
    first, second = Path(ui.export(turns)), Path(ui.export(turns))
    assert first != second and first.read_text() == second.read_text()
    exports = first.parent.parent
    for folder in (exports, first.parent, Path(private_file_cache())):
        assert folder.stat().st_mode & 0o077 == 0, f"{folder} is readable by other users"
    # An export whose hand-off to Gradio is long over is deleted by the next export.
    old = time.time() - 3600
    os.utime(first.parent, (old, old))
    third = Path(ui.export(turns))
    assert not first.exists() and second.exists() and third.exists()
    app = ui.build()
    assert app.delete_cache == (300, ui.settings.export_retention_seconds)


@pytest.mark.server
@pytest.mark.browser
def test_stopping_the_server_deletes_exported_conversations(built, tmp_path):
    # The server keeps exports and Gradio's file cache under TMPDIR; a service manager's SIGTERM must leave nothing.
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = free_port()
    settings = built.model_copy(update={"data_dir": tmp_path / "data"})
    env = child_env(settings, ASSISTANT_PORT=str(port), TMPDIR=str(temp))
    env.pop("GRADIO_TEMP_DIR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except OSError:
                assert proc.poll() is None and time.time() < deadline, "the server did not start"
                time.sleep(0.2)
        with chromium() as browser:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector("#question textarea")
            ask_in_browser(page, "how much can a firm save?", 0)
            page.wait_for_selector("#chat a[href*='#cite-']", timeout=30000)
        exported = [p for p in temp.rglob("conversation-*.md") if "30-50%" in p.read_text()]
        assert exported, "the answer should have refreshed the export"
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, out
    # Other libraries leave their own small files in TMPDIR; none of ours, and no conversation text, may remain.
    assert not list(temp.glob("assistant-*")), list(temp.rglob("*"))
    assert not [p for p in temp.rglob("*") if p.is_file() and "30-50%" in p.read_text(errors="ignore")]


def test_missing_index_page_says_what_to_run(tmp_path, embeddings):
    from assistant import Settings

    settings = Settings(corpus_dir=tmp_path, index_dir=tmp_path / "none", data_dir=tmp_path / "d")
    broken = make_ui(settings)
    assert broken.assistant is None and "ingest.py" in broken.startup_error
    out = broken.ask("what are the pros?", [])
    assert "ingest.py" in out["error"]
    broken.build()


def test_auth_pairs_from_settings_and_file(tmp_path, built):
    f = tmp_path / "users.txt"
    f.write_text("carol:pw3\n")
    from pydantic import SecretStr

    s = built.model_copy(update={"auth_users": SecretStr("alice:pw1,bob:pw2"), "auth_file": f})
    assert load_auth(s) == [("alice", "pw1"), ("bob", "pw2"), ("carol", "pw3")]


# --- served, driven through gradio_client -----------------------------------------------------------------
@pytest.mark.server
def test_gradio_client_gets_answer_and_citations(server):
    from gradio_client import Client

    client = Client(server, verbose=False)
    data = client.predict("what are the cons of outsourcing?", [], api_name="/ask")
    assert data["abstained"] is False
    assert data["citations"] and {"n", "text", "start", "end", "section"} <= set(data["citations"][0])
    follow = client.predict(
        "how can those be mitigated?",
        [{"role": "user", "content": "what are the data security risks?"}, {"role": "assistant", "content": "…"}],
        api_name="/ask",
    )
    assert "Limit data access" in follow["answer"]
    bad = client.predict("   ", [], api_name="/ask")
    assert "empty" in bad["error"]


class _Timed:
    """The real assistant, holding each answer a moment and recording when the server started and ended it."""

    def __init__(self, bot, delay: float) -> None:
        self._bot, self._delay = bot, delay
        self.spans: list[tuple[float, float]] = []
        self._lock = threading.Lock()

    def __getattr__(self, name):
        return getattr(self._bot, name)

    def ask(self, question, history=None):
        start = time.monotonic()
        time.sleep(self._delay)
        reply = self._bot.ask(question, history)
        with self._lock:
            self.spans.append((start, time.monotonic()))
        return reply


def _most_at_once(spans: list[tuple[float, float]]) -> int:
    events = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans])
    running = peak = 0
    for _, step in events:
        running += step
        peak = max(peak, running)
    return peak


@pytest.mark.server
def test_concurrent_requests_are_served_together(bot, ui_settings):
    import concurrent.futures

    from gradio_client import Client

    timed = _Timed(bot, 0.5)
    settings = ui_settings.model_copy(update={"port": free_port()})
    with served(make_ui(settings, assistant=timed)) as base:
        clients = [Client(base + "/", verbose=False) for _ in range(4)]
        qs = ["what are the pros?", "what are the cons?", "how much can a firm save?", "what is a paralegal?"]
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            results = list(pool.map(lambda cq: cq[0].predict(cq[1], [], api_name="/ask"), zip(clients, qs)))
    assert all("answer" in r for r in results)
    # Measured on the server: answers one at a time would never overlap, whatever the client saw.
    assert len(timed.spans) == 4
    assert _most_at_once(timed.spans) >= 2, timed.spans


@pytest.mark.server
def test_excess_requests_get_a_clean_busy_answer_and_the_app_recovers(bot, ui_settings):
    from gradio_client import Client

    # One worker and two places in the queue: a burst of twelve must overflow it.
    settings = ui_settings.model_copy(update={"port": free_port(), "ui_concurrency": 1, "ui_queue_size": 2})
    with served(make_ui(settings, assistant=bot)) as base:
        clients = [Client(base + "/", verbose=False) for _ in range(12)]
        jobs = [c.submit("what are the cons of outsourcing?", [], api_name="/ask") for c in clients]
        answered, busy = 0, 0
        for job in jobs:
            try:
                answered += "Communication barriers" in job.result(timeout=60)["answer"]
            except Exception as exc:  # noqa: BLE001 - anything but a clean "queue is full" fails below
                assert "queue is full" in str(exc).lower() and "try again" in str(exc).lower(), exc
                busy += 1
        assert answered >= 1 and busy >= 1 and answered + busy == len(jobs)
        after = Client(base + "/", verbose=False).predict("what are the pros?", [], api_name="/ask")
        assert after["abstained"] is False and after["citations"]


# --- a real browser ---------------------------------------------------------------------------------------


@pytest.fixture
def page(server):
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        pg = context.new_page()
        pg.outside_requests = []
        pg.dialogs = []
        pg.on(
            "request",
            lambda r: (
                None if r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else pg.outside_requests.append(r.url)
            ),
        )
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
        pg.goto(server)
        pg.wait_for_selector("#question textarea")
        yield pg


@pytest.mark.browser
def test_browser_ask_click_citation_feedback_and_export(page, ui):
    page.fill("#question textarea", "how do we protect client data with an outside provider?")
    page.click("#ask-btn")
    page.wait_for_selector("#chat a[href*='#cite-']", timeout=30000)
    assert "[1]" in page.inner_text("#chat")
    page.click("#chat a[href*='#cite-']")
    mark = page.wait_for_selector("mark#cited-passage", timeout=15000)
    assert "sensitive client information" in mark.inner_text()
    assert "Protecting Sensitive Client Information" in page.inner_text("#source-view")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "answered.png"), full_page=True)

    page.locator("#chat button[aria-label='Dislike'], #chat button[title='Dislike']").first.click()
    page.wait_for_selector("#reason-row", state="visible", timeout=10000)
    page.get_by_label("wrong citation").check()
    page.click("#reason-btn")
    page.wait_for_function("document.querySelector('#notice').innerText.includes('saved')", timeout=10000)
    rows = [json.loads(x) for x in (ui.settings.data_dir / "feedback.jsonl").read_text().splitlines()]
    assert rows[-1]["reason"] == "wrong citation" and rows[-1]["rating"] == "down"
    assert rows[-1]["question"].startswith("how do we protect client data")

    with page.expect_download(timeout=15000) as dl:
        page.click("#export-btn")
    text = Path(dl.value.path()).read_text()
    assert "[^1]" in text and "Encryption" in text
    # The browser fetched the file from Gradio's cache, which must be the private folder, not /tmp/gradio.
    served_from = urllib.parse.unquote(dl.value.url).split("file=", 1)[1]
    assert Path(served_from).is_relative_to(private_file_cache()), served_from


class _Slow:
    """The real assistant, answering a little late: long enough for a person to type during the wait."""

    def __init__(self, bot, delay: float) -> None:
        self._bot, self._delay = bot, delay

    def __getattr__(self, name):
        return getattr(self._bot, name)

    def ask(self, question, history=None):
        time.sleep(self._delay)
        return self._bot.ask(question, history)


@pytest.mark.server
@pytest.mark.browser
def test_browser_text_typed_while_an_answer_is_pending_is_kept(bot, ui_settings):
    settings = ui_settings.model_copy(update={"port": free_port()})
    box = "#question textarea"
    with served(make_ui(settings, assistant=_Slow(bot, 2.0))) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + "/")
        page.wait_for_selector(box)
        page.fill(box, "what are the cons of outsourcing?")
        page.click("#ask-btn")
        # The box empties on send, long before the answer arrives.
        page.wait_for_function(f"document.querySelector('{box}').value === ''", timeout=1500)
        page.type(box, "what does it cost?")
        # Enter while the answer is pending is ignored, and the typed question must stay put.
        page.press(box, "Enter")
        page.wait_for_function(
            "document.querySelector('#chat').innerText.includes('Communication barriers')", timeout=30000
        )
        page.wait_for_timeout(500)
        assert page.input_value(box) == "what does it cost?"
        assert "Communication barriers" in page.inner_text("#chat")
        page.press(box, "Enter")
        page.wait_for_function(
            "document.querySelector('#chat').innerText.includes('what does it cost?')", timeout=30000
        )
        assert page.input_value(box) == ""


@pytest.mark.browser
def test_browser_html_and_script_in_a_question_never_execute(page):
    payloads = [
        "<script>window.__pwned=1;alert('x')</script> what are the pros?",
        '<img src=x onerror="window.__pwned=1"> cons?',
        '<svg onload="window.__pwned=1"></svg> risks',
        "[click me](javascript:window.__pwned=1) savings",
        "![tracker](http://203.0.113.9/pixel.png) what are the cons?",
    ]
    for i, q in enumerate(payloads):
        ask_in_browser(page, q, i)
    page.wait_for_timeout(500)
    for a in page.query_selector_all("#chat a"):
        href = a.get_attribute("href") or ""
        assert not href.lower().startswith("javascript:")
        if "#cite-" in href or "#ask-" in href:  # our own marker and question links (they open or ask)
            continue
        a.click(no_wait_after=True)
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
    assert page.query_selector("#chat img[src*='203.0.113.9']") is None
    assert [u for u in page.outside_requests if "203.0.113.9" in u] == []
    assert "<script>" in page.inner_text("#chat")  # shown as text


def test_a_refused_question_keeps_turns_aligned_with_chat_messages(ui):
    # Zero-width characters only: not blank to the UI, empty to the assistant once cleaned.
    chat, turns, *_ = ui.respond("\u200b\u200b", [], [])
    chat, turns, *_ = ui.respond("what are the cons of outsourcing?", chat, turns)
    assert len(chat) == 2 * len(turns) == 4
    assert "empty" in turns[0]["answer"] and turns[1]["citations"]
    assert "(#cite-1-1)" in chat[3]["content"]
    assert "Potential cultural disconnects" in ui.open_source("1-1", turns)[0]
