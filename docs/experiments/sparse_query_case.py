"""Experiment (issue 11, dev only): e5's tokenizer is cased, so "Mennyit keres egy CTO?" and
"mennyit keres egy CTO?" rank differently (the first is refused, the second answered with the
salary sentence). Lower-casing the question for the dense pass moved more passages than first
sentences (query_case.py); here only the *sparse* pass reads the variant (no extra pass, the dense
vector and the selector's cosine unchanged):

* ``typed``: as typed (shipped);
* ``first``: the first letter lower-cased when the first word is capitalised and not all capitals;
* ``lower``: every word lower-cased except all-capital ones (CIO, CTO, IT, MBA).

    HF_HUB_OFFLINE=1 python docs/experiments/sparse_query_case.py [cv]
"""
from __future__ import annotations

import sys

sys.path.insert(0, "docs/experiments")
from _harness import bench_line, case_variant, selector_cv_line  # noqa: E402

import qa.stages.sparse as sp  # noqa: E402
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions  # noqa: E402
from qa.retrieval import Engine  # noqa: E402

eng = Engine.load("corpus", "index")
qs = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
MODE = "typed"


def variant(text: str) -> str:
    return case_variant(text, MODE)


class _Wrapped:
    def __init__(self, enc):
        self.enc = enc

    def submit(self, text):
        return self.enc.submit(variant(text))


_orig = sp.start_pass


def start_pass(state, encoder):
    _orig(state, _Wrapped(encoder))


sp.start_pass = start_pass
ref = None
for MODE in ("typed", "first", "lower"):
    bench_line(eng, qs, MODE)
    if "cv" in sys.argv[1:]:
        ref = selector_cv_line(eng, [q for q in qs if q.in_scope and q.evidence], MODE, ref)
