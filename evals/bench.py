"""`python -m evals.bench`: warm latency of `Assistant.ask` against a plain LangChain pipeline, side by side."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from typing import Any

from assistant import Assistant, Settings

from .runner import SPLITS, evidence_spans, load_items, read_corpus

PLAIN_K = 4


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def plain_pipeline(bot: Assistant):
    """The textbook baseline on the same model and store: Chroma similarity_search k=4, text as the answer."""
    from langchain_chroma import Chroma

    store = bot.store
    build = store.current().build
    vs = Chroma(
        client=store.client(build), collection_name=store.collections(build)[0].name, embedding_function=bot.embeddings
    )

    def ask(question: str):
        docs = vs.similarity_search(question, k=PLAIN_K)
        return "\n\n".join(d.page_content for d in docs), docs

    return ask


def plain_query(item: dict[str, Any]) -> str:
    """What the plain pipeline is given: the question, after the earlier user turns when there are any (the usual
    way a plain pipeline carries a conversation), so follow-ups are compared like with like."""
    turns = [m["content"] for m in item.get("history") or [] if m.get("role") == "user"]
    return " ".join([*turns, item["question"]])


def startup_seconds() -> float:
    """Time from a fresh interpreter to a ready Assistant (import included)."""
    code = "import time;t=time.perf_counter();from assistant import Assistant;Assistant();print(time.perf_counter()-t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def _hit(docs: list, gold: list[tuple[str, int, int]], k: int) -> bool:
    return any(
        d.metadata["source"] == s and d.metadata["start"] < e and b < d.metadata["end"]
        for d in docs[:k]
        for s, b, e in gold
    )


def main(argv: list[str] | None = None) -> int:
    """Print the figures; a benchmark, not a test, so it asserts nothing."""
    parser = argparse.ArgumentParser(prog="python -m evals.bench", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the question set")
    parser.add_argument("--split", choices=sorted(SPLITS), default="dev", help="question set to time")
    args = parser.parse_args(argv)
    settings = Settings(audit_log=False)
    bot = Assistant(settings)
    plain = plain_pipeline(bot)
    items = load_items(SPLITS[args.split])
    corpus = read_corpus(settings)

    for item in items:  # warm both paths once
        bot.ask(item["question"], item.get("history") or None)
        plain(plain_query(item))
    ours, base, single_ours, single_base = [], [], [], []
    stages: dict[str, list[float]] = {}
    for r in range(args.rounds):
        for item in items:
            # Trailing punctuation makes each call a new text for the embedding cache (so every call embeds, as a
            # new question would) without adding a word that would change what the question asks.
            t = time.perf_counter()
            reply = bot.ask(item["question"] + "?" * (r + 2), item.get("history") or None)
            ours.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            plain(plain_query(item) + "!" * (r + 2))
            base.append((time.perf_counter() - t) * 1000)
            for stage, ms in reply.timings.items():
                stages.setdefault(stage, []).append(ms)
            a = reply.analysis
            # Questions where ours embeds exactly one text, as the plain pipeline does: no follow-up, one part.
            if a is not None and not a.follow_up and not a.parts:
                single_ours.append(ours[-1])
                single_base.append(base[-1])

    hits: dict[str, list[bool]] = {"ours_single": [], "plain_single": [], "ours_follow_up": [], "plain_follow_up": []}
    for item in items:
        if not item["answerable"]:
            continue
        gold = evidence_spans(item, corpus)
        kind = "follow_up" if item.get("history") else "single"
        hits[f"ours_{kind}"].append(
            _hit(bot.ask(item["question"], item.get("history") or None).documents, gold, PLAIN_K)
        )
        hits[f"plain_{kind}"].append(_hit(plain(plain_query(item))[1], gold, PLAIN_K))
    figures = {
        "split": args.split,
        "timed_calls": len(ours),
        "ask_p50_ms": round(statistics.median(ours), 2),
        "ask_p95_ms": round(_pct(ours, 0.95), 2),
        "plain_p50_ms": round(statistics.median(base), 2),
        "plain_p95_ms": round(_pct(base, 0.95), 2),
        "p50_ratio_ask_over_plain": round(statistics.median(ours) / statistics.median(base), 3),
        "p50_ratio_one_text_questions": round(statistics.median(single_ours) / statistics.median(single_base), 3),
        # Where ours spends it (see Reply.timings): the analysis and the question's embedding run side by side, so
        # the critical path is about analysis + answer, the answer including any wait for the embedding.
        "ask_stage_p50_ms": {k: round(statistics.median(v), 2) for k, v in stages.items()},
        # Both pipelines judged on their first 4 documents; follow-ups apart, the plain one given the earlier turns.
        **{f"hit@{PLAIN_K}_{k}": round(sum(v) / len(v), 3) for k, v in hits.items() if v},
        "assistant_start_s": round(startup_seconds(), 2),
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
