"""Experiment (issues 10 and 11, dev only): noise augmentation for the query adapter.

Typo questions written blind (batch 8: "ki felel az ugyfelelmenyert a cegnel", "wer is eigentlich dafür
zustendig …") fail far more often than the synthetic ones the adapter learns from, 7% of which are typo
questions. Here every answered synthetic question also enters training as a noised copy, the way people
type in a chat box: lower case, no question mark, accents dropped (German and Hungarian; ä, ö, ü, ß as
a, o, u, ss), and with probability P one word of five letters or more with two neighbouring letters
swapped (seeded). The copies go through the pipeline like the originals (term repair and accents put
back where a word is known), then the adapter is fitted on both, with the shipped settings. Prints e5
alone on dev (the questions as the pipeline embeds them), overall and for the typo and plain groups.

    HF_HUB_OFFLINE=1 python docs/experiments/adapter_noise.py [P ...]
"""
import random
import sys
from dataclasses import replace

import numpy as np
from _harness import adapter_metrics, strip_accents, unit

from qa.adapter import fit_adapter
from qa.bench.questions import DEFAULT_QUESTIONS, DEFAULT_SYNTHETIC, load_questions, split_questions
from qa.bench.run import adapter_rows
from qa.retrieval import Engine
from qa.settings import Settings

probs = [float(a) for a in sys.argv[1:]] or [0.5]
eng = Engine.load("corpus", "index", settings=Settings().with_overrides(query_adapter=False))
store = eng.store
idx = store.dense["e5"]
P = idx.reconstruct_n(0, idx.ntotal).astype(np.float64)
S = store.sentences.vectors.astype(np.float64)


def noised(q, rng: random.Random, p: float):
    t = q.question.lower().replace("?", "").strip()
    if q.lang in ("de", "hu"):
        t = strip_accents(t)
    words = t.split()
    long_ones = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if long_ones and rng.random() < p:
        i = rng.choice(long_ones)
        w = words[i]
        j = rng.randrange(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return replace(q, id=q.id + "-noised", question=" ".join(words))


dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
groups = {"all": dev, "typo": [q for q in dev if q.group == "typo"], "plain": [q for q in dev if q.group == "plain"]}
rows = {g: adapter_rows(eng, qs) for g, qs in groups.items()}
syn = [q for q in load_questions(DEFAULT_SYNTHETIC) if q.in_scope and q.evidence]
Qs, Yps, Yss = adapter_rows(eng, syn)
print(f"{len(Qs)} synthetic training rows", flush=True)


def report(label, A):
    for g, (Q, Yp, Ys) in rows.items():
        print(f"{label} | {g} ({len(Q)}): {adapter_metrics(unit(Q + Q @ A.T), Yp, Ys, P, S)}", flush=True)


report("shipped recipe", fit_adapter(Qs, P, S, Yps, Yss).astype(np.float64))
for p in probs:
    rng = random.Random(0)
    Qn, Ypn, Ysn = adapter_rows(eng, [noised(q, rng, p) for q in syn])
    report(f"+ noised copies (swap p {p:g})", fit_adapter(np.vstack([Qs, Qn]), P, S, np.vstack([Yps, Ypn]),
                                                          np.vstack([Yss, Ysn])).astype(np.float64))
