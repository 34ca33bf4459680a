"""`python -m evals.bench`: warm latency of `Assistant.ask` against a plain LangChain pipeline, side by side."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

from assistant import Assistant, Settings

from .runner import DATASET, evidence_spans, load_items


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def plain_pipeline(settings: Settings, bot: Assistant):
    """The textbook baseline on the same model and store: Chroma similarity_search k=4, text as the answer."""
    from langchain_chroma import Chroma

    store = bot.store
    build = store.current().build
    vs = Chroma(
        client=store.client(build), collection_name=store.collections(build)[0].name, embedding_function=bot.embeddings
    )

    def ask(question: str):
        docs = vs.similarity_search(question, k=4)
        return "\n\n".join(d.page_content for d in docs), docs

    return ask


def startup_seconds() -> float:
    """Time from a fresh interpreter to a ready Assistant (import included)."""
    code = "import time;t=time.perf_counter();from assistant import Assistant;Assistant();print(time.perf_counter()-t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Print the figures; a benchmark, not a test, so it asserts nothing."""
    parser = argparse.ArgumentParser(prog="python -m evals.bench", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the question set")
    args = parser.parse_args(argv)
    settings = Settings(audit_log=False)
    bot = Assistant(settings)
    plain = plain_pipeline(settings, bot)
    items = load_items(DATASET)
    corpus = {
        p.relative_to(settings.corpus_dir).as_posix(): p.read_text(encoding="utf-8")
        for p in settings.corpus_dir.rglob("*")
        if p.is_file()
    }

    for item in items:  # warm both paths once
        bot.ask(item["question"], item.get("history") or None)
        plain(item["question"])
    ours, base, single_ours, single_base = [], [], [], []
    for r in range(args.rounds):
        for item in items:
            # A varying suffix defeats the query-vector cache so every call embeds, as a new question would.
            # Trailing punctuation makes each call a new text for the embedding cache (so every call embeds, as a
            # new question would) without adding a word that would change what the question asks.
            t = time.perf_counter()
            bot.ask(item["question"] + "?" * (r + 2), item.get("history") or None)
            ours.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            plain(item["question"] + "!" * (r + 2))
            base.append((time.perf_counter() - t) * 1000)
            if not item.get("history"):
                single_ours.append(ours[-1])
                single_base.append(base[-1])

    def hit5(docs_of) -> float:
        hits = []
        for item in items:
            if not item["answerable"]:
                continue
            gold = evidence_spans(item, corpus)
            docs = docs_of(item)
            hits.append(
                any(
                    any(
                        d.metadata["source"] == s and d.metadata["start"] < e and b < d.metadata["end"]
                        for s, b, e in gold
                    )
                    for d in docs[:5]
                )
            )
        return sum(hits) / len(hits)

    ours_hit = hit5(lambda it: bot.ask(it["question"], it.get("history") or None).documents)
    base_hit = hit5(lambda it: plain(it["question"])[1])
    figures = {
        "questions": len(ours),
        "ask_p50_ms": round(statistics.median(ours), 2),
        "ask_p95_ms": round(_pct(ours, 0.95), 2),
        "plain_p50_ms": round(statistics.median(base), 2),
        "plain_p95_ms": round(_pct(base, 0.95), 2),
        "p50_ratio_ask_over_plain": round(statistics.median(ours) / statistics.median(base), 3),
        # Without conversation history, where both pipelines embed exactly one text.
        "p50_ratio_single_questions": round(statistics.median(single_ours) / statistics.median(single_base), 3),
        "hit@5_ask": round(ours_hit, 3),
        "hit@5_plain_k4": round(base_hit, 3),
        "assistant_start_s": round(startup_seconds(), 2),
    }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
