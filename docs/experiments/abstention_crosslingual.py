"""Experiment (issue 12, dev only): cross-lingual answers get lower abstention confidence (an e5
cosine across languages runs lower than within one: "Wie viel verdient ein CTO?", answered by the
English salary sentence, was marked unsure while its English and Hungarian twins were not). Added
as an eleventh abstention signal: ``xling``, the first passage is in another language than the
question; or ``xling_lead``, the lead sentence is. 5-fold CV over 10 fold seeds, as
``abstention_cv.py``, plus in-scope questions marked unsure or refused by group at 4% in-scope
refused.

    HF_HUB_OFFLINE=1 python docs/experiments/abstention_crosslingual.py
"""
import sys

import numpy as np

sys.path.insert(0, "docs/experiments")
from _harness import abstention_refusals, refusals_text  # noqa: E402

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions  # noqa: E402
from qa.bench.run import abstention_rows  # noqa: E402
from qa.retrieval import Engine  # noqa: E402
from qa.stages.abstain import FEATURES as AF, hard_refusal  # noqa: E402

dev = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
eng = Engine.load("corpus", "index")
states, Xa, V, ya, ref_labels = abstention_rows(eng, dev)
chunks = eng.store.chunks
lang_of_doc = {c.doc_id: c.lang for c in chunks}
xl = np.array([float(bool(st.hits) and chunks[st.hits[0][0]].lang != st.lang) for st in states])
xl_lead = np.array([float(bool(st.sentences) and lang_of_doc[st.sentences[0].doc_id] != st.lang) for st in states])
near = np.array([q.group == "near_domain" for q in dev])
oos = ya == 0
xgroup = np.array([q.group == "crosslingual" for q in dev])
rule = np.array([hard_refusal(st) for st in states])
print(f"first passage in another language: in-scope {xl[~oos].mean():.2f}, near-domain {xl[near].mean():.2f}, "
      f"far {xl[oos & ~near].mean():.2f}")
for name, extra in (("shipped", None), ("xling", xl[:, None]), ("xling_lead", xl_lead[:, None])):
    X = Xa if extra is None else np.hstack([Xa, extra])
    feats = AF + (() if extra is None else (name,))
    r = abstention_refusals(X, V, ya, ref_labels, feats, rule, near, groups=[xgroup])
    print(f"{name}: {refusals_text(r)} (cross-lingual in-scope refused at 4%: {r[6]:.3f})", flush=True)
