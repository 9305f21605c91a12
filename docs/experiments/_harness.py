"""What the experiments of 2026-11-27 print for one setting, in one place: the dev bench line (R@5,
MRR@10, answer@1, R@5 by group), the selector's CV top sentence over 20 fold seeds, paired with a
reference, and the abstention's CV refusals at 2/4/6% in-scope refused; the question-case variants
two scripts share; e5-alone metrics for the query-adapter scripts; accents stripped from a question.
Imported by the scripts beside it (they run from the project root)."""
import re

import numpy as np
from qa.bench.run import _top1, evaluate, headline, selector_cv_scores, selector_rows
from qa.stages.select import FEATURES


def unit(x):
    """Rows of ``x`` scaled to unit length."""
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def adapter_metrics(U, Yp, Ys, P, S) -> str:
    """e5 alone for question vectors ``U``: R@5 and MRR@10 over passages ``P`` (relevance ``Yp``) and
    sentences ``S`` (``Ys``), questions with nothing relevant left out; one line."""
    out = []
    for M, Y in ((P, Yp), (S, Ys)):
        order = np.argsort(-(U @ M.T), 1)
        r5, mrr = [], []
        for o, y in zip(order, Y):
            if y.sum() == 0:
                continue
            hit = y[o] > 0
            r5.append(hit[:5].any())
            f = np.flatnonzero(hit[:10])
            mrr.append(1 / (f[0] + 1) if len(f) else 0)
        out += [np.mean(r5), np.mean(mrr)]
    return "passages R@5 %.3f MRR %.3f | sentences R@5 %.3f MRR %.3f" % tuple(out)


def strip_accents(text: str) -> str:
    """``text`` with every combining mark removed and ``ß`` written ``ss`` (case kept)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def retyped_split_main(script: str, what: str, retype) -> int:
    """The command line of a script that writes a split retyped (``script dev|test OUT.jsonl``):
    ``write_retyped`` with ``retype``, then one line saying how many ``what`` were written."""
    import sys

    if len(sys.argv) != 3 or sys.argv[1] not in ("dev", "test"):
        sys.exit(f"usage: python docs/experiments/{script} dev|test OUT.jsonl")
    part, out = sys.argv[1], sys.argv[2]
    print(f"wrote {write_retyped(part, out, retype)} {what.format(part=part)}, to {out}")
    return 0


def write_retyped(part: str, out: str, retype) -> int:
    """Write the questions of one split of ``qa/bench/questions.jsonl`` as ``retype(question)`` gives
    them (a string, or None to leave the question out), every other field unchanged; returns how many."""
    import json
    from pathlib import Path

    from qa.bench.questions import load_questions

    source = Path("qa/bench/questions.jsonl")
    records = {json.loads(line)["id"]: json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()
               if line.strip()}
    kept = 0
    with open(out, "w", encoding="utf-8") as fh:
        for q in load_questions(source):
            text = retype(q) if q.split == part else None
            if text is not None:
                fh.write(json.dumps(dict(records[q.id], question=text), ensure_ascii=False) + "\n")
                kept += 1
    return kept


def bench_line(eng, questions, label) -> None:
    """One line of the default retriever's figures on ``questions`` as the engine is now."""
    h = headline(evaluate(eng, questions, ["hybrid"], k=10)["hybrid"]["summary"])
    print(label, "R@5", round(h["recall@5"], 3), "MRR", round(h["mrr@10"], 3), "a@1", round(h["answer@1"], 3),
          {k: round(v["recall@5"], 2) for k, v in h["groups"].items()}, flush=True)


def selector_cv_line(eng, in_scope, label, ref=None) -> np.ndarray:
    """The selector refitted in 5-fold CV on ``in_scope`` questions' candidates, 20 fold seeds,
    paired with ``ref``; returns the reference for the next call (``ref``, or these figures when
    it is the first), so every line of a run is paired with its first."""
    X, y, G = selector_rows(eng, in_scope)
    cvs = np.array([_top1(selector_cv_scores(X, y, G, FEATURES, seed=s), y, G) for s in range(20)])
    d = cvs - (cvs if ref is None else ref)
    oracle = np.mean([y[G == g].max() for g in np.unique(G)])
    print(label, f"selector CV {cvs.mean():.3f} (paired {d.mean():+.3f}, better/worse {(d > 0).sum()}/{(d < 0).sum()}), "
                 f"oracle {oracle:.3f}", flush=True)
    return cvs if ref is None else ref


def abstention_refusals(X, V, y, ref_labels, features, rule, near, seeds=range(10), groups=None):
    """The abstention model refitted in 5-fold CV (``qa.bench.run.abstention_cv_probs``), the hard
    rules' refusals (``rule``) applied as shipped; mean over fold seeds of (near-domain refused,
    all out-of-scope refused) at 2, 4 and 6% in-scope refused, then, at 4%, the share refused of
    each boolean mask in ``groups``."""
    from qa.bench.run import abstention_cv_probs

    oos = y == 0
    res = []
    for prob in abstention_cv_probs(X, V, y, ref_labels, features, seeds):
        res.append(refusal_rates(np.where(rule, 0.0, prob), oos, near, groups))
    return np.mean(res, axis=0)


def boosted_ranking_metrics(fused: dict, boost, w: float, relevant) -> tuple:
    """(R@5, MRR@10) of a fused ranking (chunk -> score) after each chunk ``d`` gains ``w * boost[d]``;
    ``relevant[d]`` says whether chunk ``d`` answers. The question-bank experiments share it."""
    fused = dict(fused)
    for d in np.nonzero(boost)[0]:
        fused[int(d)] = fused.get(int(d), 0.0) + w * boost[d]
    rel = [relevant[d] for d in sorted(fused, key=lambda d: -fused[d])[:10]]
    return float(any(rel[:5])), next((1 / (k + 1) for k, x in enumerate(rel) if x), 0.0)


def refusal_rates(prob, oos, near, groups=None) -> list:
    """(near-domain refused, all out-of-scope refused) at the thresholds that refuse 2, 4 and 6% of
    in-scope questions, then, at 4%, the share refused of each boolean mask in ``groups``."""
    row, extra = [], []
    for rate in (0.02, 0.04, 0.06):
        t = max([t for t in np.arange(0.05, 0.951, 0.01) if (prob[~oos] < t).mean() <= rate] or [0.05])
        row += [(prob[near] < t).mean(), (prob[oos] < t).mean()]
        if rate == 0.04:
            extra = [(prob[m] < t).mean() for m in (groups or [])]
    return row + extra


def refusals_text(r) -> str:
    """``abstention_refusals``' first six figures as one line."""
    return "near/oos refused at 2%%: %.3f/%.3f  4%%: %.3f/%.3f  6%%: %.3f/%.3f" % tuple(r[:6])


def case_variant(text: str, mode: str) -> str:
    """The question as typed (``typed``), its first letter lower-cased when the first word is
    capitalised and not all capitals (``first``), or every word but all-capital ones lower-cased
    (``lower``)."""
    if mode == "first":
        m = re.match(r"\s*([^\W\d_])([^\W\d_]*)", text)
        if m and m.group(1).isupper() and not (m.group(2) and m.group(2).isupper()):
            return text[:m.start(1)] + m.group(1).lower() + text[m.end(1):]
        return text
    if mode == "lower":
        return re.sub(r"[^\W\d_]+", lambda w: w.group(0) if w.group(0).isupper() and len(w.group(0)) > 1
                      else w.group(0).lower(), text)
    return text


def abstention_data(eng, questions):
    """``qa.bench.run.abstention_rows`` for ``questions``, with the engine's knn references put back
    afterwards (``abstention_rows`` turns them off, and a bench line run after it would then answer
    without the knn signal)."""
    from qa.bench.run import abstention_rows

    stage = eng.retrievers[eng.default].stage("abstain")
    refs = stage.refs
    try:
        return abstention_rows(eng, questions)
    finally:
        stage.refs = refs


def dev_abstention():
    """The dev split's abstention rows as ``calibrate`` makes them, and the masks the abstention
    experiments share: a namespace with ``dev`` (the questions), ``eng``, ``states``, ``X`` (the
    signals), ``V`` (e5 vectors), ``y`` (1 = answerable), ``refs`` (knn reference labels as
    shipped), ``near``, ``oos``, ``far`` (out of scope, not near-domain), ``rule`` (the hard
    refusals as shipped) and ``langs`` (each question's detected language)."""
    from types import SimpleNamespace

    from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
    from qa.retrieval import Engine
    from qa.stages.abstain import hard_refusal

    dev = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
    eng = Engine.load("corpus", "index")
    states, X, V, y, refs = abstention_data(eng, dev)
    near = np.array([q.group == "near_domain" for q in dev])
    oos = y == 0
    return SimpleNamespace(dev=dev, eng=eng, states=states, X=X, V=V, y=y, refs=refs, near=near, oos=oos,
                           far=oos & ~near, rule=np.array([hard_refusal(st) for st in states]),
                           langs=np.array([st.lang for st in states]))


def dev_selector_rows(extra):
    """The dev split's in-scope candidate sentences (``qa.bench.run.selector_rows``), each row with
    ``extra(question, state, selector, i, row)`` appended: (engine, X, y, G)."""
    from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
    from qa.retrieval import Engine

    eng = Engine.load("corpus", "index")
    dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
    return (eng, *selector_rows(eng, dev, extra))


def feature_cv(X, y, G, names, variants, seeds=20) -> None:
    """Print the selector's CV top sentence on the shipped features (the first ``len(FEATURES)``
    columns of ``X``), then for each ``(label, extra column indices)`` of ``variants`` with those
    columns added, paired with the shipped figure over ``seeds`` fold seeds."""
    base = list(range(len(FEATURES)))

    def cv(cols):
        return np.array([_top1(selector_cv_scores(X[:, cols], y, G, tuple(names[c] for c in cols), seed=s), y, G)
                         for s in range(seeds)])

    ref = cv(base)
    print(f"shipped: {ref.mean():.3f}", flush=True)
    for label, extra in variants:
        r = cv(base + list(extra))
        d = r - ref
        print(f"{label}: {r.mean():.3f} (paired {d.mean():+.3f}; seeds better/worse {(d > 0).sum()}/{(d < 0).sum()})",
              flush=True)


def encoder_texts(dense, sparse) -> None:
    """Make the encoders read other texts than the question: ``dense(state)`` for the dense
    vectors (``QueryState.vector``), ``sparse(state)`` for the sparse pass."""
    import qa.stages.sparse as sp
    from qa.stages.base import QueryState

    def vector(self, key, embedder):
        if key not in self.vectors:
            self.vectors[key] = embedder.embed_queries([dense(self)])
        return self.vectors[key]

    def start_pass(state, encoder):
        if "sparse" not in state.pending and state.sparse_vector is None and "sparse_skipped" not in state.signals:
            state.pending["sparse"] = (0.0, encoder.submit(sparse(state)))

    QueryState.vector = vector
    sp.start_pass = start_pass

