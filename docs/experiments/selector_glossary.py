"""Experiment (issue 10, dev only): the domain glossary (``qa/glossary.tsv``) in the answer selector.

``gloss_match`` (adopted; the script now measures the shipped features without it): the share of the concepts the question names (in its language) that the sentence
names too, in any language ("Kinek jelent a CTO?" and "the CTO typically reports to the owner");
``gloss_other``: the same, counted only when the sentence is in another language than the question.
5-fold CV within dev, 20 fold seeds, paired against the shipped features.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_glossary.py [GLOSSARY.tsv]
"""
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from _harness import dev_selector_rows  # noqa: E402

from qa.glossary import Glossary, load_glossary  # noqa: E402
from qa.language import analyze  # noqa: E402
from qa.bench.run import _top1, selector_cv_scores  # noqa: E402
from qa.stages.select import FEATURES  # noqa: E402

glossary = Glossary.from_tsv(Path(sys.argv[1]).read_text(encoding="utf-8")) if len(sys.argv) > 1 else load_glossary()
sent_concepts: dict = {}


def extra(q, st, sel, i, row):
    lang_s = sel._chunks[int(sel._table.rows[i])].lang
    if i not in sent_concepts:
        sent_concepts[i] = set(glossary.concepts_named(analyze(sel._texts[i], lang_s), lang_s))
    asked = set(glossary.concepts_named(st.terms, st.lang))
    share = len(asked & sent_concepts[i]) / len(asked) if asked else 0.0
    return [share, share * float(lang_s != st.lang)]


eng, X, y, G = dev_selector_rows(extra)
n = len(FEATURES)
names = tuple(FEATURES) + ("gloss_match_x", "gloss_other")
without = [c for c in range(n) if FEATURES[c] != "gloss_match"]


def cv(cols):
    return np.array([_top1(selector_cv_scores(X[:, cols], y, G, tuple(names[c] for c in cols), seed=s), y, G)
                     for s in range(20)])


ref = cv(without)
print(f"shipped features without gloss_match: {ref.mean():.3f}", flush=True)
for label, cols in (("+ gloss_match", without + [n]), ("+ gloss_other", without + [n + 1]),
                    ("+ both", without + [n, n + 1])):
    r = cv(cols)
    d = r - ref
    print(f"{label}: {r.mean():.3f} (paired {d.mean():+.3f}; seeds better/worse {(d > 0).sum()}/{(d < 0).sum()})", flush=True)
