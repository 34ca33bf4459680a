"""The first screen and issue 10's UI fixes, in headless Chromium at desktop (1366×900) and phone (390×844) sizes."""

import json
from pathlib import Path

import pytest

from assistant.documents import describe
from assistant.transcript import plain_text, sources_html

from conftest import BOT_ROWS, ROOT, USER_ROWS, chromium

ARTIFACTS = ROOT / "test-artifacts"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def open_page(browser, server, size: str, **extra):
    width, height = SIZES[size]
    phone = size == "phone"
    context = browser.new_context(
        viewport={"width": width, "height": height}, accept_downloads=True, has_touch=phone, is_mobile=phone, **extra
    )
    page = context.new_page()
    page.goto(server)
    page.wait_for_selector("#question textarea")
    return page


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def answers(page) -> int:
    return page.locator(BOT_ROWS).count()


def ask(page, question: str) -> None:
    """Send a question and wait for its answer (one more bot message)."""
    before = answers(page)
    page.fill("#question textarea", question)
    page.click("#ask-btn")
    page.wait_for_function(f"document.querySelectorAll('{BOT_ROWS}').length > {before}", timeout=30000)


def last_answer(page) -> str:
    return page.locator(BOT_ROWS).last.inner_text()


REASON_FORM = "#reason-row:not(:has(> #reason-row))"  # Gradio 6.31 puts a Group's id on two nested elements


def in_viewport(page, selector: str, timeout: float = 3000) -> bool:
    """Is the element wholly inside the window (waiting up to timeout ms for it to get there)?"""
    try:
        page.wait_for_function(
            """(sel) => { const e = document.querySelector(sel); if (!e) return false;
                         const r = e.getBoundingClientRect();
                         return r.height > 20 && r.top >= 0 && r.bottom <= window.innerHeight; }""",
            arg=selector,
            timeout=timeout,
        )
    except Exception:  # noqa: BLE001 - playwright's timeout: not in view
        return False
    return True


# --- core pieces the screen shows ----------------------------------------------------------------------------
def test_documents_name_title_publisher_date_and_a_selling_publisher(bot, tmp_path):
    (info,) = bot.documents()
    assert info.title == "Legal Assistant Outsourcing: Pros and Cons for Law Firms"
    assert (info.publisher, info.published) == ("Legal Buddies", "13 December 2023")
    # Read from the text, not from a list of names: the article calls its own publisher a provider.
    assert info.publisher_sells and "providers like Legal Buddies" in info.evidence
    neutral = tmp_path / "neutral.md"
    neutral.write_text("---\ntitle: A survey\npublisher: Bar Review\n---\n\nProviders vary. Bar Review asked firms.\n")
    plain = describe(neutral, tmp_path)
    assert plain.publisher == "Bar Review" and not plain.publisher_sells
    declared = tmp_path / "declared.md"
    declared.write_text("---\ntitle: X\npublisher: Y\npublisher_role: outsourcing provider\n---\n\nText.\n")
    assert describe(declared, tmp_path).publisher_sells


def test_follow_ups_are_near_the_cited_sections_and_answerable(bot):
    reply = bot.ask("what are the data security risks of outsourcing?")
    assert not reply.abstained and 2 <= len(reply.follow_ups) <= 3
    cited = {c.section for c in reply.citations}
    for q in reply.follow_ups:
        checked = bot.ask(q)
        assert not checked.abstained and checked.citations, q
        assert not {c.section for c in checked.citations} <= cited, f"{q} only repeats the cited sections"
    assert bot.ask("how do I bake sourdough bread?").follow_ups == []


def test_copy_text_and_sources_list_are_clean(bot):
    reply = bot.ask("what are the cons of outsourcing?")
    turn = {"question": "q", "answer": reply.answer, "citations": [c.as_dict() for c in reply.citations]}
    text = plain_text(turn)
    assert "\\" not in text and "#cite-" not in text and "[1]" in text
    assert "Sources:" in text and "“Potential cultural disconnects”" not in text
    assert "Potential cultural disconnects" in text.split("Sources:")[1]
    listed = sources_html(turn["citations"])
    assert listed.count("<li>") >= 4 and "- Potential" not in listed


# --- in the browser --------------------------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_first_screen_says_what_answers_come_from_and_examples_send(browser, server, size):
    page = open_page(browser, server, size)
    about = page.inner_text("#about-sources")
    assert "Legal Assistant Outsourcing: Pros and Cons for Law Firms" in about
    assert "published by Legal Buddies, 13 December 2023" in about
    assert "Published by Legal Buddies, a provider of the service the document discusses" in about
    assert "[1]" in about and "click or tap" in about
    assert in_viewport(page, "#about-sources"), "the first screen must show what the answers come from"
    # Every example shows its whole text: nothing overflows its button or the page.
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('button.example-q')].filter(b => {
             const r = b.getBoundingClientRect();
             return b.scrollWidth > b.clientWidth + 1 || r.right > window.innerWidth || r.left < 0; })
           .map(b => b.innerText)"""
    )
    assert page.locator("button.example-q").count() >= 4 and clipped == []
    # Only system fonts: the bundled web font drew "A" in one face and the rest of "Ask" in another.
    assert page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)") == []
    shot(page, f"first-screen-{size}")
    # Record what Gradio's status line (a polite live region) says to screen readers; it speaks a few seconds
    # after an event ends and clears itself a second later.
    page.evaluate(
        """() => { window.__heard = []; new MutationObserver(() => document.querySelectorAll('[aria-live]')
             .forEach(e => { const t = e.textContent.trim(); if (t && t.length < 60) window.__heard.push(t); }))
           .observe(document.body, { subtree: true, childList: true, characterData: true }); }"""
    )
    example = page.locator("button.example-q").nth(1)
    question = example.inner_text()
    example.scroll_into_view_if_needed()
    example.click()
    page.wait_for_function(f"document.querySelectorAll('{BOT_ROWS}').length === 1", timeout=30000)
    assert page.locator(USER_ROWS).last.inner_text().strip() == question
    page.wait_for_selector("#chat a[href*='#cite-']")
    # Screen readers hear Gradio's status line: it must be words, not a translation key ("common.complete").
    page.wait_for_function("window.__heard.includes('Done')", timeout=15000)
    assert not [t for t in page.evaluate("window.__heard") if "common." in t]
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("how", ["button", "trash icon"])
def test_every_way_of_clearing_clears_everything(browser, server, ui, size, how):
    page = open_page(browser, server, size)
    ask(page, "what are the data security risks of outsourcing?")
    ask(page, "what are the pros of outsourcing?")
    ask(page, "what are the cons of outsourcing?")
    # A thumbs-down with its reason sent ("Thanks"), one skipped, one pending, and a passage open. A pressed
    # Dislike button changes its label, so the first "Dislike" is always the next answer's.
    dislike = page.locator("#chat button[aria-label='Dislike']")
    dislike.first.click()
    assert in_viewport(page, REASON_FORM), "the reason form must open where the reader is"
    page.get_by_label("wrong citation").check()
    page.click("#reason-btn")
    page.wait_for_function("document.querySelector('#notice').innerText.includes('Thanks')")
    dislike.first.click()
    assert in_viewport(page, REASON_FORM)
    page.click("#reason-skip")
    page.wait_for_selector(REASON_FORM, state="hidden")
    dislike.first.click()
    assert in_viewport(page, REASON_FORM)
    page.locator("#chat a[href*='#cite-']").first.click()
    page.wait_for_selector("mark#cited-passage")
    shot(page, f"before-clear-{how.replace(' ', '-')}-{size}")

    if how == "button":
        page.click("#clear-btn")
    else:
        page.click("#chat button[aria-label='Clear']")
    page.wait_for_function(f"document.querySelectorAll('{BOT_ROWS}').length === 0")
    page.wait_for_selector("#reason-row", state="hidden")
    page.wait_for_function("!document.querySelector('mark#cited-passage')")
    page.wait_for_function("document.querySelector('#sources').innerText.trim() === ''")
    assert page.inner_text("#notice").strip() == ""
    shot(page, f"after-clear-{how.replace(' ', '-')}-{size}")

    page.click("#export-btn")
    page.wait_for_function("document.querySelector('#notice').innerText.includes('nothing to export')")

    # The next follow-up does not read the cleared turn: alone, "those" has nothing to refer to.
    ask(page, "how can those be mitigated?")
    record = json.loads((ui.assistant.settings.data_dir / "audit.jsonl").read_text().splitlines()[-1])
    assert record["question"] == "how can those be mitigated?"
    # Kept history would make it standalone with the last question (the cons), as the API does with history.
    assert not {"security", "pros", "cons"} & set(record["query"].lower().replace("?", " ").split()), record
    with page.expect_download(timeout=15000) as dl:
        page.click("#export-btn")
    exported = Path(dl.value.path()).read_text()
    assert "how can those be mitigated?" in exported
    for cleared in ("data security risks", "pros of outsourcing", "cons of outsourcing"):
        assert cleared not in exported
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_citation_tap_shows_the_passage_and_the_panel_follows_the_answer(browser, server, size):
    page = open_page(browser, server, size)
    ask(page, "how do we protect client data with an outside provider?")
    ask(page, "how do I bake sourdough bread?")
    assert "No sources cited." in page.inner_text("#sources")
    marker = page.locator(f"{BOT_ROWS} >> nth=0").locator("a[href*='#cite-']").first
    marker.scroll_into_view_if_needed()
    if size == "phone":
        # The source view starts below the screen, so showing the passage takes a scroll.
        assert page.evaluate("document.querySelector('#source-view').getBoundingClientRect().top > innerHeight")
        marker.tap()
    else:
        marker.click()
    page.wait_for_selector("mark#cited-passage")
    page.wait_for_function(
        """() => { const r = document.querySelector('mark#cited-passage').getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        timeout=5000,
    )
    assert "sensitive client information" in page.inner_text("mark#cited-passage")
    # The panel shows the sources of the answer whose marker was tapped, not the latest (declined) answer's.
    assert "No sources cited." not in page.inner_text("#sources")
    assert "Protecting Sensitive Client Information" in page.inner_text("#sources")
    shot(page, f"citation-tap-{size}")
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_suggested_and_follow_up_questions_are_clickable_and_answered(browser, server, size):
    page = open_page(browser, server, size)
    ask(page, "how do I bake sourdough bread?")
    links = page.locator(f"{BOT_ROWS} >> nth=0").locator("a[href*='#ask-']")
    assert links.count() >= 2
    offered = links.first.inner_text()
    assert offered.startswith("What do the sources say about") and "\\" not in offered
    links.first.click()
    page.wait_for_function(f"document.querySelectorAll('{BOT_ROWS}').length === 2", timeout=30000)
    assert page.locator(USER_ROWS).last.inner_text().strip() == offered
    assert "Not in the sources" not in last_answer(page)
    page.wait_for_selector(f"{BOT_ROWS} >> nth=1 >> a[href*='#cite-']")
    # After an answer: follow-ups the sources answer, each one click away.
    follow = page.locator(f"{BOT_ROWS} >> nth=1").locator("a[href*='#ask-']")
    assert 2 <= follow.count() <= 3 and "The sources also answer:" in last_answer(page)
    shot(page, f"suggestions-{size}")
    asked = follow.first.inner_text()
    follow.first.click()
    page.wait_for_function(f"document.querySelectorAll('{BOT_ROWS}').length === 3", timeout=30000)
    assert page.locator(USER_ROWS).last.inner_text().strip() == asked
    assert "Not in the sources" not in last_answer(page)
    page.wait_for_selector(f"{BOT_ROWS} >> nth=2 >> a[href*='#cite-']")
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_empty_and_over_long_input(browser, server, ui, size):
    page = open_page(browser, server, size)
    limit = ui.settings.max_question_chars
    for blank in ("", "   "):
        page.fill("#question textarea", blank)
        page.click("#ask-btn")
        page.press("#question textarea", "Enter")
    page.wait_for_timeout(1500)
    assert page.locator("#chat .message-row").count() == 0, "a blank question must do nothing"

    pasted = "Please review this clause. " * 800  # 21,600 characters
    page.fill("#question textarea", pasted)
    count = page.inner_text("#char-count")
    assert f"{len(pasted):,} / {limit:,} characters" in count and "too long" in count
    assert page.locator("#char-count .count.over").count() == 1
    page.click("#ask-btn")
    page.wait_for_function("document.querySelector('#notice').innerText.includes('the limit is')", timeout=15000)
    assert f"{limit:,}" in page.inner_text("#notice")
    assert page.input_value("#question textarea") == pasted, "the pasted text must stay for the user to shorten"
    assert page.locator("#chat .message-row").count() == 0
    shot(page, f"over-long-{size}")
    page.fill("#question textarea", "what are the cons?")
    assert f"18 / {limit:,} characters" in page.inner_text("#char-count")
    page.context.close()


@pytest.mark.browser
def test_copy_puts_clean_text_with_sources_on_the_clipboard(browser, server):
    page = open_page(browser, server, "desktop", permissions=["clipboard-read", "clipboard-write"])
    ask(page, "what are the cons of outsourcing?")
    # One Copy button per message: the question's, then the answer's.
    page.locator("#chat button[aria-label='Copy message']").last.click()
    page.wait_for_timeout(300)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "\\" not in copied and "#cite-" not in copied and "](" not in copied
    assert "Potential cultural disconnects [1]" in copied
    assert "Sources:\n[1] Legal Assistant Outsourcing" in copied
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_a_long_answer_opens_at_its_start(browser, server, size):
    page = open_page(browser, server, size)
    ask(page, "what are the cons of outsourcing?")
    ask(page, "list everything about the risks of outsourcing legal assistants and how to mitigate them")
    page.wait_for_timeout(500)
    top = page.evaluate(
        f"""() => {{
          const row = [...document.querySelectorAll('{USER_ROWS}')].pop();
          let box = row.parentElement;
          while (box && getComputedStyle(box).overflowY !== 'auto') box = box.parentElement;
          const b = box.getBoundingClientRect(), r = row.getBoundingClientRect();
          return {{ overflow: box.scrollHeight > box.clientHeight, offset: r.top - b.top, height: b.height }};
        }}"""
    )
    assert top["overflow"], "the test needs an answer longer than the chat window"
    assert 0 <= top["offset"] < 60, top
    shot(page, f"long-answer-{size}")
    page.context.close()
