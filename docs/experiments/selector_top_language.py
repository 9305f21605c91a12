"""Experiment (issue 10, dev only): follow retrieval's language decision in the selector.

A cross-lingual question's answer sentence is in another language than the question, and the
selector's ``same_lang`` feature pulls the other way. Adds ``top_lang`` (the sentence is in the
language of the top-ranked passage) and ``top_lang_other`` (that language is not the question's,
and the sentence is in it), and compares the selector's 5-fold CV top sentence, mean of 10 fold
seeds, overall and on the cross-lingual group.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_top_language.py
"""
import numpy as np

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import _top1, answers, selector_cv_scores
from qa.retrieval import Engine
from qa.stages.select import FEATURES

eng = Engine.load("corpus", "index")
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
sel = eng.retrievers[eng.default].stage("select")
tab = eng.store.sentences
X, y, G, groups = [], [], [], []
for n, q in enumerate(dev):
    st = eng.run(q.question, k=eng.settings.select_passages)
    idx, feats, _ = sel.features(st)
    top_lang = eng.store.chunks[st.hits[0][0]].lang if st.hits else st.lang
    for j, i in enumerate(idx):
        s_lang = eng.store.chunks[int(tab.rows[i])].lang
        extra = [float(s_lang == top_lang), float(top_lang != st.lang and s_lang == top_lang)]
        X.append(np.concatenate([feats[j], extra]))
        y.append(float(answers(q, sel._texts[i])))
        G.append(n)
    groups.append(q.group)
X, y, G = np.array(X), np.array(y), np.array(G)
names = list(FEATURES) + ["top_lang", "top_lang_other"]
xl = np.array([groups[g] == "crosslingual" for g in G])


def cv(cols):
    allr, xlr = [], []
    for seed in range(10):
        s = selector_cv_scores(X[:, cols], y, G, tuple(names[c] for c in cols), seed=seed)
        allr.append(_top1(s, y, G))
        xlr.append(_top1(s[xl], y[xl], G[xl]))
    return np.mean(allr), np.mean(xlr)


base = list(range(len(FEATURES)))
for label, cols in (("shipped", base), ("+ top_lang", base + [len(FEATURES)]),
                    ("+ top_lang_other", base + [len(FEATURES) + 1]), ("+ both", base + [len(FEATURES), len(FEATURES) + 1])):
    a, b = cv(cols)
    print(f"{label}: CV top sentence {a:.3f}; cross-lingual {b:.3f} ({int(xl.any() and len(np.unique(G[xl])))} questions)", flush=True)
