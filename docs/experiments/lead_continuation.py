"""Dev only (issue 10): show a short lead sentence (<= W words; with ":c" also one ending in a colon)
together with the sentence after it in its passage ("The main difference between a CIO and a CTO
is their focus." + what the focus is), and judge answer@1 on the two.

    HF_HUB_OFFLINE=1 python docs/experiments/lead_continuation.py dev 0 8 10 12 15 8:c
"""
import dataclasses
import sys

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline
from qa.retrieval import Engine
from qa.stages.select import AnswerSelector

split = sys.argv[1]
eng = Engine.load("corpus", "index")
qs = split_questions(load_questions(DEFAULT_QUESTIONS), split)
orig = AnswerSelector.run
fired = []


def run(self, state):
    orig(self, state)
    if not W or not state.sentences:
        return
    lead, t = state.sentences[0], self._table
    if not hasattr(self, "_pos"):
        self._pos = {(self._chunks[int(r)].doc_id, int(s)): j for j, (r, s) in enumerate(zip(t.rows, t.starts))}
    i = self._pos[(lead.doc_id, lead.start)]
    short = self._words[i] <= W or (COLON and lead.text.rstrip().endswith(":"))
    if short and i + 1 < len(t.rows) and t.rows[i + 1] == t.rows[i]:
        text = lead.text + " " + self._texts[i + 1]
        fired.append((state.question, text))
        rest = [s for s in state.sentences[1:] if (s.doc_id, s.start) != (lead.doc_id, int(t.starts[i + 1]))]
        state.sentences = [dataclasses.replace(lead, text=text, end=int(t.ends[i + 1]))] + rest


AnswerSelector.run = run
for arg in sys.argv[2:]:
    W, COLON = int(arg.split(":")[0]), arg.endswith(":c")
    fired.clear()
    h = headline(evaluate(eng, qs, ["hybrid"], k=10)["hybrid"]["summary"])
    print(split, arg, "extended", len(fired), "answer@1", round(h["answer@1"], 3), "answer@3", round(h["answer@3"], 3),
          "in-scope refused", round(h["in_scope_refused"], 3), flush=True)
