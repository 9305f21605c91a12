"""Experiment (issues 10-12, dev only): which encoder reads the question with its first word's capital
dropped ("Mennyit keres egy CTO?" -> "mennyit keres egy CTO?"; ``_harness.case_variant`` ``first``).
Modes: ``none`` (both read it as typed), ``dense``, ``sparse``, ``both``. For each: the bench line,
the selector's CV top sentence (20 fold seeds, paired with the first mode given), and the abstention's
CV refusals at 2/4/6% in-scope refused (10 fold seeds, as ``abstention_cv.py``).

    HF_HUB_OFFLINE=1 python docs/experiments/query_initial.py none dense sparse both
"""
import sys

import numpy as np

sys.path.insert(0, "docs/experiments")
from _harness import (abstention_data, abstention_refusals, bench_line, case_variant, encoder_texts,  # noqa: E402
                      refusals_text, selector_cv_line)

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions  # noqa: E402
from qa.retrieval import Engine  # noqa: E402
from qa.stages.abstain import FEATURES as AF, hard_refusal  # noqa: E402

MODE = "both"


def lower_initial(text):
    """The first letter lower-cased when the first word is capitalised and not all capitals."""
    return case_variant(text, "first")


def typed(state):
    return state.embed_text or state.question


def dense_text(state):
    return lower_initial(typed(state)) if MODE in ("dense", "both") else typed(state)


def sparse_text(state):
    return lower_initial(typed(state)) if MODE in ("sparse", "both") else typed(state)


encoder_texts(dense_text, sparse_text)


def abstention_line(eng, dev, label):
    states, Xa, V, ya, ref_labels = abstention_data(eng, dev)
    near = np.array([q.group == "near_domain" for q in dev])
    rule = np.array([hard_refusal(st) for st in states])
    print(label, "abstention", refusals_text(abstention_refusals(Xa, V, ya, ref_labels, AF, rule, near)), flush=True)


eng = Engine.load("corpus", "index")
qs = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
ref = None
for MODE in sys.argv[1:] or ["none", "dense", "sparse", "both"]:
    bench_line(eng, qs, MODE)
    ref = selector_cv_line(eng, [q for q in qs if q.in_scope and q.evidence], MODE, ref)
    abstention_line(eng, qs, MODE)
