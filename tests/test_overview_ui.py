"""The Overview tab: handlers built without serving, and a real browser at desktop and phone sizes."""

import pytest

from assistant.overview import NO_MITIGATION

from conftest import BOT_ROWS, ROOT, USER_ROWS, chromium

ARTIFACTS = ROOT / "test-artifacts"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def test_tab_handlers_open_the_passage_and_phrase_the_question(ui):
    app = ui.build()
    ids = {c.get("props", {}).get("elem_id") for c in app.get_config_file()["components"]}
    assert {"overview", "overview-map", "overview-source", "chat-tab"} <= ids
    page, entries = ui.overview_map()
    n = next(i for i, e in enumerate(entries, 1) if e["text"] == "Potential cultural disconnects")
    view = ui.open_overview_source(str(n), entries)
    assert '<mark id="cited-passage">Potential cultural disconnects</mark>' in view and "Cons" in view
    _tabs, question = ui.ask_about(str(n), entries)
    assert question == "How can a firm deal with potential cultural disconnects?"
    assert "That source is not available" in ui.open_overview_source("99999", entries)


def _open_overview(page) -> None:
    page.get_by_role("tab", name="Overview").click()
    page.wait_for_selector("#overview-map .ov-marker", timeout=30000)


@pytest.mark.server
@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_overview_markers_open_and_highlight(server, size):
    ARTIFACTS.mkdir(exist_ok=True)
    width, height = SIZES[size]
    with chromium() as browser:
        page = browser.new_context(viewport={"width": width, "height": height}).new_page()
        page.goto(server)
        _open_overview(page)
        assert page.locator("#overview-map .ov-no-mitigation", has_text=NO_MITIGATION).count() == 1
        page.screenshot(path=str(ARTIFACTS / f"overview-{size}.png"), full_page=False)
        # A mitigation deep in the map: on a phone its source view is far below, so the click must scroll to it.
        item = page.locator("#overview-map .ov-mitigations li", has_text="Data segmentation").first
        expected = " ".join(item.evaluate("e => e.firstChild.textContent").split())
        item.locator(".ov-marker").click()
        mark = page.locator("#overview-source mark")
        mark.wait_for(timeout=30000)
        assert " ".join(mark.inner_text().split()) == expected
        page.wait_for_function(
            """() => { const r = document.querySelector('#overview-source mark').getBoundingClientRect();
                       return r.top >= 0 && r.bottom <= window.innerHeight; }""",
            timeout=10000,
        )
        assert "Protecting Sensitive Client Information" in page.locator("#overview-source .source-head").inner_text()
        page.screenshot(path=str(ARTIFACTS / f"overview-{size}-source.png"), full_page=False)


@pytest.mark.server
@pytest.mark.browser
def test_ask_about_this_sends_the_question_in_the_chat(server):
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        page.goto(server)
        _open_overview(page)
        risk = page.locator("#overview-map .ov-risks > li", has_text="Potential cultural disconnects").first
        risk.locator(":scope > .ov-ask").click()
        page.wait_for_function(f"document.querySelectorAll('{BOT_ROWS}').length >= 1", timeout=30000)
        assert page.locator("#chat").is_visible()
        assert "potential cultural disconnects" in page.locator(USER_ROWS).first.inner_text()
        page.wait_for_selector("#chat a[href*='#cite-']", timeout=30000)
        assert page.locator("#question textarea").input_value() == ""
        page.screenshot(path=str(ARTIFACTS / "overview-ask-about-this.png"), full_page=False)
