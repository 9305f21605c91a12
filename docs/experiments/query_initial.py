"""Experiment (issues 10-12, dev only): which encoder reads the question with its first word's capital
dropped (``qa.question.lower_initial``: "Mennyit keres egy CTO?" -> "mennyit keres egy CTO?").
Modes: ``none`` (both read it as typed), ``dense``, ``sparse``, ``both``. For each: the bench line,
the selector's CV top sentence (20 fold seeds, paired with the first mode given), and the abstention's
CV refusals at 2/4/6% in-scope refused (10 fold seeds, as ``abstention_cv.py``).

    HF_HUB_OFFLINE=1 python docs/experiments/query_initial.py none dense sparse both
"""
import sys

import numpy as np

sys.path.insert(0, "docs/experiments")
from _harness import bench_line, selector_cv_line  # noqa: E402

import qa.stages.sparse as sp  # noqa: E402
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions  # noqa: E402
from qa.bench.run import abstention_cv_probs, abstention_rows  # noqa: E402
from qa.question import lower_initial  # noqa: E402
from qa.retrieval import Engine  # noqa: E402
from qa.stages.abstain import FEATURES as AF  # noqa: E402
from qa.stages.base import QueryState  # noqa: E402

MODE = "both"


def typed(state):
    return state.embed_text or state.question


def dense_text(state):
    return lower_initial(typed(state)) if MODE in ("dense", "both") else typed(state)


def vector(self, key, embedder):
    if key not in self.vectors:
        self.vectors[key] = embedder.embed_queries([dense_text(self)])
    return self.vectors[key]


def start_pass(state, encoder):
    if "sparse" not in state.pending and state.sparse_vector is None and "sparse_skipped" not in state.signals:
        text = lower_initial(typed(state)) if MODE in ("sparse", "both") else typed(state)
        state.pending["sparse"] = (0.0, encoder.submit(text))


QueryState.vector = vector
sp.start_pass = start_pass


def abstention_line(eng, dev, label):
    states, Xa, V, ya, _ = abstention_rows(eng, dev)
    labels = ya.astype(np.int8)
    near = np.array([q.group == "near_domain" for q in dev])
    oos = ya == 0
    rule = np.array([bool(st.signals.get("out_of_reach")) for st in states])
    ref_labels = np.where((labels == 0) & rule, -1, labels).astype(np.int8)
    res = []
    for prob in abstention_cv_probs(Xa, V, ya, ref_labels, AF, range(10)):
        prob = np.where(rule, 0.0, prob)
        row = []
        for rate in (0.02, 0.04, 0.06):
            t = max([t for t in np.arange(0.05, 0.951, 0.01) if (prob[~oos] < t).mean() <= rate] or [0.05])
            row += [(prob[near] < t).mean(), (prob[oos] < t).mean()]
        res.append(row)
    print(label, "abstention near/oos refused at 2%%: %.3f/%.3f  4%%: %.3f/%.3f  6%%: %.3f/%.3f" % tuple(np.mean(res, axis=0)),
          flush=True)


eng = Engine.load("corpus", "index")
qs = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
ref = None
for MODE in sys.argv[1:] or ["none", "dense", "sparse", "both"]:
    bench_line(eng, qs, MODE)
    ref = selector_cv_line(eng, [q for q in qs if q.in_scope and q.evidence], MODE, ref)
    abstention_line(eng, qs, MODE)
