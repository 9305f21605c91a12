"""Abstention's knn signal with the synthetic questions as extra references, dev only (5-fold CV, 10
fold seeds; a dev question's references are the training folds' dev questions plus the fixed
synthetic ones, never itself). The synthetic in-scope questions (``qa/bench/synthetic.jsonl``) are
answerable references; a file of synthetic near-domain questions (written blind from the articles,
each checked unanswered by all five) gives unanswerable ones.

* ``base``: as shipped (dev references only);
* ``in``: + synthetic in-scope questions as answerable references;
* ``in+near``: + synthetic near-domain ones as unanswerable references;
* ``syn_ruled``: ``syn`` without the near-domain references the hard rules refuse (as dev's);
* ``syn_enn`` / ``syn_enn_out``: ``syn_ruled`` with Wilson editing (a reference whose 5 nearest other
  references mostly carry the other label is dropped; all references, or near-domain ones only);
* ``syn``: the shipped knn, plus a second column ``knn_syn``: the same margin over the synthetic
  references alone.

    HF_HUB_OFFLINE=1 python docs/experiments/abstention_synthetic_refs.py [NEAR_FILE [MODE[:K] ...]]

NEAR_FILE ``synthetic``: the near-domain rows of ``qa/bench/synthetic.jsonl`` (round 4).
"""
import sys

import numpy as np
from _harness import dev_abstention, refusal_rates, refusals_text

from qa.bench.questions import DEFAULT_SYNTHETIC, load_questions
from qa.bench.run import _cv_folds
from qa.logistic import fit
from qa.stages.abstain import FEATURES as AF, KNN, centred, language_means
from qa.bench.run import question_vectors

d = dev_abstention()
eng = d.eng
raw_dev, langs_dev = question_vectors(d.states)
means = language_means(raw_dev, langs_dev)


def embed(texts):
    states = [eng.run(t, k=5, small_talk_reply=False, until="e5") for t in texts]
    raw, langs = question_vectors(states)
    return centred(raw, langs, means)


syn_in = [q.question for q in load_questions(DEFAULT_SYNTHETIC) if q.in_scope]
S_in = embed(syn_in)
near_file = sys.argv[1] if len(sys.argv) > 1 else None
S_out = np.zeros((0, S_in.shape[1]), np.float32)
if near_file:
    import json
    near_q = ([q.question for q in load_questions(DEFAULT_SYNTHETIC) if not q.in_scope] if near_file == "synthetic" else
              [json.loads(line)["question"] for line in open(near_file, encoding="utf-8") if line.strip()])
    S_out = embed(near_q)
    # As calibrate treats dev's: a near-domain question the hard rules refuse (out of reach) is no reference.
    near_ruled = np.array([bool(eng.run(t, k=5, small_talk_reply=False).signals.get("out_of_reach")) for t in near_q])
print(f"dev {len(d.y)} questions; synthetic refs: {len(S_in)} answerable, {len(S_out)} unanswerable", flush=True)


def margin(vec, refs, labels, k=KNN):
    sims = refs @ vec
    ins, outs = np.sort(sims[labels == 1])[::-1], np.sort(sims[labels == 0])[::-1]
    if not len(ins) or not len(outs):
        return 0.0
    return float(ins[:k].mean() - outs[:k].mean())


def run(mode, seeds=range(10), k=KNN):
    kcol = AF.index("knn")
    ext_V = np.vstack([S_in, S_out]) if mode != "base" else np.zeros((0, d.V.shape[1]), np.float32)
    ext_y = np.concatenate([np.ones(len(S_in)), np.zeros(len(S_out))]) if mode != "base" else np.zeros(0)
    if mode == "in":
        ext_V, ext_y = S_in, np.ones(len(S_in))
    syn_col = None
    if mode.startswith("syn"):
        ext_V, ext_y = np.zeros((0, d.V.shape[1]), np.float32), np.zeros(0)
        outs = S_out[~near_ruled] if mode.startswith("syn_ruled") or mode.startswith("syn_enn") else S_out
        R, L = np.vstack([S_in, outs]), np.concatenate([np.ones(len(S_in)), np.zeros(len(outs))])
        if mode.startswith("syn_enn"):
            # Wilson's edited nearest neighbours: a reference whose 5 nearest other references mostly carry
            # the other label sits where e5 does not separate the two and is dropped (``syn_enn_out``:
            # near-domain references only).
            G = R @ R.T
            np.fill_diagonal(G, -np.inf)
            nn = np.argsort(-G, 1)[:, :5]
            wrong = (L[nn] != L[:, None]).sum(1) >= 3
            if mode == "syn_enn_out":
                wrong &= L == 0
            print(f"  edited out: {int((wrong & (L == 1)).sum())} answered, {int((wrong & (L == 0)).sum())} near-domain")
            R, L = R[~wrong], L[~wrong]
        syn_col = np.array([margin(v, R, L, k) for v in d.V])
    # The shipped rows carry knn_syn already (``abstention_rows``): zeroed (a constant the fit ignores)
    # for the modes without it, replaced by this mode's for the others.
    scol = AF.index("knn_syn")
    X0 = d.X.copy()
    X0[:, scol] = 0.0 if syn_col is None else syn_col
    oos, res = d.y == 0, []
    for seed in seeds:
        prob = np.zeros(len(d.y))
        for train, test in _cv_folds(len(d.y), seed=seed):
            X = X0.copy()
            in_train = np.zeros(len(d.y), bool)
            in_train[train] = True
            for i in range(len(d.y)):
                keep = in_train.copy()
                keep[i] = False
                keep &= d.refs >= 0
                refs = np.vstack([d.V[keep], ext_V])
                labels = np.concatenate([d.refs[keep], ext_y])
                X[i, kcol] = margin(d.V[i], refs, labels)
            model = fit(X[train], d.y[train], AF)
            prob[test] = model.probability(X[test])
        res.append(refusal_rates(np.where(d.rule, 0.0, prob), oos, d.near))
    print(f"{mode:8s}" + (f" k={k}" if k != KNN else ""), refusals_text(np.mean(res, axis=0)), flush=True)


modes = sys.argv[2:] or ["base", "in"] + (["in+near", "syn", "syn_ruled"] if near_file else [])
for mode in modes:  # "syn_ruled:10": knn_syn over the 10 nearest of each kind
    name, _, k = mode.partition(":")
    run(name, k=int(k) if k else KNN)
