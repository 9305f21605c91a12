"""Experiment (issues 10/11, dev only): long questions embedded by their question sentence.

A long question ("We are a 40-person startup. ... Which of the two roles fits us?") is mostly
context; e5 embeds all of it. Here, for a question of at least MIN_WORDS words and two or more
sentences, the e5 vector is built from its focus (the last sentence with a "?", else the last
sentence): ``full`` (shipped), ``focus`` (the focus alone) or ``mean`` (normalised sum of both
vectors). BM25 and the selector's word overlap still read the whole question.

    HF_HUB_OFFLINE=1 python docs/experiments/long_focus.py dev 25
"""
from __future__ import annotations

import re
import sys

import numpy as np

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline
from qa.retrieval import Engine
from qa.stages.base import QueryState

split = sys.argv[1]
MIN_WORDS = int(sys.argv[2]) if len(sys.argv) > 2 else 25
eng = Engine.load("corpus", "index")
qs = split_questions(load_questions(DEFAULT_QUESTIONS), split)
_SENT = re.compile(r"[^.!?]+[.!?]*")


def focus(text: str) -> str | None:
    if len(text.split()) < MIN_WORDS:
        return None
    parts = [p.strip() for p in _SENT.findall(text) if len(p.split()) >= 2]
    if len(parts) < 2:
        return None
    asks = [p for p in parts if p.endswith("?")]
    return asks[-1] if asks else parts[-1]


orig = QueryState.vector
MODE = "full"


def vector(self, key, embedder):
    if key not in self.vectors:
        text = self.embed_text or self.question
        f = focus(text)
        if MODE == "full" or f is None:
            return orig(self, key, embedder)
        vf = embedder.embed_queries([f])
        if MODE == "focus":
            self.vectors[key] = vf
        else:
            v = embedder.embed_queries([text]) + vf
            self.vectors[key] = v / np.linalg.norm(v, axis=-1, keepdims=True)
    return self.vectors[key]


QueryState.vector = vector
print("questions with a focus:", sum(focus(q.question) is not None for q in qs if q.in_scope), "of", sum(q.in_scope for q in qs))
for MODE in ("full", "focus", "mean"):
    r = evaluate(eng, qs, ["hybrid"], k=10)["hybrid"]
    h = headline(r["summary"]); g = h["groups"]
    ab = r["summary"]["abstention"]
    print(split, MODE, "R@5", h["recall@5"], "MRR", h["mrr@10"], "a@1", h.get("answer@1"), "a@3", h.get("answer@3"),
          "long", {k: g["long"][k] for k in ("recall@5", "answer@1")}, flush=True)
