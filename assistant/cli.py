"""Command line: `python -m assistant ask|ingest|serve` — a thin layer over the library."""

from __future__ import annotations

import argparse
import json
import sys

from .configuration import Settings
from .errors import AssistantError


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from .core import Assistant
    from .index import probe_index
    from .transcript import page_label

    # A damaged store can crash Chroma itself; find that out in a child process and say what to run.
    probe_index(settings)
    bot = Assistant(settings)
    reply = bot.ask(args.question)
    if args.json:
        print(json.dumps(reply.as_dict(), ensure_ascii=False, indent=2))
        return 0
    print(reply.answer)
    if reply.citations:
        print("\nSources:")
        for c in reply.citations:
            quote = " ".join(c.text.split())
            where = ", ".join(x for x in (c.source, page_label(c.as_dict()), f"chars {c.start}-{c.end}") if x)
            print(f"[{c.n}] {c.title} — {c.section} ({where})\n    “{quote}”")
    return 0


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from .ingestion import ingest

    report = ingest(settings, progress=not args.quiet, echo=(lambda _m: None) if args.quiet else print)
    return 0 if report.documents else 1


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from .ui import serve

    overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    serve(settings.model_copy(update=overrides), ingest_if_missing=args.ingest_if_missing)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The CLI's arguments; separate so tests can inspect it."""
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ask", help="answer one question from the index")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print {answer, citations, abstained} as JSON")
    p.set_defaults(func=_ask)
    p = sub.add_parser("ingest", help="build or update the index from the corpus folder")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=_ingest)
    p = sub.add_parser("serve", help="serve the chat UI")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--ingest-if-missing", action="store_true", help="ingest the corpus first when no index exists")
    p.set_defaults(func=_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; errors the user can fix print one line and exit 2, never a stack trace."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args, Settings())
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
