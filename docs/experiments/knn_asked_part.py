"""The knn signals (``knn``, ``knn_syn``) on what a question asks: a question with context sentences
("We are a 25-person accounting firm in Graz. Do we need a full-time CIO?") embedded without them
(``qa.key_terms.asked_part``), for the question and for its references alike. Dev only, 5-fold CV over
10 fold seeds, hard rules as shipped; also the share refused of in-scope questions with context.

    HF_HUB_OFFLINE=1 python docs/experiments/knn_asked_part.py
"""
import numpy as np
from _harness import dev_abstention, refusal_rates, refusals_text

from qa.bench.questions import DEFAULT_SYNTHETIC, load_questions
from qa.bench.run import abstention_cv_probs, question_vectors, synthetic_vectors
from qa.key_terms import asked_part, context_spans
from qa.stages.abstain import FEATURES as AF, centred, knn_margin, language_means

d = dev_abstention()
eng = d.eng
emb = eng.retrievers[eng.default].stage("abstain")._embedder
syn_q = load_questions(DEFAULT_SYNTHETIC)
raw_syn, langs_syn, y_syn = synthetic_vectors(eng, syn_q)
# the questions synthetic_vectors kept, in its order (answered in-scope, then unanswerable not ruled)
kept_in = [q for q in syn_q if q.in_scope]
ruled = {q.id for q in syn_q if not q.in_scope
         and eng.run(q.question, k=3, small_talk_reply=False).signals.get("out_of_reach")}
kept = kept_in + [q for q in syn_q if not q.in_scope and q.id not in ruled]
assert len(kept) == len(y_syn)
raw_dev, langs_dev = question_vectors(d.states)


def asked_vectors(texts, raw):
    out = raw.copy()
    n = 0
    for i, t in enumerate(texts):
        if context_spans(t):
            out[i] = emb.embed_queries([" ".join(asked_part(t).split())])[0]
            n += 1
    return out, n


dev_texts = [st.embed_text or st.question for st in d.states]
raw_dev_a, n_dev = asked_vectors(dev_texts, raw_dev)
raw_syn_a, n_syn = asked_vectors([q.question for q in kept], raw_syn)
has_ctx = np.array([bool(context_spans(t)) for t in dev_texts])
print(f"questions with context: dev {n_dev} ({(has_ctx & (d.y == 1)).sum()} in scope), synthetic {n_syn}", flush=True)


def run(label, raw_d, raw_s, seeds=range(10)):
    means = language_means(raw_d, langs_dev)
    V = centred(raw_d, langs_dev, means)
    S = centred(raw_s, langs_syn, means).astype(np.float16).astype(np.float32)
    X = d.X.copy()
    X[:, AF.index("knn_syn")] = [knn_margin(v, S, y_syn) for v in V]
    oos, res, ctx = d.y == 0, [], []
    for prob in abstention_cv_probs(X, V, d.y, d.refs, AF, seeds):  # knn refitted per fold, as calibrate does
        row = refusal_rates(np.where(d.rule, 0.0, prob), oos, d.near, [has_ctx & ~oos])
        res.append(row[:6])
        ctx.append(row[6])
    print(f"{label:10s}", refusals_text(np.mean(res, axis=0)), f" in-scope with context refused at 4%: {np.mean(ctx):.3f}",
          flush=True)


run("whole", raw_dev, raw_syn)
run("asked", raw_dev_a, raw_syn_a)
