"""Soak: thousands of questions through the real engine and the running app, memory flat."""
from __future__ import annotations

import json
import os
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
def test_three_thousand_questions_keep_memory_flat():
    from qa.retrieval import Engine

    engine = Engine.load(ROOT / "corpus", ROOT / "index")
    qs = list(variants(3000))
    for q in qs[:300]:  # warm-up: lazily built caches, allocator arenas
        engine.ask(q, k=5)
    start = rss_mb()
    marks = []
    for i, q in enumerate(qs[300:], start=1):
        answer = engine.ask(q, k=5)
        assert answer.hits or answer.abstained
        if i % 900 == 0:
            marks.append(rss_mb())
    growth = marks[-1] - start
    print(f"RSS after warm-up {start:.0f} MB, then {', '.join(f'{m:.0f}' for m in marks)} MB")
    assert growth < 25, f"memory grew {growth:.1f} MB over {len(qs) - 300} questions"
    assert marks[-1] - marks[0] < 10  # and the growth is not a steady climb
