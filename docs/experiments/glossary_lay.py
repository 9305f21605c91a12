"""Experiment (issue 11, dev only): everyday words for the glossary, for plain-words questions.

A reviewer who never saw the questions added 3,535 everyday words and phrases to the glossary's 242
concepts, plus 7 concepts (``glossary_lay.tsv``, notes in ``glossary_lay.md``). Used whole in place of
the shipped glossary, fused dev R@5 fell 0.897 -> 0.844 and MRR@10 0.784 -> 0.723 (more synonyms, more
noise in the cross-language translation). Here the everyday words only point: a concept the question
names through them and not through the shipped glossary adds the shipped words, translated for
other-language passages (TRANS) and, weighted lambda, its best same-language word for same-language
passages. Fused ranking (``qa tune``'s score) on dev's in-scope questions, R@5 by group.

    HF_HUB_OFFLINE=1 python docs/experiments/glossary_lay.py 0:0 0:1 0.5:0 0.5:1 1:1   # lambda:TRANS
"""
import sys, numpy as np
sys.path.insert(0, "docs/experiments")
from qa.glossary import Glossary, load_glossary
import qa.stages.gloss as g
from qa.bench.tune import score
from qa.bench.run import judge
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from collections import defaultdict
lay = Glossary.from_tsv(open("docs/experiments/glossary_lay.tsv", encoding="utf-8").read())
base = load_glossary()
NB = len(base.concepts)
LAM, TRANS = 0.0, True
orig_run = g.GlossBM25Retriever.run
def run(self, state):
    orig_run(self, state)
    if LAM <= 0 and not TRANS: return
    named = set(state.named_concepts(self._glossary))
    extra = [n for n in lay.concepts_named(state.terms, state.lang) if n < NB and n not in named]
    if not extra: return
    ranking = dict(state.rankings.get(self.name, []))
    tot = np.zeros(len(self._langs))
    # recompute the shipped scores from scratch
    concepts = self._glossary.translations_of(list(named), state.lang)
    plain = state.bm25(self._bm25).astype(np.float64)
    scores = plain.copy()
    for syns in concepts:
        scores = scores + np.max([self._scores(s) for s in syns], axis=0)
    if TRANS:
        for syns in self._glossary.translations_of(extra, state.lang):
            scores = scores + np.max([self._scores(s) for s in syns], axis=0)
    same = self._langs == state.lang
    scores[same] = plain[same]
    if LAM > 0:
        for n in extra:
            syns = base.concepts[n].words.get(state.lang, ())
            if syns:
                scores[same] += LAM * np.max([self._scores(s) for s in syns], axis=0)[same]
    order = np.argsort(-scores, kind="stable")[: self.depth]
    state.rankings[self.name] = [(int(i), float(scores[i])) for i in order if scores[i] > 0]
g.GlossBM25Retriever.run = run
eng = Engine.load("corpus", "index")
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope]
by = defaultdict(list)
for q in dev: by[q.group].append(q)
for arg in sys.argv[1:]:
    lam, trans = arg.split(":")
    LAM, TRANS = float(lam), trans == "1"
    print(arg, score(eng, dev, judge), {k: round(score(eng, v, judge)["recall@5"], 2) for k, v in sorted(by.items())}, flush=True)
