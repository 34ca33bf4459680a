"""`python -m evals.load`: simulated users against the real app on loopback; prints latency, failures and RSS."""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

CONVERSATIONS = [
    ["what are the data security risks of outsourcing?", "how can those be mitigated?", "what about encryption?"],
    ["what are the pros of outsourcing legal assistants?", "what about the cons?", "how much can a firm save?"],
    ["what's the difference between a legal assistant and a paralegal?", "what skills should they have?"],
    ["what should the job description include?", "why is that important?", "what are the outsourcing laws in Germany?"],
    ["how do we overcome communication barriers?", "and what about time zones?", "which countries have talent?"],
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc."""
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def start_app(port: int, env: dict[str, str]) -> subprocess.Popen:
    """Launch `python -m assistant serve` and wait until it answers."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"the app exited with status {proc.returncode}") from None
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the app did not start within 120 s")


class Stats:
    """Thread-safe counters of one phase."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.failures: list[str] = []
        self.busy = 0
        self.asked: set[str] = set()  # distinct question texts sent (a set is safe to add to from threads)

    def add(self, latency: float | None, error: str | None = None, busy: bool = False) -> None:
        """Record one request's outcome."""
        with self.lock:
            if busy:
                self.busy += 1
            elif error:
                self.failures.append(error)
            else:
                self.latencies.append(latency or 0.0)

    def summary(self) -> dict:
        """Counts and latency percentiles."""
        lat = sorted(self.latencies)
        return {
            "ok": len(lat),
            "busy": self.busy,
            "failed": len(self.failures),
            "distinct_questions": len(self.asked),
            "p50_ms": round(statistics.median(lat), 1) if lat else None,
            "p95_ms": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 1) if lat else None,
            "first_failures": self.failures[:3],
        }


def question_pool() -> list[tuple[str, list[dict]]]:
    """Every question of the dev and test splits with its history: hundreds of distinct questions, so the load
    measures answering rather than the query cache."""
    from .runner import SPLITS, load_items

    return [(it["question"], it.get("history") or []) for path in SPLITS.values() for it in load_items(path)]


ENDINGS = ("?", "??", " ?", "?!", ".", "!")  # varied endings keep a question asked twice from being a cache hit


def user(url: str, seconds: float, stats: Stats, seed: int, timeout: float) -> None:
    """One simulated person: questions of their own (distinct, varied) and conversations with real follow-ups."""
    from gradio_client import Client

    rng = random.Random(seed)
    pool = question_pool()
    rng.shuffle(pool)
    try:
        client = Client(url, verbose=False)
    except Exception as exc:  # noqa: BLE001 - a user who cannot even connect is a failure
        stats.add(None, f"connect: {exc}")
        return
    end = time.time() + seconds
    turn = 0
    while time.time() < end:
        # Two in three sessions are single questions from the pool; the rest a conversation that follows up on
        # the answers actually given.
        if rng.random() < 2 / 3:
            question, base = pool[turn % len(pool)]
            script, history = [question.rstrip("?.! ") + ENDINGS[(seed + turn) % len(ENDINGS)]], list(base)
        else:
            script, history = rng.choice(CONVERSATIONS), []
        for question in script:
            turn += 1
            stats.asked.add(question)
            t = time.perf_counter()
            try:
                job = client.submit(question, history, api_name="/ask")
                out = job.result(timeout=timeout)
                if not isinstance(out, dict) or ("answer" not in out):
                    raise RuntimeError(f"bad reply {str(out)[:80]}")
                stats.add((time.perf_counter() - t) * 1000)
                history += [{"role": "user", "content": question}, {"role": "assistant", "content": out["answer"]}]
            except Exception as exc:  # noqa: BLE001 - classify every outcome
                text = str(exc).lower()
                if "queue is full" in text or "too many requests" in text or "busy" in text:
                    stats.add(None, busy=True)
                    time.sleep(0.2)
                else:
                    stats.add(None, f"{type(exc).__name__}: {str(exc)[:120]}")
            if time.time() >= end:
                break


def phase(url: str, users: int, seconds: float, timeout: float) -> dict:
    """Run `users` people for `seconds` and summarise."""
    stats = Stats()
    with concurrent.futures.ThreadPoolExecutor(users) as pool:
        for f in [pool.submit(user, url, seconds, stats, i, timeout) for i in range(users)]:
            f.result()
    return stats.summary()


def main(argv: list[str] | None = None) -> int:
    """Normal load, then 3x load, then a recovery check; exit 1 on any failed request."""
    parser = argparse.ArgumentParser(prog="python -m evals.load", description=__doc__)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--overload-seconds", type=float, default=30)
    parser.add_argument("--timeout", type=float, default=30, help="seconds a single answer may take")
    args = parser.parse_args(argv)
    port = _free_port()
    env = {
        **os.environ,
        "ASSISTANT_AUDIT_LOG": os.environ.get("ASSISTANT_AUDIT_LOG", "false"),
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    proc = start_app(port, env)
    url = f"http://127.0.0.1:{port}/"
    try:
        phase(url, 2, 3, args.timeout)  # warm up
        before = rss_mb(proc.pid)
        normal = phase(url, args.users, args.seconds, args.timeout)
        after = rss_mb(proc.pid)
        overload = phase(url, args.users * 3, args.overload_seconds, args.timeout)
        recovery = phase(url, 1, 3, args.timeout)
        alive = proc.poll() is None
        report = {
            "users": args.users,
            "seconds": args.seconds,
            "normal": normal,
            "overload_3x": overload,
            "recovery": recovery,
            "rss_mb_before": round(before, 1),
            "rss_mb_after": round(after, 1),
            "rss_mb_after_overload": round(rss_mb(proc.pid), 1) if alive else None,
            "app_alive": alive,
        }
        print(json.dumps(report, indent=2))
        ok = (
            normal["failed"] == 0
            and normal["busy"] == 0
            and overload["failed"] == 0
            and alive
            and recovery["failed"] == 0
            and recovery["ok"] > 0
        )
        return 0 if ok else 1
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    sys.exit(main())
