"""The Gradio chat UI: receives an Assistant, builds the app (for tests) separately from serving it."""

from __future__ import annotations

import atexit
import hmac
import logging
import os
import shutil
import signal
import tempfile
import threading
import time
import weakref
from functools import lru_cache
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from .answering import Citation
from .configuration import Settings
from .core import Assistant
from .errors import AssistantError, IndexMissingError
from .feedback import REASONS, FeedbackStore
from .index import probe_index
from .overview import overview_html
from .transcript import display_answer, export_markdown, highlight_html, md_escape, page_label, sources_html

logger = logging.getLogger(__name__)

EXAMPLES = [
    "List the pros and cons of outsourcing.",
    "What risks come with outsourcing legal assistants?",
    "How can a firm reduce data security risks with an outside team?",
    "How do legal assistants and paralegals differ?",
    "What does outsourcing cost compared to hiring in-house?",
    "What core competencies should an outsourced assistant have?",
]

# Marker links in answers carry "#cite-<turn>-<n>"; this routes a click to the hidden "open source" control
# instead of navigating, so a reader sees the highlighted passage in one click.
MARKER_JS = """
document.addEventListener('click', function (ev) {
  const a = ev.target.closest && ev.target.closest('a[href*="#cite-"]');
  if (!a) return;
  ev.preventDefault(); ev.stopPropagation();
  const key = a.getAttribute('href').split('#cite-')[1];
  const box = document.querySelector('#open-source-key textarea, #open-source-key input');
  const btn = document.querySelector('#open-source-btn');
  if (!box || !btn) return;
  box.value = key;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  setTimeout(function () { btn.click(); }, 50);
}, true);
"""

# The Overview's markers ("#ovcite-n") and "Ask about this" buttons hand their item number to a hidden box and
# press the matching hidden button, like the chat's markers.
OVERVIEW_JS = """
document.addEventListener('click', function (ev) {
  const t = ev.target.closest && ev.target.closest('a[href^="#ovcite-"], button.ov-ask');
  if (!t) return;
  ev.preventDefault(); ev.stopPropagation();
  const n = t.matches('a') ? t.getAttribute('href').slice('#ovcite-'.length) : t.dataset.ask;
  const box = document.querySelector('#overview-key textarea, #overview-key input');
  const btn = document.querySelector(t.matches('a') ? '#overview-open-btn' : '#overview-ask-btn');
  if (!box || !btn) return;
  box.value = n;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  setTimeout(function () { btn.click(); }, 50);
}, true);
"""

# On a phone the source view sits below the long map: bring the highlighted passage on screen.
SCROLL_TO_MARK_JS = """
() => {
  const m = document.querySelector('#overview-source mark');
  if (m) m.scrollIntoView({ block: 'center' });
}
"""

# Empties the question box in the browser the moment a question is sent, instead of when its answer returns, so
# nothing typed while the answer is on its way is wiped. While an answer is pending Gradio ignores another send
# and does not run this, so a question typed meanwhile stays in the box to send next.
SEND_JS = """
(question, chat, turns) => {
  const box = document.querySelector('#question textarea');
  if (box) { box.value = ''; box.dispatchEvent(new Event('input', { bubbles: true })); }
  return [question, chat, turns];
}
"""

CSS = """
mark#cited-passage { background: #ffe58a; padding: 0 2px; }
.source-head { font-weight: 600; margin-bottom: .5em; }
.sources blockquote { margin: .3em 0 .8em 0; color: #444; }
.abstained-note { border-left: 4px solid #d08b00; padding-left: .6em; }
#overview-source mark { background: #ffe58a; padding: 0 2px; }
.ov-no-mitigation { font-style: italic; color: #8a5a00; margin: .2em 0 .6em 1em; }
.ov-mit-head { font-size: .9em; color: #555; margin-top: .2em; }
.ov-ask { font-size: .8em; border: 1px solid #bbb; border-radius: 4px; padding: 0 .4em; margin-left: .3em; }
"""


EXPORT_HANDOFF_SECONDS = 60


@lru_cache(maxsize=1)
def private_file_cache() -> str:
    """Gradio's file cache folder, made private to this process unless the operator chose one.

    Gradio's default, /tmp/gradio, is readable by every local user and is never emptied, and exports of client
    conversations pass through it. Gradio reads the folder from the environment only, so it is set there, once,
    before any component exists.
    """
    if not os.environ.get("GRADIO_TEMP_DIR"):
        folder = tempfile.mkdtemp(prefix="assistant-gradio-")
        atexit.register(shutil.rmtree, folder, True)
        os.environ["GRADIO_TEMP_DIR"] = folder
    return os.environ["GRADIO_TEMP_DIR"]


class ChatUI:
    """The chat window over one Assistant (or over the error that kept it from starting)."""

    def __init__(self, assistant: Assistant | None, settings: Settings, startup_error: str | None = None) -> None:
        self.assistant = assistant
        self.settings = settings
        self.startup_error = startup_error
        self.feedback = FeedbackStore(settings.data_dir / "feedback.jsonl")
        # Exports hold client conversations: a folder only this user can read (mkdtemp makes it 0700), emptied
        # as exports age and removed with the UI.
        self._export_dir = Path(tempfile.mkdtemp(prefix="assistant-exports-"))
        weakref.finalize(self, shutil.rmtree, str(self._export_dir), True)
        pairs = load_auth(settings)
        self.auth = LoginGuard(pairs, settings.login_max_failures, settings.login_lockout_seconds) if pairs else None

    # -- pure handlers (called by the app and directly by tests) ------------------------------------------
    def ask(self, question: str, history: list[dict[str, Any]] | None) -> dict[str, Any]:
        """The API shape: {answer, citations, abstained}, or {error} for input the assistant refuses."""
        if self.assistant is None:
            return {
                "error": self.startup_error or "The assistant is not available.",
                "answer": "",
                "citations": [],
                "abstained": True,
            }
        try:
            reply = self.assistant.ask(question, history=history or [])
        except AssistantError as exc:  # refused input, or an index that broke while serving
            return {"error": str(exc), "answer": "", "citations": [], "abstained": True}
        data = reply.as_dict()
        data["suggestions"] = reply.suggestions
        return data

    def respond(self, question: str, chat: list[dict[str, Any]], turns: list[dict[str, Any]]):
        """Chat submit: append the exchange and show its sources (the box was emptied in the browser on send)."""
        chat, turns = list(chat or []), list(turns or [])
        history = [{"role": t["role"], "content": t["raw"]} for t in _flatten(turns)]
        data = self.ask(question or "", history)
        shown_q = md_escape(" ".join((question or "").split())[:500]) or "*(empty)*"
        if data.get("error"):
            chat += [{"role": "user", "content": shown_q}, {"role": "assistant", "content": md_escape(data["error"])}]
            # A turn for the refusal too, so chat message 2k+1 is always turns[k] (likes, clicks, export).
            turns.append({"question": question or "", "answer": data["error"], "citations": [], "abstained": True})
            return chat, turns, gr.update(), gr.update(), gr.update(visible=False), self.export(turns)
        turn = len(turns)
        body = display_answer(data["answer"], turn)
        if data["abstained"]:
            body = "⚠️ **Not in the sources.**\n\n" + body
        chat += [{"role": "user", "content": shown_q}, {"role": "assistant", "content": body}]
        turns.append(
            {
                "question": question,
                "answer": data["answer"],
                "citations": data["citations"],
                "abstained": data["abstained"],
            }
        )
        # The export is refreshed with every answer so the download button always holds the whole chat.
        return (
            chat,
            turns,
            sources_html(data["citations"]),
            self._choices(turns, turn),
            gr.update(visible=False),
            self.export(turns),
        )

    def open_source(self, key: str, turns: list[dict[str, Any]]) -> str:
        """Source view for 'turn-n': the section with the cited span highlighted."""
        try:
            turn_s, n_s = str(key).split("-", 1)
            turn, n = int(turn_s), int(n_s)
            c = next(c for c in turns[turn]["citations"] if c["n"] == n)
        except (ValueError, IndexError, StopIteration, KeyError, TypeError):
            return '<div class="source-view">That source is not available.</div>'
        citation = Citation(**c)
        text, start, end = self.assistant.context(citation) if self.assistant else (c["text"], 0, len(c["text"]))
        return highlight_html(text, start, end, c["title"], c["section"], n, page_label(c))

    def pick_source(self, choice: str | None, turns: list[dict[str, Any]]) -> str:
        """The Sources radio: choice values are 'turn-n' keys."""
        return self.open_source(choice, turns) if choice else ""

    def select_message(self, evt: gr.SelectData, turns: list[dict[str, Any]]):
        """Clicking an answer shows that answer's sources."""
        turn = evt.index // 2 if isinstance(evt.index, int) else None
        if turn is None or turn >= len(turns):
            return gr.update(), gr.update()
        return sources_html(turns[turn]["citations"]), self._choices(turns, turn)

    def rate(self, evt: gr.LikeData, turns: list[dict[str, Any]]):
        """Thumbs up/down on an answer: stored at once; a thumbs-down asks for an optional reason."""
        turn = evt.index // 2 if isinstance(evt.index, int) else (evt.index[0] // 2 if evt.index else 0)
        if turn >= len(turns) or evt.liked is None:
            return gr.update(), None
        t = turns[turn]
        rid = self.feedback.add(
            rating="up" if evt.liked else "down", question=t["question"], answer=t["answer"], citations=t["citations"]
        )
        return gr.update(visible=not evt.liked), {"id": rid, "turn": turn}

    def give_reason(self, reason: str | None, comment: str, pending: dict | None, turns: list[dict[str, Any]]):
        """Attach the reason to the pending thumbs-down."""
        if not pending or pending.get("turn", 99999) >= len(turns):
            return gr.update(visible=False), "Nothing to attach the reason to."
        t = turns[pending["turn"]]
        self.feedback.add(
            rating="down",
            question=t["question"],
            answer=t["answer"],
            citations=t["citations"],
            reason=reason if reason in REASONS else "other",
            comment=comment or "",
            ref=pending["id"],
        )
        return gr.update(visible=False), "Thanks — feedback saved."

    def export(self, turns: list[dict[str, Any]]) -> str | None:
        """Write the conversation as Markdown with footnotes and return the file for download."""
        self._prune_exports()
        # A folder per export keeps the friendly file name while two sessions exporting in the same second can
        # never overwrite (and so download) each other's conversation.
        folder = Path(tempfile.mkdtemp(dir=self._export_dir))
        path = folder / f"conversation-{time.strftime('%Y%m%d-%H%M%S')}.md"
        path.write_text(export_markdown(turns or []), encoding="utf-8")
        return str(path)

    def _prune_exports(self) -> None:
        # Gradio copies the file into its own cache when the answer is sent (and ages that copy out itself,
        # see build), so our copy is only needed for a moment; a minute leaves room for a slow request.
        cutoff = time.time() - EXPORT_HANDOFF_SECONDS
        for folder in self._export_dir.iterdir():
            try:
                if folder.stat().st_mtime < cutoff:
                    shutil.rmtree(folder, ignore_errors=True)
            except FileNotFoundError:  # another request pruned it first
                continue

    @staticmethod
    def _choices(turns: list[dict[str, Any]], turn: int):
        cits = turns[turn]["citations"]
        choices = [
            (f"[{c['n']}] " + ", ".join(x for x in (c["section"], page_label(c)) if x), f"{turn}-{c['n']}")
            for c in cits
        ]
        return gr.update(choices=choices, value=None, visible=bool(choices))

    # -- the app --------------------------------------------------------------------------------------------
    def build(self) -> gr.Blocks:
        """Build the Blocks app without serving it."""
        private_file_cache()
        keep = self.settings.export_retention_seconds
        # Gradio deletes its cached copies of exports once they are this old, checking every few minutes.
        with gr.Blocks(
            title="Legal outsourcing assistant", analytics_enabled=False, delete_cache=(min(300, keep), keep)
        ) as app:
            gr.Markdown("## Legal-assistant outsourcing — answers from the sources, with citations")
            if self.startup_error:
                gr.Markdown(f"**The assistant cannot start:** {md_escape(self.startup_error)}", elem_id="startup-error")
            turns = gr.State([])
            pending = gr.State(None)
            with gr.Tabs(elem_id="tabs") as tabs:
                with gr.Tab("Chat", id="chat-tab", elem_id="chat-tab"), gr.Row():
                    with gr.Column(scale=3):
                        chat = gr.Chatbot(
                            label="Chat",
                            elem_id="chat",
                            height=520,
                            render_markdown=True,
                            sanitize_html=True,
                            latex_delimiters=[],
                            allow_tags=False,
                            feedback_options=("Like", "Dislike"),
                            placeholder=(
                                "**Ask about outsourcing legal-assistant work.** Try one of the examples below."
                            ),
                            buttons=["copy"],
                        )
                        with gr.Row():
                            box = gr.Textbox(
                                placeholder="Ask a question…",
                                show_label=False,
                                scale=5,
                                elem_id="question",
                                max_lines=4,
                                autofocus=True,
                            )
                            send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask-btn")
                        gr.Examples(EXAMPLES, inputs=box, label="Example questions")
                        with gr.Row():
                            clear = gr.Button("Clear chat", elem_id="clear-btn")
                            export_btn = gr.DownloadButton("Export as Markdown", elem_id="export-btn")
                        with gr.Group(visible=False, elem_id="reason-row") as reason_row:
                            reason = gr.Radio(list(REASONS), label="What was wrong? (optional)", elem_id="reason")
                            comment = gr.Textbox(label="Comment (optional)", max_lines=3)
                            reason_btn = gr.Button("Send feedback", elem_id="reason-btn")
                        notice = gr.Markdown(elem_id="notice")
                    with gr.Column(scale=2):
                        gr.Markdown("### Sources cited")
                        sources = gr.HTML(elem_id="sources")
                        pick = gr.Radio([], label="Open a source", visible=False, elem_id="pick-source")
                        view = gr.HTML(elem_id="source-view")
                overview = self._overview_tab()
            key = gr.Textbox(visible="hidden", elem_id="open-source-key")
            open_btn = gr.Button("open", visible="hidden", elem_id="open-source-btn")
            gr.HTML("", js_on_load=MARKER_JS, visible="hidden")

            outs = [chat, turns, sources, pick, reason_row, export_btn]
            # One listener for both triggers, so "once" (Gradio's default) ignores Enter and the button alike
            # while an answer is pending.
            gr.on(
                [send.click, box.submit], self.respond, [box, chat, turns], outs, js=SEND_JS, api_visibility="private"
            )
            open_btn.click(self.open_source, [key, turns], view, api_visibility="private")
            pick.change(self.pick_source, [pick, turns], view, api_visibility="private")
            chat.select(self.select_message, [turns], [sources, pick], api_visibility="private")
            chat.like(self.rate, [turns], [reason_row, pending], api_visibility="private")
            reason_btn.click(
                self.give_reason, [reason, comment, pending, turns], [reason_row, notice], api_visibility="private"
            )
            clear.click(
                lambda: ([], [], "", gr.update(choices=[], visible=False), "", None, None),
                None,
                [chat, turns, sources, pick, view, pending, export_btn],
                api_visibility="private",
            )
            self._overview_events(app, overview, tabs, box, chat, turns, outs)
            gr.api(self._api_ask, api_name="ask")
        app.queue(default_concurrency_limit=self.settings.ui_concurrency, max_size=self.settings.ui_queue_size)
        return app

    # -- the Overview tab (issue 10): the map itself is built in assistant/overview.py ---------------------------
    def overview_map(self) -> tuple[str, list[dict[str, Any]]]:
        """The map's HTML and, as state, the passages its markers number (so a click opens what was shown)."""
        if self.assistant is None:
            return '<div class="overview-map">The overview is not available: the assistant could not start.</div>', []
        ov = self.assistant.overview()
        entries = [{"kind": k, "question": q, **p.as_dict()} for (k, p), q in zip(ov.entries(), ov.questions())]
        return overview_html(ov), entries

    def open_overview_source(self, key: str, entries: list[dict[str, Any]]) -> str:
        """Source view for marker n of the map: the section with the passage highlighted."""
        try:
            n = int(key)
            e = entries[n - 1]
        except (ValueError, IndexError, TypeError):
            return '<div class="source-view">That source is not available.</div>'
        citation = Citation(n, e["source"], e["title"], e["section"], e["text"], e["start"], e["end"])
        text, start, end = self.assistant.context(citation) if self.assistant else (e["text"], 0, len(e["text"]))
        return highlight_html(text, start, end, e["title"], e["section"], n)

    def ask_about(self, key: str, entries: list[dict[str, Any]]):
        """ "Ask about this": the item's question goes into the chat box and the chat tab is shown."""
        try:
            e = entries[int(key) - 1]
        except (ValueError, IndexError, TypeError):
            return gr.update(), gr.update()
        return gr.Tabs(selected="chat-tab"), e["question"]

    def _overview_tab(self) -> dict[str, Any]:
        with gr.Tab("Overview", id="overview-tab", elem_id="overview"):
            gr.Markdown(
                "A map of the sources: pros, cons and risks with the mitigations the sources give for each, and the "
                "other topics. Click a marker to read the passage in its section."
            )
            with gr.Row():
                with gr.Column(scale=3):
                    body = gr.HTML(elem_id="overview-map")
                with gr.Column(scale=2):
                    view = gr.HTML(elem_id="overview-source")
        return {"body": body, "view": view}

    def _overview_events(self, app, ov: dict[str, Any], tabs, box, chat, turns, outs) -> None:
        ov["entries"] = gr.State([])
        ov["key"] = gr.Textbox(visible="hidden", elem_id="overview-key")
        ov["open"] = gr.Button("open", visible="hidden", elem_id="overview-open-btn")
        ov["ask"] = gr.Button("ask", visible="hidden", elem_id="overview-ask-btn")
        gr.HTML("", js_on_load=OVERVIEW_JS, visible="hidden")
        app.load(self.overview_map, None, [ov["body"], ov["entries"]], api_visibility="private")
        opened = ov["open"].click(
            self.open_overview_source, [ov["key"], ov["entries"]], ov["view"], api_visibility="private"
        )
        opened.then(None, js=SCROLL_TO_MARK_JS)
        ov["ask"].click(self.ask_about, [ov["key"], ov["entries"]], [tabs, box], api_visibility="private").then(
            self.respond, [box, chat, turns], outs, js=SEND_JS, api_visibility="private"
        )

    def _api_ask(self, question: str, history: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """Ask one question; returns {answer, citations, abstained} (or {error}) as structured data."""
        return self.ask(question, history)

    def launch(self, app: gr.Blocks | None = None, **kwargs: Any):
        """Serve the app on the configured address with the confidentiality defaults."""
        app = app or self.build()
        return app.launch(
            server_name=self.settings.host,
            server_port=self.settings.port,
            share=False,
            auth=self.auth,
            show_error=False,
            css=CSS,
            footer_links=["api"],
            enable_monitoring=False,
            ssr_mode=False,
            pwa=False,
            mcp_server=False,
            app_kwargs={"middleware": [Middleware(RequireLogin, required=self.auth is not None)]},
            **kwargs,
        )


def _flatten(turns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for t in turns:
        out += [{"role": "user", "raw": t["question"]}, {"role": "assistant", "raw": t["answer"]}]
    return out


def load_auth(settings: Settings) -> list[tuple[str, str]] | None:
    """Login pairs from ASSISTANT_AUTH_USERS or the auth file; None when login is off."""
    pairs: list[tuple[str, str]] = []
    raw = settings.auth_users.get_secret_value() if settings.auth_users else ""
    lines = [x for x in raw.split(",") if x.strip()]
    if settings.auth_file:
        lines += settings.auth_file.read_text(encoding="utf-8").splitlines()
    for line in lines:
        user, sep, password = line.strip().partition(":")
        if sep and user and password:
            pairs.append((user, password))
    return pairs or None


class RequireLogin:
    """ASGI middleware: with login on, every /gradio_api route needs a logged-in session.

    Gradio checks the session on most routes but not all (its heartbeat stream answers anyone); this makes the
    rule uniform instead of relying on each route. Whether login is on comes from our settings, not from Gradio's
    app object, and the session is read from Gradio's internals (`cookie_id`, `tokens`): if a Gradio release moves
    them, nobody is let through rather than everybody.
    """

    OPEN = ("/gradio_api/startup-events",)

    def __init__(self, app: Any, required: bool = True) -> None:
        self.app = app
        self.required = required

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        """Refuse anonymous API requests when login is on; pass everything else through."""
        if (
            self.required
            and scope["type"] == "http"
            and scope["path"].startswith("/gradio_api")
            and scope["path"] not in self.OPEN
            and not self._logged_in(scope.get("app"), scope)
        ):
            body = b'{"detail":{"error":"Not authenticated"}}'
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 401, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)

    @staticmethod
    def _logged_in(app: Any, scope: dict) -> bool:
        from http.cookies import SimpleCookie

        cid, tokens = getattr(app, "cookie_id", None), getattr(app, "tokens", None)
        if not isinstance(cid, str) or not cid or not isinstance(tokens, dict):
            logger.error("Gradio's session internals (cookie_id, tokens) are missing: refusing every API request")
            return False
        raw = b"; ".join(v for k, v in scope.get("headers", []) if k == b"cookie").decode("latin-1")
        cookies = SimpleCookie()
        try:
            cookies.load(raw)
        except Exception:  # noqa: BLE001 - a malformed cookie is simply not a login
            return False
        return any(
            name in cookies and cookies[name].value in tokens
            for name in (f"access-token-{cid}", f"access-token-unsecure-{cid}")
        )


class LoginGuard:
    """Checks credentials in constant time and locks a user name out after repeated failures.

    Gradio's own login accepts unlimited guesses; this closes that hole without any state on disk.
    """

    def __init__(self, pairs: list[tuple[str, str]], max_failures: int = 5, lockout_seconds: float = 300.0) -> None:
        self._pairs = {u: p for u, p in pairs}
        self._max = max_failures
        self._lockout = lockout_seconds
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def locked(self, user: str) -> bool:
        """Is this user name locked out right now?"""
        now = time.monotonic()
        with self._lock:
            recent = [t for t in self._failures.get(user, []) if now - t < self._lockout]
            self._failures[user] = recent
            return len(recent) >= self._max

    def __call__(self, user: str, password: str) -> bool:
        """Gradio's auth hook: True lets the login through."""
        if self.locked(user):
            return False
        expected = self._pairs.get(user, "")
        # Compare even for unknown users so timing does not reveal which names exist.
        ok = hmac.compare_digest(expected.encode(), (password or "").encode()) and user in self._pairs
        if not ok:
            with self._lock:
                self._failures.setdefault(user, []).append(time.monotonic())
        return ok


def make_ui(settings: Settings, assistant: Assistant | None = None) -> ChatUI:
    """A ChatUI over a ready Assistant, or one that explains why none could start."""
    if assistant is not None:
        return ChatUI(assistant, settings)
    try:
        return ChatUI(Assistant(settings), settings)
    except AssistantError as exc:
        return ChatUI(None, settings, startup_error=str(exc))


def serve(settings: Settings, ingest_if_missing: bool = False) -> None:
    """Entry point of `python -m assistant serve` and `make run`."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    # Open the index in a throwaway process first: a damaged store that crashes Chroma takes down the probe,
    # not the app, and the page then says what to run.
    error = None
    try:
        probe_index(settings)
    except IndexMissingError as exc:
        error = str(exc)
        if ingest_if_missing:
            from .ingestion import ingest

            print("No index yet: ingesting the corpus first…")
            ingest(settings)
            error = None
    except AssistantError as exc:
        error = str(exc)
    ui = ChatUI(None, settings, startup_error=error) if error else make_ui(settings)
    if ui.assistant is not None:
        ui.assistant.overview()  # the Overview map of this build, built now rather than on the first page load
    print(f"Serving the assistant on http://{settings.host}:{settings.port}")
    # Service managers stop the app with SIGTERM, which would end the process without its clean-up; handled like
    # Ctrl-C, Gradio closes the server and the exported conversations are deleted on the way out.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        ui.launch()
    except KeyboardInterrupt:  # a requested stop, not a failure
        print("Stopped.")


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
