"""Soak: over a thousand questions through the real engine and the running app, memory flat."""
from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "qa" / "bench" / "questions.jsonl").open(encoding="utf-8")]


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process in MB (Linux)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def variants(n: int):
    """n distinct questions: the bench set, then numbered variants so no cache can hide a leak."""
    for i in range(n):
        q = QUESTIONS[i % len(QUESTIONS)]
        yield q if i < len(QUESTIONS) else f"{q} ({i})"


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux /proc")
def test_fifteen_hundred_questions_keep_memory_flat():
    from qa.retrieval import Engine

    engine = Engine.load(ROOT / "corpus", ROOT / "index")
    # 1,500 questions (each question's allocations ~4 MB transient), asked from 4 threads as
    # the app's workers do (concurrent questions share e5 batches, which halves the wall time).
    # Measured, RSS every 100 questions: +29 MB over the first 400 (per-thread malloc arenas,
    # the stemmers' word caches filling), then +1.2 MB over the next 400 and +0.6 MB over the
    # 600 after (+3-4 MB per 650 in earlier runs). Since the sparse part (qa/sparse.py: one more
    # thread, with its own OpenMP team, allocating per question) memory settles later: +58 MB by
    # 900 questions, then +9 MB over 2,100 more, slowing (every 300: 2.1, 1.0, 0.7, 0.3, 0.8, 0.2
    # MB with one malloc arena); one thread encoding 4,000 questions alone stays flat. So the
    # windows start after 800. A leak of 20 KB per question adds 7 MB to the last 350 and fails it.
    from concurrent.futures import ThreadPoolExecutor

    qs = list(variants(1500))

    def ask(q: str) -> bool:
        answer = engine.ask(q, k=5)
        return bool(answer.hits or answer.abstained)

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(ask, qs[:800]))  # warm-up: lazily built caches, allocator arenas
        start = rss_mb()
        marks = []
        for part in range(2):
            chunk = qs[800 + part * 350: 800 + (part + 1) * 350]
            assert all(pool.map(ask, chunk))
            marks.append(rss_mb())
    growth = marks[-1] - start
    print(f"RSS after warm-up {start:.0f} MB, then {', '.join(f'{m:.0f}' for m in marks)} MB")
    assert growth < 20, f"memory grew {growth:.1f} MB over {len(qs) - 800} questions"
    assert marks[-1] - marks[0] < 6, f"memory kept climbing: {marks[-1] - marks[0]:.1f} MB over the last 350 questions"


def http_answer(url: str, question: str, session: str) -> str:
    """One answer through the app's public HTTP API as the reply's Markdown, in the client's
    ``session`` as gradio_client sends it (without one, each call is a new Gradio session that
    the server keeps, ~60 KB each, up to its 10,000-session cap). No client library: its own
    per-request cost was 2-3x the server's here."""
    req = urllib.request.Request(url + "gradio_api/call/answer", headers={"Content-Type": "application/json"},
                                 data=json.dumps({"data": [question, 3, "hybrid"], "session_hash": session}).encode())
    with urllib.request.urlopen(req, timeout=60) as resp:
        event_id = json.load(resp)["event_id"]
    with urllib.request.urlopen(f"{url}gradio_api/call/answer/{event_id}", timeout=60) as resp:
        body = resp.read().decode("utf-8")
    for block in body.split("\n\n"):  # server-sent events; heartbeats may come first
        lines = dict(line.split(": ", 1) for line in block.strip().splitlines() if ": " in line)
        if lines.get("event") == "complete":
            return json.loads(lines["data"])[0]
    raise AssertionError(f"no answer in the reply: {body[:300]}")


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux /proc")
def test_app_answers_thirteen_hundred_questions_with_flat_memory():
    """The running app (HTTP API, 4 clients at once): every answer well-formed, server memory flat."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from conftest import start_app

    proc, url = start_app()

    def ask(q: str) -> str:
        return http_answer(url, q, f"soak-{threading.get_ident()}")  # one session per client thread

    try:
        qs = list(variants(1300))
        with ThreadPoolExecutor(4) as pool:
            # Gradio's server settles over its first few hundred requests (~20 MB after 150,
            # ~5 MB in the next 425, measured), and the allocator arenas of the threads that run
            # the sparse part (qa/sparse.py) over its first ~900 (in-process, 4 threads: +58 MB
            # by 900 questions, then +9 MB over 2,100 more; without the sparse part +33 MB, then
            # +2.5 MB; one thread encoding 4,000 questions alone stays flat), so the windows
            # start after 700.
            warm = list(pool.map(ask, qs[:700]))
            start = rss_mb(proc.pid)
            half = list(pool.map(ask, qs[700:1000]))
            middle = rss_mb(proc.pid)
            rest = list(pool.map(ask, qs[1000:]))
            end = rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"app RSS after warm-up {start:.0f} MB, after 1,000 {middle:.0f} MB, after 1,300 {end:.0f} MB")
    answers = warm + half + rest
    assert len(answers) == 1300
    from qa.answer import NOT_COVERED
    from qa.html_view import escape
    from qa.languages import LANGUAGES

    # An answer, a refusal, or the reply to small talk ("hello" is among the bench's questions).
    replies = [escape(rec.ui[kind]) for rec in LANGUAGES.values() for kind in ("greeting", "thanks", "bye")]
    bad = [a for a in answers if "[1]" not in a and not any(m in a for m in NOT_COVERED.values())
           and not any(r in a for r in replies)]
    assert bad == []
    assert end - start < 30, f"app memory grew {end - start:.1f} MB"
    assert end - middle < 15
