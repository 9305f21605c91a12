"""Median warm time of the abstention and selection stages and of the whole question, over the
first 150 questions of the set asked twice (10 warm-ups first). Run it in two checkouts one after
the other, alternating, to compare a change's cost on the same machine in the same minutes:

    HF_HUB_OFFLINE=1 python docs/experiments/stage_time.py LABEL
"""
import json
import statistics
import sys

from qa.bench.questions import DEFAULT_QUESTIONS
from qa.retrieval import Engine

engine = Engine.load("corpus", "index")
questions = [json.loads(line)["question"] for line in open(DEFAULT_QUESTIONS, encoding="utf-8")][:150]
for q in questions[:10]:
    engine.ask(q)
times: dict[str, list[float]] = {"abstain": [], "select": [], "total": []}
for _ in range(2):
    for q in questions:
        answer = engine.ask(q)
        for stage, values in times.items():
            values.append(answer.timings_ms.get(stage, 0.0))
print(sys.argv[1] if len(sys.argv) > 1 else "", {k: round(statistics.median(v), 3) for k, v in times.items()})
