"""Runs the dev and test splits through the public API and scores answers, citations, refusals and controls."""

from __future__ import annotations

import json
import re
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant import Assistant, AssistantError, Settings

from .judge import perturbations, supports

HERE = Path(__file__).resolve().parent
SPLITS = {"dev": HERE / "dev.jsonl", "test": HERE / "test.jsonl"}
GATED_SPLIT = "test"
BASELINE = HERE / "baseline.json"
RESULTS = HERE / "results"
STATEMENT_RE = re.compile(r"(.+?)((?:\s*\[\d+\])+)(?=\s|$)")
# The evaluator parses markers itself rather than trusting the product's own citation list.
MARKER_RE = re.compile(r"\[(\d+)\]")
FOCUS_WORDS = 200  # an answer longer than this is not focused, unless the item asks for everything
# Markup that must never come back out of the assistant as live text.
MARKUP_ECHO_RE = re.compile(r"<\s*(script|img|iframe|svg|b|div|a)\b|onerror\s*=|javascript:", re.I)

# What the gated split must reach (issue 9's done-when), enforced, not only printed.
TARGETS = {
    "focused_rate": (">=", 0.90),  # answerable items passed with every key point in at most 200 words
    "decline_rate": (">=", 0.90),  # items to decline that were declined
    "hostile_handled_rate": (">=", 1.0),
    "invalid_citations": ("<=", 0),
    "swap_pass_rate": ("<=", 0.02),  # another item's answer must not clear an item's key points
}
JUDGE_MIN_AGREEMENT = 0.9


def load_items(path: Path) -> list[dict[str, Any]]:
    """The evaluation items, one JSON object per line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_corpus(settings: Settings) -> dict[str, str]:
    """Every corpus file's text by its path relative to the corpus folder, as the citations name them."""
    return {
        p.relative_to(settings.corpus_dir).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(settings.corpus_dir.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def evidence_spans(item: dict[str, Any], corpus: dict[str, str]) -> list[tuple[str, int, int]]:
    """Gold evidence as (source, start, end), found by its text so chunking changes do not move it."""
    spans = []
    for ev in item["evidence"]:
        for source, text in corpus.items():
            i = text.find(ev)
            if i >= 0:
                spans.append((source, i, i + len(ev)))
                break
        else:
            raise ValueError(f"{item['id']}: evidence not found in the corpus: {ev[:60]!r}")
    return spans


def statements(answer: str, framing: frozenset[str] = frozenset()) -> list[tuple[str, list[int]]]:
    """Answer sentences and list items with the citation numbers that follow each; the fixed framing lines the
    reply names as such (and lines introducing a list) are excluded, any other unmarked text is an uncited claim."""
    out = []
    for line in answer.splitlines():
        if line.strip() in framing:
            continue
        line = line.strip().removeprefix("- ").strip()
        if not line:
            continue
        found = list(STATEMENT_RE.finditer(line))
        covered = sum(len(m.group(0)) for m in found)
        for m in found:
            out.append((m.group(1).strip(), [int(n) for n in MARKER_RE.findall(m.group(2))]))
        rest = STATEMENT_RE.sub("", line).strip()
        # Text without a marker is an uncited claim, unless it only introduces the list that follows.
        if rest and not (rest.endswith(":") and covered == 0):
            out.append((rest, []))
    return out


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def key_point_hits(key_points: list[list[str]], answer: str) -> list[bool]:
    """For each key point, does the answer contain one of its accepted phrasings?"""
    norm = _norm(answer)
    return [any(_norm(alt) in norm for alt in alts) for alts in key_points]


def word_count(answer: str) -> int:
    """Words a reader reads: markers and list bullets do not count."""
    return len(MARKER_RE.sub(" ", answer).replace("- ", " ").split())


@dataclass
class ItemResult:
    """Scores for one item."""

    id: str
    category: str
    answerable: bool
    hostile: bool
    abstained: bool
    error: str  # a typed refusal (InvalidQuestionError) instead of a reply
    rank: int | None  # 1-based rank of the first retrieved chunk overlapping gold evidence
    key_points: float | None  # share of key points present
    words: int
    max_words: int
    cit_valid: bool
    cit_recall: float | None
    cit_precision: float | None
    answer_precision: float | None  # share of quoted statements carrying a key point or overlapping the evidence
    markup_echo: bool
    latency_ms: float
    answer: str

    @property
    def passed(self) -> bool:
        """Answerable: answered, valid citations, every key point. To decline: declined (or refused outright)."""
        if not self.answerable:
            return self.abstained or bool(self.error)
        return not self.abstained and not self.error and self.cit_valid and self.key_points == 1.0

    @property
    def focused(self) -> bool:
        """Passed, and short enough to read: at most FOCUS_WORDS words unless the item asks for everything."""
        return self.passed and (not self.answerable or self.words <= self.max_words)

    @property
    def handled(self) -> bool:
        """A hostile input is handled when nothing it carried is echoed as markup and the verdict is safe: a
        question to decline is declined, a genuine question wrapped in junk is answered correctly or declined."""
        if self.markup_echo:
            return False
        return self.passed or (self.answerable and (self.abstained or bool(self.error)))


def score_item(item: dict[str, Any], bot: Assistant, corpus: dict[str, str]) -> ItemResult:
    """Ask one question and score the reply."""
    t = time.perf_counter()
    try:
        reply = bot.ask(item["question"], history=item.get("history") or None)
    except AssistantError as exc:
        return ItemResult(
            item["id"], item["category"], item["answerable"], item["category"] == "hostile", True, str(exc),
            None, 0.0 if item["answerable"] else None, 0, item.get("max_words", FOCUS_WORDS), True, None, None,
            None, False, (time.perf_counter() - t) * 1000, "",
        )  # fmt: skip
    latency = (time.perf_counter() - t) * 1000
    cites = {c.n: c for c in reply.citations}
    markers = {int(n) for n in MARKER_RE.findall(reply.answer)}
    valid = markers <= set(cites) and set(cites) <= markers
    for c in reply.citations:
        src = corpus.get(c.source)
        valid &= src is not None and src[c.start : c.end] == c.text
    rank = kp = cr = cp = ap = None
    gold = evidence_spans(item, corpus) if item["answerable"] else []
    if item["answerable"]:
        for i, doc in enumerate(reply.documents, 1):
            m = doc.metadata
            if any(m["source"] == s and m["start"] < e and b < m["end"] for s, b, e in gold):
                rank = i
                break
        hits = key_point_hits(item["key_points"], reply.answer)
        kp = 0.0 if reply.abstained else sum(hits) / len(hits)
    if not reply.abstained:
        sts = statements(reply.answer, frozenset(getattr(reply, "framing", ())))
        rec, prec_num, prec_den, useful = 0, 0, 0, 0
        for text, ns in sts:
            passages = [cites[n].text for n in ns if n in cites]
            ok = bool(passages) and supports("\n".join(passages), text)
            rec += ok
            for j, p in enumerate(passages):
                prec_den += 1
                others = passages[:j] + passages[j + 1 :]
                # ALCE: a citation is precise if it supports alone, or is needed for the whole to support.
                relevant = supports(p, text) or (ok and not (others and supports("\n".join(others), text)))
                prec_num += relevant
            if item["answerable"]:
                spans = [(cites[n].source, cites[n].start, cites[n].end) for n in ns if n in cites]
                on_gold = any(
                    src == s and _overlaps_statement(cites, ns, text, b, e) for src, _, _ in spans for s, b, e in gold
                )
                useful += on_gold or any(key_point_hits(item["key_points"], text))
        cr = rec / len(sts) if sts else 0.0
        cp = prec_num / prec_den if prec_den else 0.0
        ap = useful / len(sts) if (sts and item["answerable"]) else None
    return ItemResult(
        item["id"],
        item["category"],
        item["answerable"],
        item["category"] == "hostile",
        reply.abstained,
        "",
        rank,
        kp,
        word_count(reply.answer),
        item.get("max_words", FOCUS_WORDS),
        valid,
        cr,
        cp,
        ap,
        bool(MARKUP_ECHO_RE.search(reply.answer)),
        latency,
        reply.answer,
    )


def _overlaps_statement(cites: dict, ns: list[int], text: str, start: int, end: int) -> bool:
    """Does this statement's own text (inside its cited passage) fall within a gold evidence span?"""
    for n in ns:
        c = cites.get(n)
        if c is None:
            continue
        i = c.text.find(text)
        a, b = (c.start + i, c.start + i + len(text)) if i >= 0 else (c.start, c.end)
        if a < end and start < b:
            return True
    return False


def swap_control(items: list[dict[str, Any]], results: list[ItemResult], corpus: dict[str, str]) -> dict[str, Any]:
    """Score each answerable item's key points against the answers to the other items.

    Pairs whose gold evidence overlaps ask for the same passage, so one may rightly answer the other; they are left
    out. What remains should almost never pass: if it does, the key points do not tell answers apart.
    """
    answered = [(it, r) for it, r in zip(items, results) if it["answerable"] and not r.abstained and r.answer]
    spans = {it["id"]: evidence_spans(it, corpus) for it in items if it["answerable"]}

    def overlap(a: str, b: str) -> bool:
        return any(s == t and x < f and y < e for s, x, e in spans[a] for t, y, f in spans[b])

    pairs = passes = 0
    items_passing: set[str] = set()
    for it in items:
        if not it["answerable"]:
            continue
        for other, r in answered:
            if other["id"] == it["id"] or overlap(it["id"], other["id"]):
                continue
            pairs += 1
            if all(key_point_hits(it["key_points"], r.answer)):
                passes += 1
                items_passing.add(it["id"])
    return {"pairs": pairs, "passes": passes, "rate": round(passes / pairs, 4) if pairs else 0.0,
            "items_passing_with_another_answer": sorted(items_passing)}  # fmt: skip


def judge_agreement(corpus: dict[str, str], limit: int = 200) -> dict[str, Any]:
    """Agreement of the support judge with known labels on sentence pairs and their perturbations."""
    from assistant.text import split_units

    sentences = []
    for text in corpus.values():
        sentences += [u.text for u in split_units(text) if len(u.text.split()) >= 6 and not u.text.startswith("#")]
    pairs: list[tuple[str, str, bool, str]] = []
    for i, s in enumerate(sentences):
        other = sentences[(i + len(sentences) // 2) % len(sentences)]
        pairs.append((s, s, True, "verbatim"))
        for kind, passage, variant in perturbations(s, other):
            pairs.append((passage, variant, False, kind))
        if len(pairs) >= limit:
            break
    by_kind: dict[str, list[bool]] = {}
    for passage, statement, label, kind in pairs:
        by_kind.setdefault(kind, []).append(supports(passage, statement) == label)
    total = [x for v in by_kind.values() for x in v]
    return {
        "pairs": len(total),
        "agreement": round(sum(total) / len(total), 4),
        "by_kind": {k: round(sum(v) / len(v), 3) for k, v in by_kind.items()},
    }


def _mean(xs: list[float | None]) -> float | None:
    vals = [x for x in xs if x is not None]
    return round(sum(vals) / len(vals), 4) if vals else None


def metrics(rs: list[ItemResult]) -> dict[str, Any]:
    """The figures of one split (or one category of it)."""
    ans = [r for r in rs if r.answerable and not r.hostile]
    dec = [r for r in rs if not r.answerable and not r.hostile]
    hostile = [r for r in rs if r.hostile]
    ranks = [r.rank for r in ans]
    lat = sorted(r.latency_ms for r in rs)
    answered = [r for r in rs if not r.abstained and not r.error]
    return {
        "items": len(rs),
        "answerable": len(ans),
        "passed": sum(r.passed for r in ans),
        "focused": sum(r.focused for r in ans),
        "focused_rate": round(sum(r.focused for r in ans) / len(ans), 4) if ans else None,
        "false_refusals": sum(r.abstained for r in ans),
        "to_decline": len(dec),
        "declined": sum(r.passed for r in dec),
        "decline_rate": round(sum(r.passed for r in dec) / len(dec), 4) if dec else None,
        "hostile": len(hostile),
        "hostile_handled": sum(r.handled for r in hostile),
        "hostile_handled_rate": round(sum(r.handled for r in hostile) / len(hostile), 4) if hostile else None,
        "invalid_citations": sum(not r.cit_valid for r in rs),
        "hit@1": _mean([float(k == 1) for k in ranks]),
        "hit@5": _mean([float(k is not None and k <= 5) for k in ranks]),
        "mrr": _mean([1.0 / k if k else 0.0 for k in ranks]),
        "key_point_recall": _mean([r.key_points for r in ans]),
        "answer_precision": _mean([r.answer_precision for r in ans if not r.abstained]),
        "citation_recall": _mean([r.cit_recall for r in answered]),
        "citation_precision": _mean([r.cit_precision for r in answered]),
        "median_words": statistics.median([r.words for r in ans if not r.abstained] or [0]),
        "latency_p50_ms": round(statistics.median(lat), 2) if lat else None,
        "latency_p95_ms": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 2) if lat else None,
    }


def check_targets(summary: dict[str, Any]) -> list[str]:
    """Every target the gated split misses, as a sentence."""
    misses = []
    for key, (op, bound) in TARGETS.items():
        value = summary["swap"]["rate"] if key == "swap_pass_rate" else summary["overall"][key]
        ok = value is not None and (value >= bound if op == ">=" else value <= bound)
        if not ok:
            misses.append(f"{key} = {value} (target {op} {bound})")
    return misses


def write_report(report: dict[str, Any], out: Path) -> None:
    """JSON, Markdown and a PNG chart under out/."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    lines = ["# Evaluation report", ""]
    keys = list(next(iter(report["splits"].values()))["overall"])
    names = list(report["splits"])
    lines += ["| metric | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for k in keys:
        lines.append(f"| {k} | " + " | ".join(str(report["splits"][n]["overall"][k]) for n in names) + " |")
    lines.append(
        "| swap-control pass rate | " + " | ".join(str(report["splits"][n]["swap"]["rate"]) for n in names) + " |"
    )
    j = report["judge"]
    lines += ["", f"Support judge agreement: {j['agreement']:.3f} on {j['pairs']} pairs (by kind: {j['by_kind']}).", ""]
    lines += ["Targets (gated on the test split): " + ", ".join(f"{k} {op} {b}" for k, (op, b) in TARGETS.items())]
    for name, split in report["splits"].items():
        lines += ["", f"## {name}: by category", "", "| category | items | passed | focused | declined |",
                  "|---|---|---|---|---|"]  # fmt: skip
        for c, m in split["by_category"].items():
            lines.append(f"| {c} | {m['items']} | {m['passed']} | {m['focused']} | {m['declined']} |")
        failed = [r for r in split["items"] if not (r["focused"] if r["answerable"] else r["passed"])]
        lines += ["", f"### {name}: items that did not pass focused", ""]
        lines += [
            f"- `{r['id']}` ({r['category']}): abstained={r['abstained']}, key points={r['key_points']}, "
            f"words={r['words']}"
            for r in failed
        ] or ["None."]
        if split.get("real_history"):
            real = split["real_history"]
            lines += ["", f"Follow-ups asked again with the bot's own answers as history: {real['focused']}/"
                      f"{real['answerable']} focused, {real['false_refusals']} false refusals."]  # fmt: skip
        if split.get("misses"):
            lines += ["", f"### {name}: targets missed", ""] + [f"- {m}" for m in split["misses"]]
        if split.get("regressions"):
            lines += ["", f"### {name}: below the recorded baseline", ""] + [f"- {m}" for m in split["regressions"]]
    lines += ["", "![per-split chart](chart.png)"]
    (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _chart(report, out / "chart.png")


def _chart(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = ("focused_rate", "decline_rate", "hostile_handled_rate", "hit@5", "answer_precision")
    names = list(report["splits"])
    fig, ax = plt.subplots(figsize=(9, 4))
    width = 0.8 / len(names)
    for j, name in enumerate(names):
        vals = [report["splits"][name]["overall"][k] or 0 for k in keys]
        ax.bar([i + j * width for i in range(len(keys))], vals, width, label=name)
    ax.set_xticks([i + width * (len(names) - 1) / 2 for i in range(len(keys))], keys, rotation=20, ha="right")
    ax.set_ylim(0, 1.05)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Evaluation by split")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


WARM_UP = ("hello", "what is this corpus about?", "tell me something")


def run_split(bot: Assistant, items: list[dict[str, Any]], corpus: dict[str, str]) -> dict[str, Any]:
    """Score one split: per-item results, overall and per-category figures, and the swap control."""
    results = [score_item(item, bot, corpus) for item in items]
    cats = sorted({r.category for r in results})
    return {
        "overall": metrics(results),
        "by_category": {c: metrics([r for r in results if r.category == c]) for c in cats},
        "swap": swap_control(items, results, corpus),
        "items": [asdict(r) | {"passed": r.passed, "focused": r.focused, "handled": r.handled} for r in results],
    }


COUNTS = ("focused", "declined", "hostile_handled")
# The gated split's follow-ups asked again with the bot's own earlier answers as history (see with_real_history), as
# the chat window sends them: their focused count is gated too, since the items' hand-written one-line histories do
# not show how a follow-up reads a real multi-line answer.
REAL_HISTORY_KEY = "real_history_focused"
# What a run may never do, whichever gate: cite a passage that is not where it says, or be judged by a judge
# that cannot tell support from its absence.
INVARIANTS = {"invalid_citations": ("<=", 0)}


def with_real_history(bot: Any, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The answerable follow-ups as the chat window sends them: each assistant turn of an item's history replaced by
    the bot's own answer to the user turn before it (asked with the history before that), instead of the one
    hand-written sentence the item carries."""
    answers: dict[str, str] = {}
    out = []
    for item in items:
        if not (item["answerable"] and item.get("history")):
            continue
        real: list[dict[str, Any]] = []
        for m in item["history"]:
            if m["role"] == "assistant" and real and real[-1]["role"] == "user":
                key = json.dumps(real)
                if key not in answers:
                    answers[key] = bot.ask(real[-1]["content"], history=real[:-1] or None).answer
                real.append({"role": "assistant", "content": answers[key]})
            else:
                real.append(dict(m))
        out.append(dict(item, history=real))
    return out


def _regressions(split: dict[str, Any], recorded: dict[str, Any]) -> list[str]:
    o = split["overall"]
    # Pass counts are gated against the record; the swap rate is judged against its target (TARGETS) alone.
    out = [f"{k}: {o[k]} < baseline {recorded[k]}" for k in COUNTS if k in recorded and o[k] < recorded[k]]
    real = split.get("real_history")
    if real and REAL_HISTORY_KEY in recorded and real["focused"] < recorded[REAL_HISTORY_KEY]:
        out.append(f"{REAL_HISTORY_KEY}: {real['focused']} < baseline {recorded[REAL_HISTORY_KEY]}")
    # The invariants hold for the split and for its follow-ups asked with real histories alike.
    for prefix, figures in [("", o)] + ([("real-history ", real)] if real else []):
        for key, (_, bound) in INVARIANTS.items():
            if figures[key] > bound:
                out.append(f"{prefix}{key}: {figures[key]} (must be {bound})")
    return out


def run(
    settings: Settings | None = None,
    splits: tuple[str, ...] = ("dev", "test"),
    out: Path = RESULTS,
    baseline: Path = BASELINE,
    update_baseline: bool = False,
    paths: dict[str, Path] | None = None,
    bot: Any = None,
    gate: str = "targets",
    real_history: bool = False,
) -> int:
    """Run the splits; returns the exit status of the gate on the test split.

    gate="targets" (the default) fails when the test split misses any target of TARGETS or falls below its
    recorded baseline. gate="baseline" fails only on falling below the recorded pass counts or breaking an
    invariant; targets still missed are printed as such. CI uses "baseline" while the targets are
    not yet met, so no change can land that makes the measured answers worse. `bot` is anything with
    Assistant's `ask` (the tests pass planted ones); by default the real Assistant. `real_history` runs only the
    answerable follow-ups, with the bot's own earlier answers as their history (see with_real_history); such a run is
    no baseline.
    """
    settings = settings or Settings()
    paths = paths or SPLITS
    bot = bot or Assistant(settings)
    corpus = read_corpus(settings)
    for q in WARM_UP:  # warm caches on questions outside every split, so no item is timed from cache
        bot.ask(q)
    report: dict[str, Any] = {"splits": {}, "judge": judge_agreement(corpus), "gate": gate}
    base = json.loads(baseline.read_text(encoding="utf-8")) if baseline.exists() else {}
    for name in splits:
        items = load_items(paths[name])
        split = run_split(bot, with_real_history(bot, items) if real_history else items, corpus)
        # A real-history run scores the follow-ups alone: its counts are no match for the recorded whole split.
        if name == GATED_SPLIT and not real_history:
            follow = run_split(bot, with_real_history(bot, items), corpus)["overall"]
            split["real_history"] = {k: follow[k] for k in ("answerable", "focused", "false_refusals")} | {
                k: follow[k] for k in INVARIANTS
            }
            split["misses"] = check_targets(split)
            split["regressions"] = _regressions(split, base.get(name, {}))
        report["splits"][name] = split
        swap = split["swap"]
        print(f"== {name}: {json.dumps(split['overall'])}\n   swap control: {swap['rate']} on {swap['pairs']} pairs")
        if "real_history" in split:
            real = split["real_history"]
            print(
                f"   follow-ups with the bot's own answers as history: {real['focused']}/{real['answerable']} focused,"
                f" {real['false_refusals']} false refusals, {real['invalid_citations']} invalid citations"
            )
    write_report(report, out)
    print(f"judge agreement {report['judge']['agreement']:.3f} on {report['judge']['pairs']} pairs")
    print(f"report: {out / 'report.md'}")
    status = 0
    if report["judge"]["agreement"] < JUDGE_MIN_AGREEMENT:
        print(f"FAIL: support judge agreement below {JUDGE_MIN_AGREEMENT}")
        status = 1
    for name, split in report["splits"].items():
        for miss in split.get("misses", []):
            print(f"{'FAIL' if gate == 'targets' else 'TARGET MISSED'} ({name}): {miss}")
            status |= gate == "targets"
        for reg in split.get("regressions", []):
            print(f"FAIL ({name}): {reg}")
            status = 1
    if update_baseline:
        if real_history:
            print("baseline NOT written: a run with real histories scores only the follow-ups")
            return 1
        if status:
            print("baseline NOT written: this run fails its gate, and a failing run is no baseline")
            return status
        record = {
            n: {k: s["overall"][k] for k in COUNTS}
            | ({REAL_HISTORY_KEY: s["real_history"]["focused"]} if "real_history" in s else {})
            for n, s in report["splits"].items()
        }
        baseline.write_text(json.dumps({**base, **record}, indent=2) + "\n", encoding="utf-8")
        print(f"baseline written to {baseline}")
    return int(status)
