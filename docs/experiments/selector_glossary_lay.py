"""Experiment (issue 10, dev only): the everyday-words glossary (``glossary_lay.tsv``) in the selector: the
share of the question's concepts, named through it, that a sentence names (``lay_match``), beside or
instead of ``gloss_match``. 5-fold CV within dev, 20 fold seeds.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_glossary_lay.py
"""
import sys, numpy as np
sys.path.insert(0, "docs/experiments")
from _harness import dev_selector_rows, feature_cv
from qa.stages.select import FEATURES
from qa.glossary import Glossary
from qa.language import analyze
lay = Glossary.from_tsv(open("docs/experiments/glossary_lay.tsv", encoding="utf-8").read())
sent_c = {}
q_c = {}
def extra(q, st, sel, i, row):
    if i not in sent_c:
        r = int(sel._table.rows[i]); lang = sel._chunks[r].lang
        sent_c[i] = frozenset(lay.concepts_named(analyze(sel._texts[i], lang), lang))
    if st.question not in q_c:
        q_c[st.question] = frozenset(lay.concepts_named(st.terms, st.lang))
    qc = q_c[st.question]
    return [len(qc & sent_c[i]) / len(qc) if qc else 0.0]
eng, X, y, G = dev_selector_rows(extra)
n = len(FEATURES)
names = tuple(FEATURES) + ("lay_match",)
gm = FEATURES.index("gloss_match")
feature_cv(X, y, G, names, [("+lay_match", [n])])
# replace gloss_match by lay_match
import numpy as np
from qa.bench.run import _top1, selector_cv_scores
cols = [c for c in range(n) if c != gm] + [n]
r = np.array([_top1(selector_cv_scores(X[:, cols], y, G, tuple(names[c] for c in cols), seed=s), y, G) for s in range(20)])
print("lay_match instead of gloss_match:", r.mean().round(3))
