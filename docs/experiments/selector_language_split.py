"""Experiment (issue 10, dev only): the selector's language features split by the question's language.

The fitted selector weighs ``same_lang`` (the sentence is in the question's language) negatively:
for an English question, a German or Hungarian passage that fusion still ranks in the first seven
usually answers. Here: same_lang for English questions only (same_lang_en), an English sentence
(sent_en), an English sentence for a German or Hungarian question (sent_en_q_other). 5-fold CV
within dev, 20 fold seeds.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_language_split.py
"""
import sys, numpy as np
sys.path.insert(0, "docs/experiments")
from _harness import dev_selector_rows, feature_cv
from qa.stages.select import FEATURES
SL = FEATURES.index("same_lang")
def extra(q, st, sel, i, row):
    en = st.lang == "en"
    s_lang = sel._chunks[int(sel._table.rows[i])].lang
    return [row[SL] * en, row[SL] * (not en), float(s_lang == "en"), float(s_lang == "en") * (not en)]
eng, X, y, G = dev_selector_rows(extra)
n = len(FEATURES)
names = tuple(FEATURES) + ("same_lang_en", "same_lang_other", "sent_en", "sent_en_q_other")
feature_cv(X, y, G, names, [("+same_lang_en", [n]), ("+sent_en", [n+2]), ("+sent_en_q_other", [n+3]), ("+same_lang_en,sent_en_q_other", [n, n+3])])
