"""Turning a conversation into Markdown: safe display text and a memo-ready export with footnotes."""

from __future__ import annotations

import html
import re
from typing import Any

MD_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~&])")
MARKER_RE = re.compile(r"\[(\d+)\]")
LIST_ITEM_RE = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
FOLLOW_UPS_LABEL = "The sources also answer:"


def md_escape(text: str) -> str:
    """Make any text render literally in Markdown: no HTML, links, images, emphasis or maths."""
    return MD_SPECIAL_RE.sub(r"\\\1", text)


def display_answer(answer: str, turn: int) -> str:
    """An answer as chat Markdown: all text literal, markers turned into links that open their source."""
    lines = []
    for line in answer.splitlines():
        bullet = line.startswith("- ")
        body = line[2:] if bullet else line
        escaped = md_escape(body)
        escaped = re.sub(r"\\\[(\d+)\\\]", lambda m: f"[\\[{m.group(1)}\\]](#cite-{turn}-{m.group(1)})", escaped)
        lines.append(("- " if bullet else "") + escaped)
    return "\n".join(lines)


def page_label(citation: dict[str, Any]) -> str:
    """ "p. 4" or "pp. 4–5" for a passage from a PDF; "" for documents without pages."""
    first, last = citation.get("page"), citation.get("page_end")
    if not first:
        return ""
    return f"p. {first}" if not last or last == first else f"pp. {first}–{last}"


def _where(citation: dict[str, Any]) -> str:
    """Section path and page, as shown next to a document title ("Scope, p. 2")."""
    return ", ".join(x for x in (citation.get("section") or "", page_label(citation)) if x)


def display_reply(answer: str, turn: int, suggestions: list[str], follow_ups: list[str]) -> str:
    """An answer as chat Markdown whose suggested questions (and follow-ups after it) are links that ask them."""
    offered = set(suggestions)
    lines = display_answer(answer, turn).splitlines()
    # The answer text lists a declined reply's suggestions as "- question" lines: those lines become links.
    raw = answer.splitlines()
    for i, line in enumerate(raw):
        if line.startswith("- ") and line[2:] in offered:
            lines[i] = "- " + ask_link(line[2:], turn, suggestions.index(line[2:]))
    body = "\n".join(lines)
    if follow_ups:
        links = "\n".join("- " + ask_link(q, turn, len(suggestions) + i) for i, q in enumerate(follow_ups))
        body += f"\n\n{md_escape(FOLLOW_UPS_LABEL)}\n{links}"
    return body


def ask_link(question: str, turn: int, i: int) -> str:
    """A Markdown link whose click sends the question (the page's script reads the link text)."""
    return f"[{md_escape(question)}](#ask-{turn}-{i})"


def plain_text(turn: dict[str, Any]) -> str:
    """One answer as clean text for the clipboard: [n] markers, then each quoted source, ready for a memo."""
    out = [turn["answer"].strip()]
    cits = turn.get("citations") or []
    if cits:
        out += ["", "Sources:"]
        for c in cits:
            quote = " ".join(c["text"].split())
            out.append(f"[{c['n']}] {c['title']}, “{_where(c)}”: “{quote}”")
    return "\n".join(out)


def highlight_html(section_text: str, start: int, end: int, title: str, section: str, n: int, pages: str = "") -> str:
    """The section (or PDF page) holding a passage, escaped, with the cited span marked; pages labels it "p. N"."""
    before, cited, after = section_text[:start], section_text[start:end], section_text[end:]
    body = html.escape(before) + f'<mark id="cited-passage">{html.escape(cited)}</mark>' + html.escape(after)
    where = " › ".join(html.escape(x) for x in (section, pages) if x)
    return (
        f'<div class="source-view"><div class="source-head">[{n}] {html.escape(title)} › {where}'
        f'</div><div class="source-body" style="white-space: pre-wrap">{body}</div></div>'
    )


def sources_html(citations: list[dict[str, Any]]) -> str:
    """The cited passages of one answer, escaped, as a list under the chat."""
    if not citations:
        return '<div class="sources-empty">No sources cited.</div>'
    items = []
    for c in citations:
        items.append(
            f'<li id="src-{c["n"]}"><b>[{c["n"]}]</b> {html.escape(c["title"])} › {html.escape(_where(c))}'
            f"<blockquote>{_quote_html(c['text'])}</blockquote></li>"
        )
    return '<ol class="sources">' + "".join(items) + "</ol>"


def _quote_html(text: str) -> str:
    """A cited passage as HTML: its list items as a list, its other lines as paragraphs, all escaped."""
    out: list[str] = []
    items: list[str] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        # A passage quoted from inside a list starts after its first item's dash: the item is still an item.
        first_of_list = i == 0 and len(lines) > 1 and LIST_ITEM_RE.match(lines[1]) and not line.rstrip().endswith(":")
        if first_of_list:
            items.append(f"<li>{html.escape(line.strip())}</li>")
            continue
        if LIST_ITEM_RE.match(line):
            items.append(f"<li>{html.escape(LIST_ITEM_RE.sub('', line, count=1).strip())}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if line.strip():
            out.append(f"<p>{html.escape(' '.join(line.split()))}</p>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return "".join(out)


def export_markdown(turns: list[dict[str, Any]]) -> str:
    """The conversation with every answer's citations as footnotes quoting their passages."""
    out = ["# Conversation with the outsourcing assistant", ""]
    counter = 0
    for t in turns:
        out += [f"**Question:** {t['question']}", ""]
        mapping = {}
        for c in t.get("citations", []):
            counter += 1
            mapping[c["n"]] = counter
        answer = MARKER_RE.sub(lambda m, mp=mapping: f"[^{mp.get(int(m.group(1)), m.group(1))}]", t["answer"])
        out += ["**Answer:**", "", answer, ""]
        for c in t.get("citations", []):
            quote = " ".join(c["text"].split())
            pages = page_label(c)
            out.append(
                f"[^{mapping[c['n']]}]: {c['title']}, “{c['section']}” ({c['source']}, {pages + ', ' if pages else ''}"
                f"characters {c['start']}–{c['end']}): “{quote}”"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"
