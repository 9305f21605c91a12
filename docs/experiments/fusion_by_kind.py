"""Dev only (issue 11): fusion weights that depend on the kind of question, known from the question
alone at run time (never from its bench group), against the shipped fixed weights.

Every in-scope dev question runs through `hybrid` once up to the fusion stage; its five parts'
rankings (the per-part score lists) are kept in memory. A grid over the BM25, `sparse` and
`sparse_sent` weights (e5 and e5_sent stay at 1.0) is then re-fused from them, with the shipped
dedup and language-diversity stages, for every question. Per-kind weights are fitted on 4/5 of
dev (each kind's best grid point by MRR@10 + R@5 on its training questions, as `qa tune` scores;
ties go to the point nearest the shipped weights) and measured on the held-out fifth: 5 folds x
SEEDS (default 20) fold seeds, paired per question with the shipped weights. answer@1 re-runs the shipped
selector and abstention on each held-out question's passages (the selector was fitted on dev with
the shipped weights, so answer@1 favours them slightly).

Kinds (all observable from the question and the parts' rankings before fusion):
  global    one kind: the fixed weights refitted in CV (a control: is any gain from the kinds?)
  length    short (<= 4 words, no "?") / question / long (>= 25 words)
  xling     most parts (>= 3 of 5) rank first a passage in another language than the question's
  coverage  share of the question's analysed terms (after term repair) in BM25's vocabulary
            (the abstention's `coverage`) < 1 or = 1
  pre-cov   coverage before term repair < 1 (or term repair changed a word) or not
  cov3      coverage = 1 / >= 0.5 / < 0.5
  cov<t     coverage < t or not, t chosen in each training fold from COV_T (by the training objective)
  len+cov   length x coverage (6 kinds)
  nested    the rule (any of the above, guarded or not) chosen inside each training fold by an inner
            5-fold CV on it: the honest figure for "pick the best rule on dev"
Each rule also in a guarded form (suffix "/g"): a kind keeps the shipped weights unless its best grid
point beats them on its training questions by at least GUARD (summed MRR@10 + R@5, about one question).

    HF_HUB_OFFLINE=1 python docs/experiments/fusion_by_kind.py [SEEDS]
"""
import copy
import itertools
import re
import sys
import time
from types import SimpleNamespace

import numpy as np

from qa.bench import metrics as M
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import answers, evaluate, headline, judge
from qa.fusion import weighted
from qa.question import clean_question
from qa.retrieval import Engine
from qa.small_talk import small_talk, without_small_talk

SEEDS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
GRID = {"bm25": (0.2, 0.4, 0.6, 0.9, 1.2, 1.6), "sparse": (0.5, 1.0, 1.5, 2.0), "sparse_sent": (0.0, 0.15, 0.3, 0.6)}
GUARD = 1.0
COV_T = (0.34, 0.5, 0.67, 0.75, 1.0)
K = 10

t0 = time.perf_counter()
eng = Engine.load("corpus", "index")
pipe = eng.retrievers["hybrid"]
fuse, dedup, diversity = pipe.stage("fuse"), pipe.stage("dedup"), pipe.stage("diversity")
select, abstain = pipe.stage("select"), pipe.stage("abstain")
parts = list(fuse.parts)
shipped = dict(zip(parts, fuse.weights))
assert set(GRID) <= set(parts) and len(parts) == 5, parts
langs = [c.lang for c in eng.store.chunks]
vocab = abstain._vocab
qs = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
n = len(qs)

# The shipped figures through the bench's own path (Engine.ask), to check the re-fusion against.
ref = evaluate(eng, qs, ["hybrid"], k=K)["hybrid"]
h = headline(ref["summary"])
print(f"bench (Engine.ask): R@5 {h['recall@5']:.3f} MRR@10 {h['mrr@10']:.3f} answer@1 {h['answer@1']:.3f} "
      f"over {n} dev questions", flush=True)
ref_rows = {r["id"]: r for r in ref["questions"]}

# --- one pass per question up to the fusion: rankings of the five parts, and the question's kinds
snaps, relsets, feats = [], [], []
for q in qs:
    text = clean_question(q.question)
    assert small_talk(text) is None, q.id
    pre = eng.context(without_small_talk(text), K)
    pre_terms = list(pre.terms)
    st = pipe.run(pre, until="fuse")
    assert "sparse_skipped" not in st.signals and all(p in st.rankings for p in parts), (q.id, st.signals)
    snaps.append(st)
    relsets.append({row for row, c in enumerate(eng.store.chunks) if judge(q, c)})
    words = re.findall(r"\w+", st.question)
    tops = [langs[st.rankings[p][0][0]] for p in parts if st.rankings[p]]
    feats.append({
        "words": len(words), "qmark": "?" in st.question,
        "other_first": sum(lg != st.lang for lg in tops),
        "coverage": sum(t in vocab for t in st.terms) / len(st.terms) if st.terms else 0.0,
        "pre_cov": sum(t in vocab for t in pre_terms) / len(pre_terms) if pre_terms else 0.0,
        "repaired": bool(st.signals.get("repaired")),  # a word was repaired
    })
print(f"cached {n} questions' part rankings in {time.perf_counter() - t0:.0f} s", flush=True)


def length_kind(f):
    return "short" if f["words"] <= 4 and not f["qmark"] else "long" if f["words"] >= 25 else "question"


RULES = {
    "global": lambda f: "all",
    "length": length_kind,
    "xling": lambda f: "other" if f["other_first"] >= 3 else "same",
    "coverage": lambda f: "full" if f["coverage"] >= 1.0 else "partial",
    "pre-cov": lambda f: "partial" if f["repaired"] or f["pre_cov"] < 1.0 else "full",
    "cov3": lambda f: "full" if f["coverage"] >= 1.0 else "mid" if f["coverage"] >= 0.5 else "low",
    "len+cov": lambda f: length_kind(f) + ("/full" if f["coverage"] >= 1.0 else "/partial"),
}
kinds = {r: [fn(f) for f in feats] for r, fn in RULES.items()}
# A family of rules, one of them chosen inside each training fold.
FAMILIES = {r: [kinds[r]] for r in RULES}
FAMILIES["cov<t"] = [["low" if f["coverage"] < t else "high" for f in feats] for t in COV_T]
groups = [q.group for q in qs]
print("\nkinds by bench group (counts):")
for r in RULES:
    if r in ("global", "pre-cov", "len+cov"):
        continue
    for kv in sorted(set(kinds[r])):
        g = {}
        for i in range(n):
            if kinds[r][i] == kv:
                g[groups[i]] = g.get(groups[i], 0) + 1
        print(f"  {r}={kv} ({sum(g.values())}): " + ", ".join(f"{k} {v}" for k, v in sorted(g.items(), key=lambda x: -x[1])))

# --- the grid: every question re-fused at every grid point (dedup and diversity as shipped)
configs = [dict(shipped, bm25=b, sparse=s, sparse_sent=ss) for b, s, ss in itertools.product(*GRID.values())]
c0 = next(j for j, c in enumerate(configs) if all(abs(c[p] - shipped[p]) < 1e-9 for p in parts))
dist = np.array([sum(abs(c[p] - shipped[p]) for p in GRID) for c in configs])


def passages(st, w):
    fused = weighted([st.rankings[p] for p in parts], [w[p] for p in parts])
    tmp = SimpleNamespace(ranking=fused, k=K, hits=[])
    dedup.run(tmp)
    diversity.run(tmp)
    return fused, tmp.hits


t1 = time.perf_counter()
R5 = np.zeros((n, len(configs)))
RR = np.zeros((n, len(configs)))
for i, st in enumerate(snaps):
    for j, w in enumerate(configs):
        _, hits = passages(st, w)
        rels = [int(row in relsets[i]) for row, _ in hits]
        R5[i, j], RR[i, j] = M.recall_at_k(rels, 5), M.mrr_at_k(rels, 10)
OBJ = R5 + RR
print(f"\ngrid: {len(configs)} weight settings x {n} questions re-fused in {time.perf_counter() - t1:.0f} s", flush=True)
# The re-fusion at the shipped weights must give what the bench gave.
same = sum([h_[0] for h_ in passages(snaps[i], configs[c0])[1]] == [
    next(k for k, c in enumerate(eng.store.chunks) if c.chunk_id == cid) for cid in ref_rows[q.id]["ranked"]]
    for i, q in enumerate(qs))
print(f"re-fusion at the shipped weights: same {K} passages as the bench for {same} of {n} questions; "
      f"R@5 {R5[:, c0].mean():.3f} MRR@10 {RR[:, c0].mean():.3f}", flush=True)

_a1: dict = {}


def answer1(i, j):
    """answer@1 of question i with grid point j: the shipped selector and abstention on its passages."""
    if (i, j) not in _a1:
        snap = snaps[i]
        st = copy.copy(snap)
        st.signals = dict(snap.signals)
        st.timings, st.pending, st.sentences = {}, {}, []
        st.abstained, st.unsure, st.confidence, st.reason = False, False, 1.0, ""
        st.ranking, st.hits = passages(snap, configs[j])
        select.run(st)
        abstain.run(st)
        _a1[(i, j)] = float(not st.abstained and bool(st.sentences) and answers(qs[i], st.sentences[0].text))
    return _a1[(i, j)]


A1_0 = np.array([answer1(i, c0) for i in range(n)])
bench_a1 = np.array([ref_rows[q.id]["answer@1"] for q in qs])
print(f"answer@1 at the shipped weights: {A1_0.mean():.3f} (bench {bench_a1.mean():.3f}; "
      f"{int((A1_0 != bench_a1).sum())} questions differ)", flush=True)


def fit(train, kind_of, guard):
    """Grid point per kind from the training questions (best summed objective, nearest to shipped on ties)."""
    chosen = {}
    for kv in set(kind_of[i] for i in train):
        idx = [i for i in train if kind_of[i] == kv]
        tot = OBJ[idx].sum(axis=0)
        best = max(range(len(configs)), key=lambda j: (round(tot[j], 9), -dist[j]))
        if guard and tot[best] - tot[c0] < GUARD:
            best = c0
        chosen[kv] = best
    return chosen


def fit_family(train, family, guard):
    """The rule of ``family`` whose fitted weights score best on ``train``, and its weights per kind."""
    best = None
    for kind_of in family:
        chosen = fit(train, kind_of, guard)
        score = sum(OBJ[i, chosen[kind_of[i]]] for i in train)
        if best is None or score > best[0] + 1e-9:
            best = (score, kind_of, chosen)
    return best[1], best[2]


def cv_picks(train, test, family, guard):
    kind_of, chosen = fit_family(train, family, guard)
    return {i: chosen.get(kind_of[i], c0) for i in test}  # a kind absent from training: shipped


def cross_validate(family, guard, nested=False):
    """Held-out grid point per question and fold seed: array (SEEDS, n). ``nested``: the rule and
    guard are chosen per training fold by an inner 5-fold CV over every (family, guard)."""
    pick = np.zeros((SEEDS, n), int)
    chosen_rules = {}
    for s in range(SEEDS):
        rng = np.random.default_rng(s)
        for f in np.array_split(rng.permutation(n), 5):
            test = set(f.tolist())
            train = [i for i in range(n) if i not in test]
            if nested:
                scores = {}
                inner = np.array_split(rng.permutation(train), 5)
                for name, fam in FAMILIES.items():
                    for g in (False, True):
                        tot = 0.0
                        for fi in inner:
                            itest = set(fi.tolist())
                            got = cv_picks([i for i in train if i not in itest], itest, fam, g)
                            tot += sum(OBJ[i, j] for i, j in got.items())
                        scores[(name, g)] = tot
                name, guard = max(scores, key=lambda k: (round(scores[k], 9), k == ("global", False)))
                family = FAMILIES[name]
                chosen_rules[name + ("/g" if guard else "")] = chosen_rules.get(name + ("/g" if guard else ""), 0) + 1
            for i, j in cv_picks(train, test, family, guard).items():
                pick[s, i] = j
    if nested:
        print("  nested: rules chosen (of %d training folds): " % (5 * SEEDS)
              + ", ".join(f"{k} {v}" for k, v in sorted(chosen_rules.items(), key=lambda x: -x[1])), flush=True)
    return pick


order = [g for g in ("english", "paraphrase", "plain", "keyword", "typo", "long", "german", "hungarian",
                     "crosslingual", "comparison") if g in groups]
gidx = {g: [i for i in range(n) if groups[i] == g] for g in order}
print(f"\n5-fold CV x {SEEDS} fold seeds, {n} dev questions; per-question figures averaged over seeds. "
      "d: paired against the shipped weights; vs global: against the fixed weights refitted in the same folds")
print(f"{'rule':<12}{'R@5':>7}{'MRR@10':>8}{'a@1':>7}   {'dR@5':>7}{'dMRR':>7}{'da@1':>7}  q better/worse (MRR, R@5, a@1)"
      f"  seeds b/w   | vs global: {'dR@5':>7}{'dMRR':>7}{'da@1':>7}  q b/w MRR  seeds b/w")
print(f"{'shipped':<12}{R5[:, c0].mean():>7.3f}{RR[:, c0].mean():>8.3f}{A1_0.mean():>7.3f}")
group_lines = {"shipped": (R5[:, c0], RR[:, c0], A1_0)}
rows = np.arange(n)
glob = None
for r in list(FAMILIES) + ["nested"]:
    for guard in (False, True):
        if r in ("global", "nested") and guard:
            continue
        label = r + ("/g" if guard else "")
        pick = cross_validate(FAMILIES.get(r), guard, nested=r == "nested")
        r5s = np.array([R5[rows, pick[s]] for s in range(SEEDS)])
        rrs = np.array([RR[rows, pick[s]] for s in range(SEEDS)])
        a1s = np.array([[answer1(i, pick[s, i]) for i in range(n)] for s in range(SEEDS)])
        r5, rr, a1 = r5s.mean(0), rrs.mean(0), a1s.mean(0)
        if glob is None:
            glob = (r5s, rrs, a1s)
        d5, dr, da = r5 - R5[:, c0], rr - RR[:, c0], a1 - A1_0
        seed_d = (r5s + rrs).mean(1) - OBJ[:, c0].mean()
        g5, gr, ga = r5 - glob[0].mean(0), rr - glob[1].mean(0), a1 - glob[2].mean(0)
        gseed = (r5s + rrs).mean(1) - (glob[0] + glob[1]).mean(1)
        print(f"{label:<12}{r5.mean():>7.3f}{rr.mean():>8.3f}{a1.mean():>7.3f}   {d5.mean():>+7.3f}{dr.mean():>+7.3f}"
              f"{da.mean():>+7.3f}  {(dr > 1e-9).sum()}/{(dr < -1e-9).sum()}, {(d5 > 1e-9).sum()}/{(d5 < -1e-9).sum()}, "
              f"{(da > 1e-9).sum()}/{(da < -1e-9).sum()}"
              f"  {(seed_d > 1e-9).sum()}/{(seed_d < -1e-9).sum()}   | {g5.mean():>+7.3f}{gr.mean():>+7.3f}{ga.mean():>+7.3f}"
              f"  {(gr > 1e-9).sum()}/{(gr < -1e-9).sum()}  {(gseed > 1e-9).sum()}/{(gseed < -1e-9).sum()}", flush=True)
        group_lines[label] = (r5, rr, a1)

for name, k in (("R@5", 0), ("MRR@10", 1), ("answer@1", 2)):
    print(f"\n{name} by bench group (CV means; n per group in brackets):")
    print(f"{'rule':<12}" + "".join(f"{g[:10] + '(' + str(len(gidx[g])) + ')':>16}" for g in order))
    for label, vals in group_lines.items():
        print(f"{label:<12}" + "".join(f"{vals[k][gidx[g]].mean():>16.3f}" for g in order))

print("\nfitted on all dev (what each rule would ship; in-sample figures):")
for r in RULES:
    chosen = fit(list(range(n)), kinds[r], False)
    for kv, j in sorted(chosen.items()):
        idx = [i for i in range(n) if kinds[r][i] == kv]
        w = configs[j]
        print(f"  {r}={kv} ({len(idx)}): bm25 {w['bm25']}, sparse {w['sparse']}, sparse_sent {w['sparse_sent']}; "
              f"R@5 {R5[idx, c0].mean():.3f} -> {R5[idx, j].mean():.3f}, MRR@10 {RR[idx, c0].mean():.3f} -> "
              f"{RR[idx, j].mean():.3f}")
print(f"\ndone in {time.perf_counter() - t0:.0f} s")
