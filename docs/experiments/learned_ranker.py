"""Experiment (issue 11, dev only): a learned passage ranker over the first N fused candidates.

A conditional logit with features from every retriever part (scores and ranks), language, lexical
and section overlap, amounts asked vs numbers given, roles; 5-fold CV within dev (mean of 5 seeds),
then end to end: each question re-ranked by a ranker fitted without its fold, followed by the shipped
dedup, diversity, selector and abstention.

    HF_HUB_OFFLINE=1 python docs/experiments/learned_ranker.py N L2 [FEATURE_TO_DROP ...]
"""
import math, re, sys
import numpy as np
from qa.retrieval import Engine
from qa.question import clean_question
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import judge, _cv_folds
from qa.bench import metrics as M
from qa.logistic import fit_conditional
from qa.key_terms import roles_named as _roles
from qa.stages.select import _terms_all
from qa.languages import LANGUAGES, get as language

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20
L2 = float(sys.argv[2]) if len(sys.argv) > 2 else 0.01
drop = set(sys.argv[3:])
eng = Engine.load("corpus", "index")
pipe = eng.retrievers[eng.default]
chunks = eng.store.chunks
cterms = [_terms_all(c.text) for c in chunks]
sterms = [_terms_all(c.section or "") for c in chunks]
croles = [_roles(c.text) for c in chunks]
NUM = re.compile(r"\d")
W = re.compile(r"[^\W_]+")
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
NAMES = ["fused", "fused_rank", "e5", "e5_rank", "bm25", "bm25_rank", "sent", "sent_rank", "same_lang", "lex",
         "sec_lex", "log_words", "amount_num", "role_match", "role_other", "fused_gap"]
cols = [i for i, n in enumerate(NAMES) if n not in drop]
X, Y, G, groups = [], [], [], []
for n, q in enumerate(dev):
    st = eng.context(clean_question(q.question), k=10)
    pipe.run(st, until="fuse")
    cands = st.ranking[:N]
    parts = {p: {r: (s, i) for i, (r, s) in enumerate(st.rankings.get(p, []))} for p in ("e5", "bm25", "e5_sent")}
    qt = _terms_all(st.question)
    words = [w.lower() for w in W.findall(st.question)]
    amount = any("amount" in language(c).cue_types(words) for c in LANGUAGES)
    qroles = _roles(st.question)
    top = cands[0][1] if cands else 0
    for rank, (row, fs) in enumerate(cands):
        f = [fs, math.log1p(rank)]
        for p, depth in (("e5", 50), ("bm25", 50), ("e5_sent", 50)):
            d = parts[p]
            if row in d:
                s, i = d[row]
                best = max(v[0] for v in d.values())
                f += [s if p != "bm25" else s / (best or 1), math.log1p(i)]
            else:
                lo = min((v[0] for v in d.values()), default=0.0)
                f += [lo if p != "bm25" else 0.0, math.log1p(depth)]
        c = chunks[row]
        f += [float(c.lang == st.lang), len(qt & cterms[row]) / max(len(qt), 1), len(qt & sterms[row]) / max(len(qt), 1),
              math.log1p(len(c.text.split())), float(amount and bool(NUM.search(c.text))),
              float(bool(qroles & croles[row])), float(bool(qroles) and bool(croles[row]) and not (qroles & croles[row])),
              top - fs]
        X.append(f); Y.append(judge(q, c)); G.append(n)
    groups.append(q.group)
X, Y, G = np.array(X, float), np.array(Y, float), np.array(G)
Xc = X[:, cols]
names = tuple(NAMES[i] for i in cols)

def metrics(order_scores):
    r5, mrr, per = [], [], {}
    for g in np.unique(G):
        m = G == g
        rels = Y[m][np.argsort(-order_scores[m], kind="stable")].astype(int).tolist()
        r5.append(M.recall_at_k(rels, 5)); mrr.append(M.mrr_at_k(rels, 10))
        per.setdefault(groups[g], []).append(M.recall_at_k(rels, 5))
    return np.mean(r5), np.mean(mrr), {k: round(np.mean(v), 2) for k, v in per.items()}

base = metrics(-np.concatenate([np.arange((G == g).sum()) for g in np.unique(G)]).astype(float))
print("fused order: R@5 %.3f MRR@10 %.3f" % base[:2], base[2])
qids = np.unique(G)


def cv_scores(seed):
    """Every candidate's score from a ranker fitted without its question's fold."""
    score = np.zeros(len(Y))
    for tr, te in _cv_folds(len(qids), seed=seed):
        trm = np.isin(G, qids[tr]); tem = np.isin(G, qids[te])
        model = fit_conditional(Xc[trm], Y[trm], G[trm], names, l2=L2)
        score[tem] = ((Xc[tem] - np.array(model.mean)) / np.array(model.std)) @ np.array(model.weights)
    return score


def perq(order_scores):
    """Per question: (R@5, RR@10, R@3, R@1) of the candidates ordered by ``order_scores``."""
    out = {}
    for g in np.unique(G):
        m = G == g
        rels = Y[m][np.argsort(-order_scores[m], kind="stable")].astype(int).tolist()
        out[g] = (M.recall_at_k(rels, 5), M.mrr_at_k(rels, 10), M.recall_at_k(rels, 3), M.recall_at_k(rels, 1))
    return out


scores = [cv_scores(seed) for seed in range(5)]
res = [metrics(s) for s in scores]
print(f"learned (N={N}, l2={L2}, drop={sorted(drop)}): R@5 %.3f MRR@10 %.3f" % (np.mean([r[0] for r in res]), np.mean([r[1] for r in res])), res[0][2])
model = fit_conditional(Xc, Y, G, names, l2=L2)
print({n: round(w, 2) for n, w in zip(names, model.weights)})
# Paired, per question, fused order vs learned (counts averaged over the 5 seeds).
b = perq(-np.concatenate([np.arange((G == g).sum()) for g in np.unique(G)]).astype(float))
per_seed = [perq(s) for s in scores]
for j, name in ((0, "R@5"), (1, "RR@10"), (2, "R@3"), (3, "R@1")):
    up = sum(sum(l[g][j] > b[g][j] + 1e-9 for g in b) for l in per_seed) / 5
    dn = sum(sum(l[g][j] < b[g][j] - 1e-9 for g in b) for l in per_seed) / 5
    print(f"{name}: fused {np.mean([b[g][j] for g in b]):.3f}; learned better on {up:.1f} questions, worse on {dn:.1f}")

# End to end on dev: each question's passages re-ranked by a ranker fitted without its fold,
# then dedup -> diversity -> select -> abstain as shipped (selector/abstention as shipped).
if True:  # always
    from qa.bench.run import answer_flags
    from qa.stages import base as B
    from qa.types import Answer, Hit
    order_of = {}
    for tr, te in _cv_folds(len(qids), seed=0):
        trm = np.isin(G, qids[tr])
        model = fit_conditional(Xc[trm], Y[trm], G[trm], names, l2=L2)
        for g in qids[te]:
            m = G == g
            order_of[g] = ((Xc[m] - np.array(model.mean)) / np.array(model.std)) @ np.array(model.weights)
    post = [s for s in pipe.stages if s.name in ("dedup", "diversity", "select", "abstain")]
    tot = {"base": [], "rerank": []}
    for n, q in enumerate(dev):
        for mode in ("base", "rerank"):
            st = eng.context(clean_question(q.question), k=10)
            pipe.run(st, until="fuse")
            if mode == "rerank":
                top = st.ranking[:N]
                sc = order_of[n]
                o = np.argsort(-sc, kind="stable")
                st.ranking = [(top[i][0], top[i][1]) for i in o] + st.ranking[N:]
            for s in post:
                s.run(st)
            hits = tuple(Hit(eng.store.chunks[r], float(sco), i) for i, (r, sco) in enumerate(st.hits, 1))
            ans = Answer(q.question, hits, st.abstained, st.confidence, st.lang, sentences=tuple(st.sentences), reason=st.reason)
            f = answer_flags(q, ans, eng)
            rels = [judge(q, h.chunk) for h in hits]
            tot[mode].append((f["answer@1"], f["answer@3"], f["oracle"], M.recall_at_k(rels, 5), M.mrr_at_k(rels, 10), float(st.abstained)))
    for mode, rows in tot.items():
        print(mode, "a@1 %.3f a@3 %.3f oracle %.3f R@5 %.3f MRR %.3f refused %.3f" % tuple(np.mean(rows, axis=0)))
