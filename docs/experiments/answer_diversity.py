"""Dev only: answer sentences 2 and 3 from other passages than the lead (at most M per passage)."""
import sys
import numpy as np
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline
from qa.stages.select import AnswerSelector, softmax_scores, FEATURES
from qa.types import AnswerSentence
split = sys.argv[1]
eng = Engine.load("corpus", "index")
qs = split_questions(load_questions(DEFAULT_QUESTIONS), split)
orig = AnswerSelector.run
def run(self, state):
    orig(self, state)
    if not PER:
        return
    idx, X, ranks = self.features(state)
    if not len(idx) or self.model is None:
        return
    prob = softmax_scores(self.model, X)
    order = np.argsort(-prob, kind="stable")
    out, per = [], {}
    for j in order:
        r = ranks[j]
        if per.get(r, 0) >= PER and len(out) > 0:
            continue
        per[r] = per.get(r, 0) + 1
        i = idx[j]; row = int(self._table.rows[i])
        out.append(AnswerSentence(self._texts[i], self._chunks[row].doc_id, int(self._table.starts[i]), int(self._table.ends[i]), float(prob[j]), r, self._context[i]))
        if len(out) == self._keep:
            break
    state.sentences = out
AnswerSelector.run = run
for PER in [int(x) for x in sys.argv[2:]]:
    r = evaluate(eng, qs, ["hybrid"], k=10)["hybrid"]
    h = headline(r["summary"]); g = h["groups"]
    print(split, PER, "a@1", round(h["answer@1"], 3), "a@3", round(h["answer@3"], 3), "oracle", round(r["summary"]["overall"]["oracle"], 3), "refused", h["in_scope_refused"], h["near_domain_refused"], flush=True)
