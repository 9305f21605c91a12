"""Dev only (issue 10: "a comparison question may get one sentence per role"). When the question names
both the CIO and the CTO and the lead sentence speaks of one of them only (its first-named role, and no
contrast word such as "while"/"während"/"míg"), the best candidate whose first-named role is the other
one becomes answer sentence 2, if its selector probability is at least R times the lead's.

    HF_HUB_OFFLINE=1 python docs/experiments/comparison_pair.py dev 0 0.05 0.1 0.2 0.4
"""
import sys

import numpy as np

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline
from qa.key_terms import roles_named
from qa.retrieval import Engine
from qa.stages.select import AnswerSelector

split = sys.argv[1]
eng = Engine.load("corpus", "index")
qs = split_questions(load_questions(DEFAULT_QUESTIONS), split)
orig = AnswerSelector.run
fired = []


def run(self, state):
    orig(self, state)
    if R is None or len(state.sentences) < 2 or not {"cio", "cto"} <= roles_named(state.question):
        return
    lead = state.sentences[0]
    pos = {(self._chunks[int(r)].doc_id, int(s)): j for j, (r, s) in enumerate(zip(self._table.rows, self._table.starts))}
    i0 = pos[(lead.doc_id, lead.start)]
    r0 = self._first_role[i0]
    if r0 not in ("cio", "cto") or self._contrast[i0]:
        return
    other = "cto" if r0 == "cio" else "cio"
    idx, X, ranks = self.features(state)
    from qa.logistic import softmax_scores
    prob = softmax_scores(self.model, X)
    order = np.argsort(-prob, kind="stable")
    best = next((j for j in order if self._first_role[idx[j]] == other), None)
    if best is None or prob[best] < R * lead.score:
        return
    i = idx[best]
    if any((s.doc_id, s.start) == (self._chunks[int(self._table.rows[i])].doc_id, int(self._table.starts[i])) for s in state.sentences[1:2]):
        return
    from qa.types import AnswerSentence
    row = int(self._table.rows[i])
    new = AnswerSentence(self._texts[i], self._chunks[row].doc_id, int(self._table.starts[i]), int(self._table.ends[i]),
                         float(prob[best]), ranks[best], self._context[i])
    rest = [s for s in state.sentences[1:] if (s.doc_id, s.start) != (new.doc_id, new.start)]
    state.sentences = [lead, new] + rest[: self._keep - 2]
    fired.append(state.question)


AnswerSelector.run = run
for arg in sys.argv[2:]:
    R = None if arg == "off" else float(arg)
    fired.clear()
    r = evaluate(eng, qs, ["hybrid"], k=10)["hybrid"]
    h = headline(r["summary"]); g = r["summary"]["groups"]["comparison"]
    print(split, arg, "fired", len(fired), "answer@1", round(h["answer@1"], 3), "answer@3", round(h["answer@3"], 3),
          "comparison answer@1/@3", round(g["answer@1"], 3), round(g["answer@3"], 3), flush=True)
