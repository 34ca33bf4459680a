"""`python -m evals.scale`: ingest and serving figures over 1, 50 and 300 Debian licence texts plus the bundled corpus.

Each tier takes the first N files of `/usr/share/doc/*/copyright` in sorted path order (fixed, so every run on a
Debian machine sees the same texts), copied as `<package>.txt` beside the bundled article. Ingest and serving each
run in a fresh child process, so their memory figures are their own. The questions below were written by reading
those files; each names the file and a verbatim passage that answers it, and a question counts as a hit when a
retrieved chunk of that file holds the passage's start.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from assistant import Assistant, Settings, ingest

from .bench import PLAIN_K, plain_pipeline
from .runner import SPLITS, evidence_spans, load_items, read_corpus

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "evals" / "results"
LICENCES = Path("/usr/share/doc")
TIERS = (1, 50, 300)
OURS_K = 5
ARTICLE_QUESTIONS = 5  # the first answerable single-turn dev questions, so tier 1 has ten questions

# (package, question, verbatim passage of /usr/share/doc/<package>/copyright that answers it). Packages whose file
# is an exact copy of another's (the chromium, boost, dbus and google-cloud-cli families) are avoided: there the
# expected source would be ambiguous.
QUESTIONS: list[tuple[str, str, str]] = [
    ("adduser", "Under which license is adduser distributed?", "License: GPL-2+"),
    ("adduser", "Who held the copyright of adduser from 1996 to 1999?", "1996-1999 Guy Maor"),
    (
        "adduser",
        "Where is the upstream source of adduser kept?",
        "Upstream-Source: https://salsa.debian.org/debian/adduser",
    ),
    ("adduser", "Which association held the 1994 copyright of adduser?", "1994 Debian Association, Inc."),
    ("adduser", "Did Roland Bauerschmidt hold a copyright on adduser?", "2000-2004 Roland Bauerschmidt"),
    ("bash", "Who put together the Debian package of GNU Bash?", "This package was put together by Matthias Klose"),
    ("bc", "Who wrote dc?", "Ken Pizzini wrote dc"),
    ("curl", "Who holds the copyright of curl?", "1997-2022, Daniel Stenberg"),
    (
        "dash",
        "Whose code is dash derived from?",
        "This code is derived from software contributed to Berkeley by Kenneth Almquist.",
    ),
    (
        "coreutils",
        "Who maintains the Debian package of the GNU core utilities?",
        "This package is maintained by Michael Stone",
    ),
    ("diffutils", "Who designed the unified output format of diff?", "Wayne Davison designed and implemented"),
    ("bzip2", "Who holds the copyright of bzip2?", "1996-2010 Julian R Seward"),
    ("base-files", "Who wrote the Debian base system miscellaneous files?", "These files were written by Ian Murdock"),
    ("debianutils", "Who maintains debianutils now?", "are now maintained by Clint Adams"),
    ("apt", "Who is the upstream team of apt?", "Source: https://salsa.debian.org/apt-team/apt"),
    ("less", "Who debianized less?", "This package was debianized by Thomas Schoepf"),
    ("jq", "Who holds the copyright of jq?", "Copyright: 2012 Stephen Dolan"),
    ("gzip", "Who holds the copyright of the Debian files of gzip?", "1995-2017 Bdale Garbee"),
    ("ed", "Who is the author of GNU ed?", "2006-2023 Antonio Diaz Diaz"),
    ("grep", "Who contributed to grep in 2007?", "2007, Tony Abou-Assaleh"),
    ("git", "Who holds the copyright of git?", "Linus Torvalds and others"),
    ("heaptrack", "Who is the upstream contact of heaptrack?", "Upstream-Contact: Milian Wolff"),
    ("fakeroot", "Who wrote the 1997 code of fakeroot?", "1997, 1998, 1999, 2000, 2001  joost witteveen"),
    (
        "iproute2",
        "Where can iproute2 be downloaded from upstream?",
        "Source: https://www.kernel.org/pub/linux/utils/net/iproute2/",
    ),
    ("coreutils", "Under which license are the GNU core utilities distributed?", "License: GPL-3+"),
]


def licence_files(n: int) -> list[Path]:
    """The tier's documents: the first n licence files in sorted path order."""
    return sorted(LICENCES.glob("*/copyright"))[:n]


def tier_settings(folder: Path) -> Settings:
    """Settings of one tier, every folder under its own directory, no audit log."""
    return Settings(corpus_dir=folder / "corpus", index_dir=folder / "index", data_dir=folder / "data", audit_log=False)


def prepare(tier: int, folder: Path, model: Path) -> Settings:
    """A fresh corpus folder for the tier, and the already exported model placed where its index expects it."""
    shutil.rmtree(folder, ignore_errors=True)
    settings = tier_settings(folder)
    shutil.copytree(ROOT / "corpus", settings.corpus_dir)
    for path in licence_files(tier):
        shutil.copyfile(path, settings.corpus_dir / f"{path.parent.name}.txt")
    settings.model_dir.mkdir(parents=True)
    shutil.copyfile(model, settings.model_dir / model.name)
    return settings


def questions(settings: Settings) -> list[dict[str, Any]]:
    """The tier's questions, each with its gold (source, start, end) located in the tier's own files."""
    corpus = read_corpus(settings)
    out = []
    for item in [i for i in load_items(SPLITS["dev"]) if i["answerable"] and not i.get("history")][:ARTICLE_QUESTIONS]:
        out.append({"question": item["question"], "gold": evidence_spans(item, corpus)})
    for package, question, passage in QUESTIONS:
        source = f"{package}.txt"
        if source not in corpus:
            continue
        at = corpus[source].find(passage)
        if at < 0:
            raise ValueError(f"{source} no longer holds the answer to {question!r}: {passage!r}")
        out.append({"question": question, "gold": [(source, at, at + len(passage))]})
    return out


def _hit(docs: list, gold: list[tuple[str, int, int]], k: int) -> bool:
    return any(
        d.metadata["source"] == s and d.metadata["start"] <= b < d.metadata["end"] for d in docs[:k] for s, b, _ in gold
    )


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def _rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process, in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child_ingest(folder: Path) -> dict[str, Any]:
    """Ingest the tier (in this fresh process) and report what it took."""
    settings = tier_settings(folder)
    started = time.perf_counter()
    report = ingest(settings, echo=lambda _m: None, progress=False)
    wall = time.perf_counter() - started
    size = sum(p.stat().st_size for p in (settings.index_dir / "builds").rglob("*") if p.is_file())
    from assistant.store import make_store

    mode = make_store(settings).current().mode
    return {
        "documents": report.documents,
        "chunks": report.added,
        "mode": mode,
        "texts_embedded": report.embedded,
        "tokens_embedded": report.embedded_tokens,
        "ingest_s": round(wall, 1),
        "embed_s": round(report.embed_seconds, 1),
        "texts_per_s": round(report.embedded / max(report.embed_seconds, 1e-9), 1),
        "tokens_per_s": round(report.embedded_tokens / max(report.embed_seconds, 1e-9)),
        "ingest_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        # CPU seconds the ingest got: on a shared machine, wall time over CPU time shows how much it had to wait.
        "ingest_cpu_s": round(_cpu_seconds(), 1),
        "index_mb": round(size / 1e6, 1),
    }


def child_serve(folder: Path, rounds: int) -> dict[str, Any]:
    """Start an Assistant over the tier's index, time warm questions, score hit@k, beside the plain pipeline."""
    settings = tier_settings(folder)
    started = time.perf_counter()
    bot = Assistant(settings)
    start_s = time.perf_counter() - started
    plain = plain_pipeline(bot)
    items = questions(settings)
    ours_hits, ours_hits4, plain_hits = [], [], []
    for item in items:  # also warms both paths
        docs = bot.ask(item["question"]).documents
        ours_hits.append(_hit(docs, item["gold"], OURS_K))
        ours_hits4.append(_hit(docs, item["gold"], PLAIN_K))
        plain_hits.append(_hit(plain(item["question"])[1], item["gold"], PLAIN_K))
    ours, base = [], []
    for r in range(rounds):
        for item in items:
            # A new trailing mark makes each call a new text for the query cache, so every call embeds.
            t = time.perf_counter()
            bot.ask(item["question"] + "?" * (r + 2))
            ours.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            plain(item["question"] + "!" * (r + 2))
            base.append((time.perf_counter() - t) * 1000)
    rss, peak = _rss_mb()
    n = len(items)
    return {
        "questions": n,
        "start_s": round(start_s, 1),
        "ask_p50_ms": round(statistics.median(ours), 1),
        "ask_p95_ms": round(_pct(ours, 0.95), 1),
        "plain_p50_ms": round(statistics.median(base), 1),
        "plain_p95_ms": round(_pct(base, 0.95), 1),
        f"hit@{OURS_K}": round(sum(ours_hits) / n, 3),
        f"hit@{PLAIN_K}": round(sum(ours_hits4) / n, 3),
        f"plain_hit@{PLAIN_K}": round(sum(plain_hits) / n, 3),
        "serve_rss_mb": round(rss),
        "serve_peak_rss_mb": round(peak),
    }


def child_limit(folder: Path, seconds: float) -> dict[str, Any]:
    """The model's throughput ceiling here: a tight loop over length-sorted batches of the tier's chunk texts at
    every core, nothing else (no chunking, no writing)."""
    from assistant.corpus import chunk_document, load_corpus
    from assistant.embeddings import MAX_TOKENS, make_embeddings, make_token_counter

    settings = tier_settings(folder)
    docs, _ = load_corpus(settings.corpus_dir)
    count = make_token_counter()
    texts = sorted({c.embedding_text() for d in docs for c in chunk_document(d, count, settings.chunk_max_tokens)})
    texts = sorted(texts, key=len)[:: max(1, len(texts) // 512)]  # an even sample over lengths
    model = make_embeddings(settings.model_copy(update={"embedding_threads": os.cpu_count() or 1}))
    tokens = sum(min(count(t), MAX_TOKENS) for t in texts)
    done_texts = done_tokens = 0
    started, cpu = time.perf_counter(), _cpu_seconds()
    while time.perf_counter() - started < seconds:
        model.embed_documents(texts)
        done_texts += len(texts)
        done_tokens += tokens
    wall = time.perf_counter() - started
    return {
        "threads": os.cpu_count(),
        "sample_texts": len(texts),
        "mean_tokens": round(tokens / len(texts)),
        "limit_texts_per_s": round(done_texts / wall, 1),
        "limit_tokens_per_s": round(done_tokens / wall),
        "cpu_share": round((_cpu_seconds() - cpu) / wall / (os.cpu_count() or 1), 2),  # of all cores, while timed
        "load_average": os.getloadavg()[0],
    }


def _child(kind: str, folder: Path, *extra: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "evals.scale", "--child", kind, "--folder", str(folder), *extra],
        capture_output=True,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"},
    )
    if out.returncode != 0:
        raise RuntimeError(f"{kind} child failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(rows: list[dict[str, Any]]) -> str:
    """The figures as a Markdown table."""
    cols = [
        ("docs", "documents"), ("chunks", "chunks"), ("mode", "mode"), ("texts", "texts_embedded"),
        ("ingest s", "ingest_s"), ("ingest CPU s", "ingest_cpu_s"), ("embed s", "embed_s"),
        ("texts/s", "texts_per_s"), ("tokens/s", "tokens_per_s"),
        ("ingest peak MB", "ingest_peak_rss_mb"), ("index MB", "index_mb"), ("serve RSS MB", "serve_rss_mb"),
        ("start s", "start_s"), ("ask p50 ms", "ask_p50_ms"), ("ask p95 ms", "ask_p95_ms"),
        ("plain p50 ms", "plain_p50_ms"), ("questions", "questions"), (f"ours hit@{OURS_K}", f"hit@{OURS_K}"),
        (f"ours hit@{PLAIN_K}", f"hit@{PLAIN_K}"), (f"plain hit@{PLAIN_K}", f"plain_hit@{PLAIN_K}"),
    ]  # fmt: skip
    lines = ["| " + " | ".join(c for c, _ in cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(str(r.get(k, "")) for _, k in cols) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the tiers; print and save the table (a benchmark: it asserts nothing)."""
    parser = argparse.ArgumentParser(prog="python -m evals.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--tiers", default=",".join(map(str, TIERS)), help="licence files per tier, comma-separated")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over each tier's questions")
    parser.add_argument("--limit-seconds", type=float, default=60.0, help="length of the model throughput loop")
    parser.add_argument("--work", type=Path, default=RESULTS / "scale", help="where tier corpora and indexes go")
    parser.add_argument("--name", default="scale", help="results file name (evals/results/NAME.json and .md)")
    parser.add_argument("--child", choices=["ingest", "serve", "limit"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run = {
            "ingest": lambda: child_ingest(args.folder),
            "serve": lambda: child_serve(args.folder, args.rounds),
            "limit": lambda: child_limit(args.folder, args.limit_seconds),
        }[args.child]
        print(json.dumps(run()))
        return 0
    if not LICENCES.is_dir():
        print("needs Debian's /usr/share/doc/*/copyright files", file=sys.stderr)
        return 2
    from assistant.embeddings import ensure_onnx

    model = ensure_onnx(Settings())
    rows, limit = [], None
    out = RESULTS / f"{args.name}.json"
    tiers = [int(t) for t in args.tiers.split(",")]
    for tier in tiers:
        folder = args.work / f"tier-{tier}"
        prepare(tier, folder, model)
        row = {"tier": tier, **_child("ingest", folder)}
        row.update(_child("serve", folder, "--rounds", str(args.rounds)))
        # The ceiling is measured once, on real licence chunks (the first tier of 50 or more, else the last).
        if limit is None and (tier >= 50 or tier == tiers[-1]):
            limit = _child("limit", folder, "--limit-seconds", str(args.limit_seconds))
        rows.append(row)
        print(json.dumps(row), flush=True)
        RESULTS.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"tiers": rows, "limit": limit}, indent=2))
    text = table(rows) + f"\n\nmodel limit on this CPU: {json.dumps(limit)}\n"
    (RESULTS / f"{args.name}.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
